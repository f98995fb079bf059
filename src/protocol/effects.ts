/** Small helpers for machine effects and steps, shared by sender.ts and viewer.ts (internal). */

import type { Effect, MessageHeader, Step } from './machine';
import { type Handshake, takeRemote } from './handshake';
import type { Body, IceCandidateInit, PeerInfo } from './messages';

/** `send` effect helper. */
export function send(body: Body): Effect {
  return { type: 'send', body };
}

/** The close-peer effect. */
export function closePeer(): Effect {
  return { type: 'close-peer' };
}

/** A bye 'left' broadcast effect. */
export function sayBye(): Effect {
  return { type: 'send', body: { t: 'bye', reason: 'left' } };
}

/** The optional `message` of an error state, as a spreadable object. */
export function withMessage(message: string | undefined): { message?: string } {
  return message === undefined ? {} : { message };
}

/** A step that changes nothing. */
export function unchanged<S>(state: S): Step<S> {
  return { state, effects: [] };
}

/**
 * True when an envelope comes from `peer`: its session and its key (the opener checks
 * PeerInfo.device against the signer, so a session id alone proves nothing).
 */
export function isFrom(header: MessageHeader, peer: PeerInfo): boolean {
  return header.from === peer.session && header.key === peer.device;
}

/** True when an event's offer id (absent: the current connection's) is offer `current`. */
export function isCurrentOffer(o: number | undefined, current: number): boolean {
  return o === undefined || o === current;
}

/**
 * A remote candidate or end of candidates for offer `o`, taken once: the step that applies it, or
 * `s` unchanged for a repeat, another offer or no handshake (both machines: the peer re-sends them).
 */
export function applyRemote<S extends { handshake?: Handshake }>(
  s: S,
  body: { t: 'ice'; candidate: IceCandidateInit } | { t: 'eoc' },
  o: number,
): Step<S> {
  const h = s.handshake;
  const next = h?.o === o ? takeRemote(h, body) : undefined;
  if (!next) return unchanged(s);
  const apply: Effect =
    body.t === 'ice' ? { type: 'apply-ice', candidate: body.candidate, o } : { type: 'apply-eoc', o };
  return { state: { ...s, handshake: next }, effects: [apply] };
}
