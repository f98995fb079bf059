/**
 * How the sender's machine leaves a viewer or its role: refusing a claim (busy), a rival sender
 * (another tab of this device), dropping the viewer, entering 'error'. Used by sender.ts.
 */

import { decideRival, isSettled } from './admission';
import { closePeer, sayBye, send, unchanged, withMessage } from './effects';
import type { Effect, ErrorReason, SenderState, Step } from './machine';
import type { PeerInfo } from './messages';

/** A busy for `peer` (none without a peer). */
export function refuse(peer: PeerInfo | undefined): Effect[] {
  return peer ? [send({ t: 'busy', to: peer.session })] : [];
}

/** Another sender announced itself (with the room's key: another tab of this device). */
export function onRival(s: SenderState, rival: PeerInfo, now: number): Step<SenderState> {
  const settled = isSettled(s.self, now, s.viewer?.connected === true);
  switch (decideRival(s.self, settled, rival)) {
    case 'replaced':
      return toError(s, 'replaced', undefined, []);
    case 'yield':
      return yieldBusy(s);
    case 'refuse':
      return { state: s, effects: refuse(rival) };
    case 'ignore':
      return unchanged(s);
  }
}

/** Lost the sender role to a rival: error 'busy'; a viewer we may have offered to hears bye. */
export function yieldBusy(s: SenderState): Step<SenderState> {
  return toError(s, 'busy', undefined, s.viewer ? [sayBye()] : []);
}

/** Forgets the viewer (effects first, then close-peer); back to waiting. */
export function dropViewer(s: SenderState, before: Effect[]): Step<SenderState> {
  const next: SenderState = { ...s, state: 'waiting' };
  delete next.viewer;
  delete next.offer;
  delete next.handshake;
  return { state: next, effects: [...before, closePeer()] };
}

/** Enters 'error': `before` effects, then close-peer; the viewer and the waiting list are forgotten. */
export function toError(
  s: SenderState,
  reason: ErrorReason,
  message: string | undefined,
  before: Effect[],
): Step<SenderState> {
  const next: SenderState = { ...s, state: 'error', reason, waiting: [], ...withMessage(message) };
  delete next.viewer;
  delete next.offer;
  delete next.handshake;
  if (message === undefined) delete next.message;
  return { state: next, effects: [...before, closePeer()] };
}
