/**
 * The viewer's state machine (docs/ARCHITECTURE.md §4.5): INIT → ACTIVE; WAITING when the
 * sender leaves; ERROR. The sender is the authority for the viewer slot: viewers only settle
 * rivalries among themselves while no sender has taken them, and an offer (the sender's
 * admission) revives a viewer that another viewer had refused. After losing its sender the
 * viewer announces itself again (hello), so a live sender re-offers at once.
 * After 'stop' the machine is back in 'init' and silent until the next 'start'.
 */

import { acceptsSender, decideRival, isSettled } from './admission';
import type { EnvelopeHeader } from './envelope';
import { closePeer, sayBye, send, unchanged, withMessage } from './effects';
import type { Effect, ErrorReason, Event, Step, ViewerState } from './machine';
import { addressee } from './messages';
import type { Body, PeerInfo } from './messages';

/** A viewer that has not started yet. */
export function initialViewer(self: PeerInfo): ViewerState {
  return { role: 'viewer', state: 'init', self: { ...self }, joined: false };
}

/** Advances the viewer machine by one event; never mutates `s`. */
export function viewerStep(s: ViewerState, e: Event): Step<ViewerState> {
  switch (e.type) {
    case 'start':
      if (s.joined || s.state === 'error') return unchanged(s);
      return { state: { ...s, joined: true }, effects: [hello(s)] };
    case 'message':
      if (!s.joined) return unchanged(s);
      return onMessage(s, e.header, e.body, e.now);
    case 'peer-connected':
      if (s.state === 'error' || !s.sender || s.sender.connected) return unchanged(s);
      return { state: { ...s, state: 'active', sender: { ...s.sender, connected: true } }, effects: [] };
    case 'peer-lost':
      if (s.state === 'error' || !s.sender) return unchanged(s);
      return loseSender(s);
    case 'fail':
      if (s.state === 'error') return unchanged(s);
      return toError(s, e.reason, e.message, s.joined ? [sayBye()] : []);
    case 'stop': {
      const effects = s.joined && s.state !== 'error' ? [sayBye(), closePeer()] : [];
      const next: ViewerState = { ...s, joined: false };
      if (s.state !== 'error') {
        next.state = 'init';
        delete next.sender;
      }
      return { state: next, effects };
    }
    case 'retire':
      return unchanged(s);
  }
}

/** Handles an opened envelope while joined. */
function onMessage(s: ViewerState, header: EnvelopeHeader, body: Body, now: number): Step<ViewerState> {
  const to = addressee(body);
  if (to !== undefined && to !== s.self.session) return unchanged(s);
  const fromSender = header.role === 'sender';
  if (s.state === 'error') {
    // Only the sender's admission can revive a viewer that was refused.
    const revivable = s.reason === 'busy' && fromSender && body.t === 'offer';
    return revivable && body.peer.session === header.from ? adopt(s, body.peer, body.sdp) : unchanged(s);
  }
  const fromMySender = fromSender && s.sender !== undefined && header.from === s.sender.peer.session;
  switch (body.t) {
    case 'hello':
      if (body.peer.session !== header.from) return unchanged(s);
      if (!fromSender) return onRival(s, body.peer, now);
      // My connected sender's own hello: a replay of its first announcement (which I never saw),
      // or a resend while media flows; neither changes anything. If its peer really died, my
      // liveness timeout ends the link and I say hello myself.
      if (s.sender?.connected && body.peer.session === s.sender.peer.session) return unchanged(s);
      // "Here" also means "viewer ready": the sender answers it with an offer.
      if (!acceptsSender(s.sender, body.peer)) return unchanged(s);
      return { state: s, effects: [send({ t: 'here', to: body.peer.session, peer: s.self })] };
    case 'offer':
      if (!fromSender || body.peer.session !== header.from || !acceptsSender(s.sender, body.peer)) return unchanged(s);
      return adopt(s, body.peer, body.sdp);
    case 'busy':
      // Once a sender has taken me, only its own refusal counts (it is the authority);
      // before that, any sender's or viewer's refusal does.
      if (s.sender && !fromMySender) return unchanged(s);
      return toError(s, 'busy', undefined, []);
    case 'ice':
      return fromMySender ? { state: s, effects: [{ type: 'apply-ice', candidate: body.candidate }] } : unchanged(s);
    case 'eoc':
      return fromMySender ? { state: s, effects: [{ type: 'apply-eoc' }] } : unchanged(s);
    case 'bye':
      // A link the sender ended: its old room answers my hello with a 'retired' bye addressed to me.
      if (body.reason === 'retired' && fromSender && !s.sender && body.to === s.self.session) {
        return toError(s, 'retired', undefined, []);
      }
      if (!fromMySender || !s.sender) return unchanged(s);
      if (body.reason === 'retired')
        return body.to === s.self.session ? toError(s, 'retired', undefined, []) : unchanged(s);
      // A will ('lost') only means the sender's signaling died; while media flows, ignore it.
      if (body.reason === 'left' || !s.sender.connected) return loseSender(s);
      return unchanged(s);
    case 'here':
    case 'answer':
      return unchanged(s);
  }
}

/** Another viewer announced itself. */
function onRival(s: ViewerState, rival: PeerInfo, now: number): Step<ViewerState> {
  const decision = decideRival(s.self, isSettled(s.self, now, s.sender?.connected === true), rival);
  if (decision === 'replaced') return toError(s, 'replaced', undefined, []);
  if (decision === 'ignore') return unchanged(s);
  // Taken by a sender: it decides the slot. Tell the rival only when media already flows.
  if (s.sender) return s.sender.connected ? { state: s, effects: [busy(rival)] } : unchanged(s);
  return decision === 'refuse' ? { state: s, effects: [busy(rival)] } : toError(s, 'busy', undefined, []);
}

/** Takes `peer`'s offer: a fresh peer connection for it, then the offer. */
function adopt(s: ViewerState, peer: PeerInfo, sdp: string): Step<ViewerState> {
  const state = s.state === 'error' ? 'init' : s.state === 'active' ? 'waiting' : s.state;
  const next: ViewerState = { ...s, state, sender: { peer, connected: false } };
  delete next.reason;
  delete next.message;
  const effects: Effect[] = s.sender ? [closePeer()] : [];
  effects.push({ type: 'open-peer', remote: peer }, { type: 'apply-offer', sdp });
  return { state: next, effects };
}

/** The sender is gone: close, forget it, wait, and announce myself again for a live sender. */
function loseSender(s: ViewerState): Step<ViewerState> {
  const next: ViewerState = { ...s, state: 'waiting' };
  delete next.sender;
  return { state: next, effects: [closePeer(), hello(s)] };
}

/** My hello. */
function hello(s: ViewerState): Effect {
  return send({ t: 'hello', peer: s.self });
}

/** A busy for `peer`. */
function busy(peer: PeerInfo): Effect {
  return send({ t: 'busy', to: peer.session });
}

/** Enters 'error': `before` effects, then close-peer; the sender is forgotten. */
function toError(
  s: ViewerState,
  reason: ErrorReason,
  message: string | undefined,
  before: Effect[],
): Step<ViewerState> {
  const next: ViewerState = { ...s, state: 'error', reason, ...withMessage(message) };
  delete next.sender;
  if (message === undefined) delete next.message;
  return { state: next, effects: [...before, closePeer()] };
}
