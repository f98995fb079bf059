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
 * True when an envelope comes from `peer`: its session, and its key when the header names one
 * (the opener checks PeerInfo.device against the signer, so a session id alone proves nothing).
 */
export function isFrom(header: MessageHeader, peer: PeerInfo): boolean {
  return header.from === peer.session && (header.key === undefined || header.key === peer.device);
}

/** True when a PeerInfo describes the envelope's own signer (a claim about itself). */
export function isSelfDescribed(header: MessageHeader, peer: PeerInfo): boolean {
  return isFrom(header, peer);
}

/**
 * True when a message's offer id belongs to the connection of offer `current`. An absent id is
 * taken as the current one: peers of the first v2 draft did not send ids.
 */
export function isCurrentOffer(o: number | undefined, current: number): boolean {
  return o === undefined || o === current;
}
