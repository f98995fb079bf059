/**
 * The viewer's state machine (run client-side; docs/ARCHITECTURE.md): INIT → ACTIVE; WAITING when the
 * sender leaves; ERROR. The sender is the only authority for the viewer slot: viewers never
 * refuse each other, and an offer (the sender's admission) revives a viewer it had refused;
 * an offer no newer than one it took from that sender session is never taken (offer-memory.ts).
 * A viewer without a sender (or refused as busy) says hello again with a growing wait (15 s,
 * 30 s, 60 s…); one whose sender's offer has not connected in time forgets that sender and says
 * hello again. Until its connection is up it sends its answer and candidates again every few
 * seconds (at once when the same offer comes again: the sender missed the answer).
 * After 'stop' the machine is back in 'init' and silent until the next 'start'.
 */

import { acceptsSender, helloBackoffMs, isNewerOfDevice, samePeer, viewerNegotiationTimeoutMs } from './admission';
import { applyRemote, closePeer, isCurrentOffer, isFrom, sayBye, send, unchanged, withMessage } from './effects';
import type { Handshake, LocalReport } from './handshake';
import { localIceBodies, newHandshake, resendDue, resent, settled, takeLocal } from './handshake';
import type { Effect, ErrorReason, Event, MessageHeader, Step, ViewerState } from './machine';
import { addressee } from './messages';
import { isOldOffer, rememberOffer } from './offer-memory';
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
      return {
        state: {
          ...s,
          state: 'active',
          sender: { ...s.sender, connected: true },
          hellos: 0,
          ...(s.handshake ? { handshake: settled(s.handshake)! } : {}),
        },
        effects: [],
      };
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
        delete next.handshake;
      }
      return { state: next, effects };
    }
    case 'retire':
      return unchanged(s);
    case 'local-sdp':
    case 'local-candidate':
      if (!s.joined || s.state === 'error' || !s.sender || s.handshake?.o !== e.o) return unchanged(s);
      return onLocal(s, s.handshake, e);
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
      // An offer of my sender no newer than the one I took: late, reordered, or repeated. The
      // same offer again before we connected: the sender missed my answer, which it gets again.
      const stale = current && offer && samePeer(body.peer, current.peer) && body.o <= offer.o;
      // A copy of an offer I took before I lost that sender (held back by the broker): not taken again.
      if (!stale)
        return isOldOffer(s.taken, body.peer, body.o) ? unchanged(s) : adopt(s, body.peer, body.o, body.sdp, now);
      const h = s.handshake;
      const missed = body.o === offer.o && !current.connected && h?.o === offer.o && h.sdp !== undefined;
      return missed ? resend(s, h, now) : unchanged(s);
    }
    case 'busy':
      // Only a sender refuses, and once one took me, only that one counts.
      if (!fromSender || (current && !fromMySender)) return unchanged(s);
      return toError(s, 'busy', undefined, []);
    case 'ice':
    case 'eoc': {
      // Each candidate, and the end of them, applies once: the sender re-sends them until connected.
      if (!fromMySender || body.o !== offer.o) return unchanged(s);
      return applyRemote(s, body, offer.o);
    }
    case 'bye':
      // New link: my sender's bye 'retired' may arrive after its closed connection made me forget it.
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
  if (body.t === 'offer' && isFrom(header, body.peer) && !isOldOffer(s.taken, body.peer, body.o)) {
    return adopt(s, body.peer, body.o, body.sdp, now);
  }
  if (body.t === 'hello' && isFrom(header, body.peer)) return { state: s, effects: [here(s, body.peer)] };
  return unchanged(s);
}

/** Another viewer announced itself: only a later claim of my own device concerns me (it replaces me). */
function onRival(s: ViewerState, rival: PeerInfo): Step<ViewerState> {
  return isNewerOfDevice(rival, s.self) ? toError(s, 'replaced', undefined, []) : unchanged(s);
}

/**
 * Timeouts: give up on a sender whose offer did not connect, else send my answer again when due;
 * say hello again when nobody answered.
 */
function onTick(s: ViewerState, now: number): Step<ViewerState> {
  if (s.sender) {
    if (s.sender.connected) return unchanged(s);
    if (now >= (s.offer?.deadline ?? Number.POSITIVE_INFINITY)) return loseSender(s, now);
    return resendDue(s.handshake, now) ? resend(s, s.handshake, now) : unchanged(s);
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
    handshake: newHandshake(o),
    taken: rememberOffer(s.taken, peer, o),
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
  delete next.handshake;
  return hello(next, now, [closePeer()]);
}

/** The glue made the answer or a candidate: send it (and keep it to send again). */
function onLocal(s: ViewerState, h: Handshake, report: LocalReport): Step<ViewerState> {
  const taken = takeLocal(h, report, s.sender!.peer.session, (next) => handshakeBodies(s, next));
  if (!taken) return unchanged(s);
  return { state: { ...s, handshake: taken.handshake }, effects: taken.bodies.map(send) };
}

/** Sends my answer and candidates again now (the next re-send waits longer). */
function resend(s: ViewerState, h: Handshake, now: number): Step<ViewerState> {
  return { state: { ...s, handshake: resent(h, now) }, effects: handshakeBodies(s, h).map(send) };
}

/** What the sender needs of offer `h.o` from me: the answer, my candidates, eoc. */
function handshakeBodies(s: ViewerState, h: Handshake): Body[] {
  const to = s.sender!.peer.session;
  const answer: Body[] = h.sdp === undefined ? [] : [{ t: 'answer', to, o: h.o, sdp: h.sdp }];
  return [...answer, ...localIceBodies(h, to)];
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
  delete next.handshake;
  if (message === undefined) delete next.message;
  return { state: next, effects: [...before, closePeer()] };
}
