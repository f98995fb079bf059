/**
 * The sender's state machine (docs/ARCHITECTURE.md §4.4): INIT → WAITING (no viewer) →
 * ACTIVE (viewer connected) ↔ WAITING; ERROR. The sender is the authority for the viewer slot:
 * it negotiates with one admitted viewer only, and answers a viewer's hello directly with an
 * offer (the offer is the welcome). After 'stop' the machine is back in 'init' and silent until
 * the next 'start'.
 */

import { decideRival, decideSlot, isSettled } from './admission';
import type { EnvelopeHeader } from './envelope';
import { closePeer, sayBye, send, unchanged, withMessage } from './effects';
import type { Effect, ErrorReason, Event, SenderState, Step } from './machine';
import { addressee } from './messages';
import type { Body, PeerInfo } from './messages';

/** A sender that has not started yet. */
export function initialSender(self: PeerInfo): SenderState {
  return { role: 'sender', state: 'init', self: { ...self }, joined: false };
}

/** Advances the sender machine by one event; never mutates `s`. */
export function senderStep(s: SenderState, e: Event): Step<SenderState> {
  switch (e.type) {
    case 'start':
      if (s.joined || s.state === 'error') return unchanged(s);
      return { state: { ...s, state: 'waiting', joined: true }, effects: [send({ t: 'hello', peer: s.self })] };
    case 'message':
      if (!s.joined || s.state === 'error') return unchanged(s);
      return onMessage(s, e.header, e.body, e.now);
    case 'peer-connected':
      if (s.state === 'error' || !s.viewer || s.viewer.connected) return unchanged(s);
      return { state: { ...s, state: 'active', viewer: { ...s.viewer, connected: true } }, effects: [] };
    case 'peer-lost':
      if (s.state === 'error' || !s.viewer) return unchanged(s);
      return dropViewer(s, []);
    case 'retire':
      if (s.state === 'error' || !s.viewer) return unchanged(s);
      return dropViewer(s, [send({ t: 'bye', reason: 'retired', to: s.viewer.peer.session })]);
    case 'fail':
      if (s.state === 'error') return unchanged(s);
      return toError(s, e.reason, e.message, s.joined ? [sayBye()] : []);
    case 'stop': {
      const effects = s.joined && s.state !== 'error' ? [sayBye(), closePeer()] : [];
      const next: SenderState = { ...s, joined: false };
      if (s.state !== 'error') {
        next.state = 'init';
        delete next.viewer;
      }
      return { state: next, effects };
    }
  }
}

/** Handles an opened envelope while joined. */
function onMessage(s: SenderState, header: EnvelopeHeader, body: Body, now: number): Step<SenderState> {
  const to = addressee(body);
  if (to !== undefined && to !== s.self.session) return unchanged(s);
  const fromViewer = header.role === 'viewer';
  const fromMyViewer = fromViewer && s.viewer !== undefined && header.from === s.viewer.peer.session;
  switch (body.t) {
    case 'hello':
      if (body.peer.session !== header.from) return unchanged(s);
      return fromViewer ? onViewerClaim(s, body.peer, now) : onRival(s, body.peer, now);
    case 'here':
      if (!fromViewer || body.peer.session !== header.from) return unchanged(s);
      return onViewerClaim(s, body.peer, now);
    case 'busy':
      if (fromViewer) return unchanged(s);
      return yieldBusy(s);
    case 'answer':
      return fromMyViewer ? { state: s, effects: [{ type: 'apply-answer', sdp: body.sdp }] } : unchanged(s);
    case 'ice':
      return fromMyViewer ? { state: s, effects: [{ type: 'apply-ice', candidate: body.candidate }] } : unchanged(s);
    case 'eoc':
      return fromMyViewer ? { state: s, effects: [{ type: 'apply-eoc' }] } : unchanged(s);
    case 'bye':
      if (!fromMyViewer || !s.viewer) return unchanged(s);
      // A will ('lost') only means the viewer's signaling died; while media flows, ignore it.
      if (body.reason === 'left' || (body.reason === 'lost' && !s.viewer.connected)) return dropViewer(s, []);
      return unchanged(s);
    case 'offer':
      return unchanged(s);
  }
}

/** A viewer claims the slot (its hello, or its here answering ours). */
function onViewerClaim(s: SenderState, peer: PeerInfo, now: number): Step<SenderState> {
  const admitted: SenderState = { ...s, state: 'waiting', viewer: { peer, admittedAt: now, connected: false } };
  const open: Effect = { type: 'open-peer', remote: peer };
  switch (decideSlot(s.viewer, peer, now)) {
    case 'admit':
      return { state: admitted, effects: [open] };
    case 'reclaim':
      return { state: admitted, effects: [closePeer(), open] };
    case 'replace':
      // The displaced holder, if it still lives, learns it lost the slot.
      return { state: admitted, effects: [closePeer(), ...refuse(s.viewer?.peer), open] };
    case 'refuse':
      return { state: s, effects: refuse(peer) };
    case 'ignore':
      return unchanged(s);
  }
}

/** A busy for `peer` (none without a peer). */
function refuse(peer: PeerInfo | undefined): Effect[] {
  return peer ? [send({ t: 'busy', to: peer.session })] : [];
}

/** Another sender announced itself. */
function onRival(s: SenderState, rival: PeerInfo, now: number): Step<SenderState> {
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
function yieldBusy(s: SenderState): Step<SenderState> {
  return toError(s, 'busy', undefined, s.viewer ? [sayBye()] : []);
}

/** Forgets the viewer (effects first, then close-peer); back to waiting. */
function dropViewer(s: SenderState, before: Effect[]): Step<SenderState> {
  const next: SenderState = { ...s, state: 'waiting' };
  delete next.viewer;
  return { state: next, effects: [...before, closePeer()] };
}

/** Enters 'error': `before` effects, then close-peer; the viewer is forgotten. */
function toError(
  s: SenderState,
  reason: ErrorReason,
  message: string | undefined,
  before: Effect[],
): Step<SenderState> {
  const next: SenderState = { ...s, state: 'error', reason, ...withMessage(message) };
  delete next.viewer;
  if (message === undefined) delete next.message;
  return { state: next, effects: [...before, closePeer()] };
}
