import { describe, expect, it } from 'vitest';
import type { Event, SenderState } from '../../src/protocol/machine';
import type { PeerInfo } from '../../src/protocol/messages';
import { maxHelloResendsPerOffer, readmitMinIntervalMs } from '../../src/protocol/hello-guard';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { msg, peer, run, sdp } from './fixtures';

const me = peer('phone', 'sendS1', 1000);
const viewer = peer('laptop', 'viewV1', 1200);
const t = 5000;

const step = (s: SenderState, ...events: Event[]) => run(senderStep, s, events);
const started = () => step(initialSender(me), { type: 'start', now: 1000 }).state;
const hello = (p: PeerInfo, seq: number, now: number) => msg(p, 'viewer', { t: 'hello', peer: p }, now, { seq });
const answer = (seq: number, now: number) =>
  msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 1, sdp: 'answer-sdp' }, now, { seq });

/** Admitted on hello seq 1, offer 1 made at t + 100, answered at seq 5, connected. */
function connected(): SenderState {
  return step(started(), hello(viewer, 1, t), { type: 'local-sdp', o: 1, sdp, now: t + 100 }, answer(5, t + 500), {
    type: 'peer-connected',
    now: t + 600,
  }).state;
}

describe('held-back viewer hellos (the broker publishes an old one later)', () => {
  it('a hello of my viewer session older than its answer changes nothing; a newer one re-admits', () => {
    const s = connected();
    const old = step(s, hello(viewer, 3, t + 60_000));
    expect(old.effects).toEqual([]);
    expect(old.state).toEqual(s);
    const fresh = step(s, hello(viewer, 9, t + 60_000));
    expect(fresh.effects).toEqual([{ type: 'close-peer' }, { type: 'open-peer', remote: viewer, o: 2 }]);
  });

  it('a held-back here is ignored the same way', () => {
    const here = msg(viewer, 'viewer', { t: 'here', to: me.session, peer: viewer }, t + 60_000, { seq: 2 });
    expect(step(connected(), here).effects).toEqual([]);
  });
});

/** Admitted on hello seq 1; offer 1 made at t + 100 with 16 candidates and eoc; not answered. */
function offered(): SenderState {
  const candidates: Event[] = Array.from({ length: 16 }, (_, i) => ({
    type: 'local-candidate',
    o: 1,
    candidate: { candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${1000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 },
    now: t + 100,
  }));
  const eoc: Event = { type: 'local-candidate', o: 1, candidate: null, now: t + 100 };
  return step(started(), hello(viewer, 1, t), { type: 'local-sdp', o: 1, sdp, now: t + 100 }, ...candidates, eoc).state;
}
const opens = (effects: { type: string }[]) => effects.filter((e) => e.type === 'open-peer').length;
const sends = (effects: { type: string }[]) => effects.filter((e) => e.type === 'send').length;
const offersSent = (effects: { type: string; body?: { t: string } }[]) =>
  effects.filter((e) => e.type === 'send' && e.body?.t === 'offer').length;

describe('hello floods (a link holder takes the slot, never answers, and says hello)', () => {
  it('100 hellos within 1 s trigger at most one re-send of the offer, its candidates and eoc', () => {
    const s = offered();
    const flood = Array.from({ length: 100 }, (_, i) => hello(viewer, 2 + i, t + 200 + i * 10));
    const out = step(s, ...flood);
    expect(offersSent(out.effects)).toBe(1);
    expect(sends(out.effects)).toBe(18);
    expect(out.effects.some((e) => e.type === 'open-peer')).toBe(false);
  });

  it('the first hello re-sends at once; the next hello re-send waits resendDelayMs(0)', () => {
    const first = step(offered(), hello(viewer, 2, t + 200));
    expect(offersSent(first.effects)).toBe(1);
    const soon = step(first.state, hello(viewer, 3, t + 2100));
    expect(sends(soon.effects)).toBe(0);
    expect(offersSent(step(soon.state, hello(viewer, 4, t + 2200)).effects)).toBe(1);
  });

  it('hellos re-send one offer at most maxHelloResendsPerOffer times', () => {
    const flood = Array.from({ length: 50 }, (_, i) => hello(viewer, 2 + i, t + 2500 + i * 250));
    const out = step(offered(), ...flood);
    expect(offersSent(out.effects)).toBe(maxHelloResendsPerOffer);
  });
});

describe('re-admission floods (a connected or answered holder keeps saying hello)', () => {
  it('a holder that answers every offer and says hello again, 100 times in 10 s: one new peer connection', () => {
    let s = connected();
    let opened = 0;
    for (let i = 0; i < 100; i++) {
      const now = t + 60_000 + i * 100;
      const seq = 10 + 2 * i;
      const out = step(s, hello(viewer, seq, now));
      opened += opens(out.effects);
      const o = out.state.offer!.o;
      const reply = msg(viewer, 'viewer', { t: 'answer', to: me.session, o, sdp: 'answer-sdp' }, now + 50, {
        seq: seq + 1,
      });
      s = step(out.state, { type: 'local-sdp', o, sdp, now: now + 10 }, reply).state;
    }
    expect(opened).toBe(1);
  });

  it('100 new sessions of the holder device within 1 s: one re-admission; another after readmitMinIntervalMs', () => {
    const reload = (i: number) => peer('laptop', `viewR${i}`, 2000 + i);
    const flood = Array.from({ length: 100 }, (_, i) => hello(reload(i), 1, t + 60_000 + i * 10));
    const out = step(connected(), ...flood);
    expect(opens(out.effects)).toBe(1);
    const later = step(out.state, hello(reload(200), 1, t + 60_000 + readmitMinIntervalMs));
    expect(opens(later.effects)).toBe(1);
  });

  it('answered but not connected: a fresh hello gets my candidates again, never a new peer connection', () => {
    const answered = step(offered(), answer(5, t + 500)).state;
    const flood = Array.from({ length: 100 }, (_, i) => hello(viewer, 10 + i, t + 3000 + i * 10));
    const out = step(answered, ...flood);
    expect(opens(out.effects)).toBe(0);
    expect(offersSent(out.effects)).toBe(0);
    expect(sends(out.effects)).toBe(17);
  });

  it('after my own peer-lost, the holder session is admitted again at once', () => {
    const lost = step(connected(), { type: 'peer-lost', now: t + 1000 }).state;
    expect(opens(step(lost, hello(viewer, 9, t + 1500)).effects)).toBe(1);
  });
});
