/**
 * The sender's state machine (run client-side; docs/ARCHITECTURE.md): INIT → WAITING (no viewer) →
 * ACTIVE (viewer connected) ↔ WAITING; ERROR. The sender is the only authority for the viewer
 * slot: it admits one viewer, answers its hello directly with an offer (the offer is the
 * welcome), sends that offer and its candidates again every few seconds until the answer comes
 * (at once when the viewer says hello again, within the bounds of hello-guard.ts), offers again when a negotiation times out (a new
 * offer id each time, up to `maxOfferAttempts`), and remembers the viewers it refused so it can
 * offer to the next one when the slot frees. After 'stop' the machine is back in 'init' and silent until the next 'start'.
 */

import {
  decideSlot,
  maxOfferAttempts,
  maxWaitingViewers,
  negotiationTimeoutMs,
  offerTimeoutMs,
  sameDevice,
  samePeer,
  waitingViewerMaxAgeMs,
} from './admission';
import { applyRemote, closePeer, isCurrentOffer, isFrom, sayBye, send, unchanged } from './effects';
import type { Handshake, LocalReport } from './handshake';
import { localIceBodies, newHandshake, resendDue, resent, settled, takeLocal } from './handshake';
import { isStaleClaim, mayReadmit, mayResendOnHello, readmitted, resentOnHello, withHolderSeq } from './hello-guard';
import type { Effect, Event, MessageHeader, SenderState, Step, WaitingViewer } from './machine';
import { dropViewer, onRival, refuse, toError, yieldBusy } from './sender-exits';
import { addressee } from './messages';
import type { Body, PeerInfo } from './messages';

/** A sender that has not started yet. */
export function initialSender(self: PeerInfo): SenderState {
  return { role: 'sender', state: 'init', self: { ...self }, joined: false, offers: 0, waiting: [] };
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
      if (s.state === 'error' || !s.viewer || !s.offer || s.viewer.connected || !isCurrentOffer(e.o, s.offer.o)) {
        return unchanged(s);
      }
      return {
        state: {
          ...s,
          state: 'active',
          viewer: { ...s.viewer, connected: true },
          offer: { ...s.offer, attempts: 0 },
          ...withHandshake(settled(s.handshake)),
        },
        effects: [],
      };
    case 'peer-lost':
      if (s.state === 'error' || !s.viewer || !s.offer || !isCurrentOffer(e.o, s.offer.o)) return unchanged(s);
      return onLost(s, e.now);
    case 'tick':
      if (!s.joined || s.state === 'error') return unchanged(s);
      return onTick(s, e.now);
    case 'local-sdp':
    case 'local-candidate':
      if (!s.joined || s.state === 'error' || !s.viewer || s.handshake?.o !== e.o) return unchanged(s);
      return onLocal(s, s.handshake, e);
    case 'retire':
      if (s.state === 'error' || !s.viewer) return unchanged(s);
      return dropViewer({ ...s, waiting: [] }, [send({ t: 'bye', reason: 'retired', to: s.viewer.peer.session })]);
    case 'fail':
      if (s.state === 'error') return unchanged(s);
      return toError(s, e.reason, e.message, s.joined ? [sayBye()] : []);
    case 'stop': {
      const effects = s.joined && s.state !== 'error' ? [sayBye(), closePeer()] : [];
      const next: SenderState = { ...s, joined: false, waiting: [] };
      if (s.state !== 'error') {
        next.state = 'init';
        delete next.viewer;
        delete next.offer;
        delete next.handshake;
      }
      return { state: next, effects };
    }
  }
}

