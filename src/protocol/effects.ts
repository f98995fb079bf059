/** Small helpers for machine effects and steps, shared by sender.ts and viewer.ts (internal). */

import type { Effect, MessageHeader, Step } from './machine';
import type { Body, PeerInfo } from './messages';

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
