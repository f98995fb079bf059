/**
 * The viewer's state machine (run client-side; docs/ARCHITECTURE.md): INIT → ACTIVE; WAITING when the
 * sender leaves; ERROR. The sender is the only authority for the viewer slot: viewers never
 * refuse each other, and an offer (the sender's admission) revives a viewer it had refused.
 * A viewer without a sender (or refused as busy) says hello again with a growing wait (15 s,
 * 30 s, 60 s…); one whose sender's offer has not connected in time forgets that sender and says
 * hello again.
 * After 'stop' the machine is back in 'init' and silent until the next 'start'.
 */

import { acceptsSender, helloBackoffMs, isNewerOfDevice, samePeer, viewerNegotiationTimeoutMs } from './admission';
import { closePeer, isCurrentOffer, isFrom, sayBye, send, unchanged, withMessage } from './effects';
import type { Effect, ErrorReason, Event, MessageHeader, Step, ViewerState } from './machine';
import { addressee } from './messages';
import type { Body, PeerInfo } from './messages';

/** A viewer that has not started yet. */
export function initialViewer(self: PeerInfo): ViewerState {
  return { role: 'viewer', state: 'init', self: { ...self }, joined: false, helloAt: 0, hellos: 0 };
}

/** Advances the viewer machine by one event; never mutates `s`. */
export function viewerStep(s: ViewerState, e: Event): Step<ViewerState> {
  switch (e.type) {
    case 'start':
      if (s.joined || s.state === 'error') return unchanged(s);
      return hello({ ...s, joined: true, hellos: 0 }, e.now, []);
    case 'message':
      if (!s.joined) return unchanged(s);
      return onMessage(s, e.header, e.body, e.now);
    case 'peer-connected':
      if (s.state === 'error' || !s.sender || !s.offer || s.sender.connected || !isCurrentOffer(e.o, s.offer.o)) {
        return unchanged(s);
      }
      return { state: { ...s, state: 'active', sender: { ...s.sender, connected: true }, hellos: 0 }, effects: [] };
    case 'peer-lost':
      if (s.state === 'error' || !s.sender || !s.offer || !isCurrentOffer(e.o, s.offer.o)) return unchanged(s);
      return loseSender(s, e.now);
    case 'tick':
      // A refused viewer keeps asking, slowly: the sender admits it once the slot frees.
      if (!s.joined || (s.state === 'error' && s.reason !== 'busy')) return unchanged(s);
      return onTick(s, e.now);
    case 'fail':
      if (s.state === 'error') return unchanged(s);
      return toError(s, e.reason, e.message, s.joined ? [sayBye()] : []);
    case 'stop': {
      const effects = s.joined && s.state !== 'error' ? [sayBye(), closePeer()] : [];
      const next: ViewerState = { ...s, joined: false };
      if (s.state !== 'error') {
        next.state = 'init';
        delete next.sender;
        delete next.offer;
      }
      return { state: next, effects };
    }
    case 'retire':
      return unchanged(s);
  }
}

/** Handles an opened envelope while joined. */
function onMessage(s: ViewerState, header: MessageHeader, body: Body, now: number): Step<ViewerState> {
  const to = addressee(body);
  if (to !== undefined && to !== s.self.session) return unchanged(s);
  const fromSender = header.role === 'sender';
  if (s.state === 'error') return inError(s, header, body, now);
  const { sender: current, offer } = s;
  const fromMySender = fromSender && current !== undefined && offer !== undefined && isFrom(header, current.peer);
  switch (body.t) {
    case 'hello':
      if (!isFrom(header, body.peer)) return unchanged(s);
      if (!fromSender) return onRival(s, body.peer);
      // My connected sender's own hello: a resend while media flows changes nothing. If its peer
      // really died, my liveness timeout ends the link and I say hello myself.
      if (current?.connected && samePeer(body.peer, current.peer)) return unchanged(s);
      // "Here" also means "viewer ready": the sender answers it with an offer.
      if (!acceptsSender(current, body.peer)) return unchanged(s);
      return { state: s, effects: [here(s, body.peer)] };
    case 'offer': {
      if (!fromSender || !isFrom(header, body.peer) || !acceptsSender(current, body.peer)) return unchanged(s);
      // An offer of my sender no newer than the one I took: late, reordered, or repeated.
      const stale = current && offer && samePeer(body.peer, current.peer) && body.o <= offer.o;
      return stale ? unchanged(s) : adopt(s, body.peer, body.o, body.sdp, now);
    }
    case 'busy':
      // Only a sender refuses, and once one took me, only that one counts.
      if (!fromSender || (current && !fromMySender)) return unchanged(s);
      return toError(s, 'busy', undefined, []);
    case 'ice':
      if (!fromMySender || body.o !== offer.o) return unchanged(s);
      return { state: s, effects: [{ type: 'apply-ice', candidate: body.candidate, o: offer.o }] };
    case 'eoc':
      if (!fromMySender || body.o !== offer.o) return unchanged(s);
      return { state: s, effects: [{ type: 'apply-eoc', o: offer.o }] };
    case 'bye':
      // A link the sender ended: its old room answers my hello with a 'retired' bye addressed to me.
      if (body.reason === 'retired' && fromSender && !current && body.to === s.self.session) {
        return toError(s, 'retired', undefined, []);
      }
      if (!fromMySender || !current) return unchanged(s);
      if (body.reason === 'retired') {
        return body.to === s.self.session ? toError(s, 'retired', undefined, []) : unchanged(s);
      }
      // A will ('lost') only means the sender's signaling died; while media flows, ignore it.
      if (body.reason === 'left' || !current.connected) return loseSender(s, now);
      return unchanged(s);
    case 'here':
    case 'answer':
    case 'conn':
      return unchanged(s);
  }
}