/** Handles an opened envelope while joined. */
function onMessage(s0: SenderState, header: MessageHeader, body: Body, now: number): Step<SenderState> {
  const to = addressee(body);
  if (to !== undefined && to !== s0.self.session) return unchanged(s0);
  const fromViewer = header.role === 'viewer';
  // A claim of my viewer's session older than its latest message was held back: it changes nothing.
  if (fromViewer && (body.t === 'hello' || body.t === 'here') && isStaleClaim(s0.viewer, header)) return unchanged(s0);
  const s = fromViewer ? heardFrom(s0, header) : s0;
  const { viewer: holder, offer } = s;
  const fromMyViewer = fromViewer && holder !== undefined && offer !== undefined && isFrom(header, holder.peer);
  switch (body.t) {
    case 'hello':
    case 'here':
      if (!isFrom(header, body.peer)) return unchanged(s);
      if (fromViewer) return heard(onViewerClaim(s, body.peer, now), header);
      return body.t === 'hello' ? onRival(s, body.peer, now) : unchanged(s);
    case 'busy':
      if (fromViewer) return unchanged(s);
      return yieldBusy(s);
    case 'answer': {
      // Applied once: a repeat (the viewer re-sends until connected) or an answer to an old offer is ignored.
      const h = s.handshake;
      if (!fromMyViewer || body.o !== offer.o || h?.o !== offer.o || h.answered) return unchanged(s);
      return {
        state: { ...s, handshake: { ...h, answered: true } },
        effects: [{ type: 'apply-answer', sdp: body.sdp, o: offer.o }],
      };
    }
    case 'ice':
    case 'eoc': {
      if (!fromMyViewer || body.o !== offer.o) return unchanged(s);
      return applyRemote(s, body, offer.o);
    }
    case 'bye':
      if (!fromViewer) return unchanged(s);
      if (!fromMyViewer) return { state: forgetWaiting(s, header), effects: [] };
      // A will ('lost') only means the viewer's signaling died; while media flows, ignore it.
      if (body.reason === 'left' || (body.reason === 'lost' && !holder.connected)) {
        return admitNext(dropViewer(s, []), now);
      }
      return unchanged(s);
    case 'offer':
    case 'conn':
      return unchanged(s);
  }
}

/** A viewer claims the slot (its hello, or its here answering ours). */
function onViewerClaim(s: SenderState, peer: PeerInfo, now: number): Step<SenderState> {
  switch (decideSlot(s.viewer, peer, now, s.offer?.deadline ?? now)) {
    case 'admit':
      return admit(s, peer, now, []);
    case 'reclaim': {
      // The same session asking again before it connected: it missed the offer (or, once it
      // answered, my candidates), which it gets again, not too often (hello-guard.ts).
      const holder = s.viewer!;
      const h = s.handshake;
      const same = samePeer(peer, holder.peer);
      if (same && !holder.connected && h) {
        return h.sdp !== undefined && mayResendOnHello(h, now)
          ? resend(s, h, now, resentOnHello(h, now))
          : unchanged(s);
      }
      // A new connection for the device (a reload, or a loss): at once after my peer-lost, else
      // at most once per readmitMinIntervalMs (each hello would cost a peer connection).
      if (!(same && !holder.connected) && !mayReadmit(holder, now)) return unchanged(s);
      return readmitted(admit(s, peer, now, [closePeer()]), now);
    }
    case 'replace': {
      // The displaced holder, if it still lives, learns it lost the slot, and waits for it.
      const old = s.viewer!.peer;
      return admit({ ...s, waiting: remember(s.waiting, old, now) }, peer, now, [closePeer(), ...refuse(old)]);
    }
    case 'refuse':
      return { state: { ...s, waiting: remember(s.waiting, peer, now) }, effects: refuse(peer) };
    case 'ignore':
      return unchanged(s);
  }
}

/**
 * Admits `peer` with a new offer (after `before`); it leaves the waiting list. A viewer taken
 * from the waiting list (`once`) gets one offer only: it may have left long ago.
 */
function admit(s: SenderState, peer: PeerInfo, now: number, before: Effect[], once = false): Step<SenderState> {
  const o = s.offers + 1;
  const attempts = once ? maxOfferAttempts : 1;
  return {
    state: {
      ...s,
      state: 'waiting',
      viewer: { peer, admittedAt: now, connected: false },
      offer: { o, attempts, deadline: now + offerTimeoutMs(1) },
      handshake: newHandshake(o),
      offers: o,
      waiting: s.waiting.filter((w) => !sameDevice(w.peer, peer)),
    },
    effects: [...before, { type: 'open-peer', remote: peer, o }],
  };
}

/** The connection with the admitted viewer was lost: keep its slot a while for its hello (reclaim). */
function onLost(s: SenderState, now: number): Step<SenderState> {
  const viewer = { ...s.viewer!, connected: false };
  const offer = { ...s.offer!, attempts: maxOfferAttempts, deadline: now + negotiationTimeoutMs };
  const next: SenderState = { ...s, state: 'waiting', viewer, offer };
  delete next.handshake;
  return { state: next, effects: [closePeer()] };
}

