/** Small constructors for machine effects and steps, shared by sender.ts and viewer.ts (internal). */

import type { Effect, Step } from './machine';
import type { Body } from './messages';

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