/**
 * In error, only a refusal can be undone, by the sender: its offer (it admits me after all), or
 * its hello (a sender that started again), which I answer.
 */
function inError(s: ViewerState, header: MessageHeader, body: Body, now: number): Step<ViewerState> {
  if (s.reason !== 'busy' || header.role !== 'sender') return unchanged(s);
  if (body.t === 'offer' && isFrom(header, body.peer)) return adopt(s, body.peer, body.o, body.sdp, now);
  if (body.t === 'hello' && isFrom(header, body.peer)) return { state: s, effects: [here(s, body.peer)] };
  return unchanged(s);
}

/** Another viewer announced itself: only a later claim of my own device concerns me (it replaces me). */
function onRival(s: ViewerState, rival: PeerInfo): Step<ViewerState> {
  return isNewerOfDevice(rival, s.self) ? toError(s, 'replaced', undefined, []) : unchanged(s);
}

/** Timeouts: give up on a sender whose offer did not connect; say hello again when nobody answered. */
function onTick(s: ViewerState, now: number): Step<ViewerState> {
  if (s.sender) {
    const expired = !s.sender.connected && now >= (s.offer?.deadline ?? Number.POSITIVE_INFINITY);
    return expired ? loseSender(s, now) : unchanged(s);
  }
  return now >= s.helloAt + helloBackoffMs(s.hellos) ? hello(s, now, []) : unchanged(s);
}

/** Takes `peer`'s offer `o`: a fresh peer connection for it, then the offer. */
function adopt(s: ViewerState, peer: PeerInfo, o: number, sdp: string, now: number): Step<ViewerState> {
  const state = s.state === 'error' ? 'init' : s.state === 'active' ? 'waiting' : s.state;
  const next: ViewerState = {
    ...s,
    state,
    sender: { peer, connected: false },
    offer: { o, deadline: now + viewerNegotiationTimeoutMs },
  };
  delete next.reason;
  delete next.message;
  const effects: Effect[] = s.sender ? [closePeer()] : [];
  effects.push({ type: 'open-peer', remote: peer, o }, { type: 'apply-offer', sdp, o });
  return { state: next, effects };
}

/** The sender is gone (or never connected): close, forget it, wait, and announce myself again. */
function loseSender(s: ViewerState, now: number): Step<ViewerState> {
  const next: ViewerState = { ...s, state: 'waiting' };
  delete next.sender;
  delete next.offer;
  return hello(next, now, [closePeer()]);
}

/** Says hello (after `before`), counting it for the retry wait. */
function hello(s: ViewerState, now: number, before: Effect[]): Step<ViewerState> {
  return {
    state: { ...s, helloAt: now, hellos: s.hellos + 1 },
    effects: [...before, send({ t: 'hello', peer: s.self })],
  };
}

/** My here (viewer ready) for `sender`. */
function here(s: ViewerState, sender: PeerInfo): Effect {
  return send({ t: 'here', to: sender.session, peer: s.self });
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
  delete next.offer;
  if (message === undefined) delete next.message;
  return { state: next, effects: [...before, closePeer()] };
}