/**
 * Negotiation timeouts: offer again, or give the slot up and offer to the next refused viewer;
 * before that, the offer's messages again when a re-send is due.
 */
function onTick(s: SenderState, now: number): Step<SenderState> {
  const { viewer: holder, offer } = s;
  if (!holder || !offer) return s.waiting.length > 0 ? admitNext(unchanged(s), now) : unchanged(s);
  if (holder.connected) return unchanged(s);
  if (now < offer.deadline) return resendDue(s.handshake, now) ? resend(s, s.handshake, now) : unchanged(s);
  if (offer.attempts >= maxOfferAttempts) return admitNext(dropViewer(s, []), now);
  const o = s.offers + 1;
  const attempts = offer.attempts + 1;
  return {
    state: {
      ...s,
      offer: { o, attempts, deadline: now + offerTimeoutMs(attempts) },
      handshake: newHandshake(o),
      offers: o,
    },
    effects: [closePeer(), { type: 'open-peer', remote: holder.peer, o }],
  };
}

/** The glue made the offer or a candidate: send it (and keep it to send again). */
function onLocal(s: SenderState, h: Handshake, report: LocalReport): Step<SenderState> {
  const taken = takeLocal(h, report, s.viewer!.peer.session, (next) => handshakeBodies(s, next));
  if (!taken) return unchanged(s);
  return { state: { ...s, handshake: taken.handshake }, effects: taken.bodies.map(send) };
}

/** Sends the offer's messages again now (the next re-send waits longer); `next` is the handshake after. */
function resend(s: SenderState, h: Handshake, now: number, next = resent(h, now)): Step<SenderState> {
  return { state: { ...s, handshake: next }, effects: handshakeBodies(s, h).map(send) };
}

/** What the viewer needs of offer `h.o`: the offer until it answered, my candidates, eoc. */
function handshakeBodies(s: SenderState, h: Handshake): Body[] {
  const to = s.viewer!.peer.session;
  const offer: Body[] = h.answered || h.sdp === undefined ? [] : [{ t: 'offer', to, o: h.o, sdp: h.sdp, peer: s.self }];
  return [...offer, ...localIceBodies(h, to)];
}

/** The state with the latest sequence number of my viewer's session remembered, if `header` is from it. */
function heardFrom(s: SenderState, header: MessageHeader): SenderState {
  const viewer = s.viewer && withHolderSeq(s.viewer, header);
  return viewer === s.viewer ? s : { ...s, viewer: viewer! };
}

/** `step` with the claim's sequence number remembered when it made its sender my viewer. */
function heard(step: Step<SenderState>, header: MessageHeader): Step<SenderState> {
  const state = heardFrom(step.state, header);
  return state === step.state ? step : { state, effects: step.effects };
}

/** The optional handshake, as a spreadable object. */
function withHandshake(h: Handshake | undefined): { handshake?: Handshake } {
  return h === undefined ? {} : { handshake: h };
}

/** After `step`, with the slot free: offers to the oldest refused viewer still remembered, if any. */
function admitNext(step: Step<SenderState>, now: number): Step<SenderState> {
  const s = step.state;
  if (s.viewer) return step;
  const waiting = s.waiting.filter((w) => now - w.at < waitingViewerMaxAgeMs);
  const next = waiting[0];
  if (next) return admit({ ...s, waiting }, next.peer, now, step.effects, true);
  return waiting.length === s.waiting.length ? step : { state: { ...s, waiting }, effects: step.effects };
}

/** The waiting list with `peer` added last (replacing an older claim of its device), bounded. */
function remember(waiting: WaitingViewer[], peer: PeerInfo, now: number): WaitingViewer[] {
  const others = waiting.filter((w) => !sameDevice(w.peer, peer));
  return [...others, { peer, at: now }].slice(-maxWaitingViewers);
}

/** A refused viewer said bye: it no longer waits. */
function forgetWaiting(s: SenderState, header: MessageHeader): SenderState {
  const waiting = s.waiting.filter((w) => !isFrom(header, w.peer));
  return waiting.length === s.waiting.length ? s : { ...s, waiting };
}
