/**
 * Every handshake step is sent again until the next step shows it arrived, and repeats are
 * harmless: the sender re-sends its offer (same id) and candidates until answered, the viewer
 * its answer and candidates until connected; answers, candidates and eoc apply once, and
 * anything of an older offer is ignored.
 */
import { describe, expect, it } from 'vitest';
import { resendDelayMs } from '../../src/protocol/handshake';
import type { Effect, Event, SenderState, ViewerState } from '../../src/protocol/machine';
import type { Body, IceCandidateInit } from '../../src/protocol/messages';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { candidate, msg, peer, run, sdp } from './fixtures';

const phone = peer('phone', 'sendS1', 1000);
const laptop = peer('laptop', 'viewV1', 1200);
const t = 5000;
const answerSdp = `${sdp}a=answer\r\n`;
const second: IceCandidateInit = {
  ...candidate,
  candidate: 'candidate:2 1 udp 1686052607 198.51.100.7 40000 typ srflx',
};

const tick = (now: number): Event => ({ type: 'tick', now });
const localSdp = (o: number, s: string, now = t): Event => ({ type: 'local-sdp', o, sdp: s, now });
const localIce = (o: number, c: IceCandidateInit | null, now = t): Event => ({
  type: 'local-candidate',
  o,
  candidate: c,
  now,
});
const sent = (effects: Effect[]): Body[] => effects.flatMap((e) => (e.type === 'send' ? [e.body] : []));
const types = (effects: Effect[]) => sent(effects).map((b) => `${b.t}${'o' in b ? b.o : ''}`);

const sStep = (s: SenderState, ...events: Event[]) => run(senderStep, s, events);
const fromViewer = (body: Body, now = t) => msg(laptop, 'viewer', body, now);
const answer = (o = 1, now = t) => fromViewer({ t: 'answer', to: phone.session, o, sdp: answerSdp }, now);
const viewerIce = (c: IceCandidateInit | null, o = 1) =>
  fromViewer(c ? { t: 'ice', to: phone.session, o, candidate: c } : { t: 'eoc', to: phone.session, o });
/** A sender that admitted the laptop and made offer 1 (one candidate, then the end), at `t`. */
function offering(): SenderState {
  const started = sStep(initialSender(phone), { type: 'start', now: 1000 }).state;
  return sStep(
    started,
    fromViewer({ t: 'hello', peer: laptop }),
    localSdp(1, sdp),
    localIce(1, candidate),
    localIce(1, null),
  ).state;
}

const vStep = (s: ViewerState, ...events: Event[]) => run(viewerStep, s, events);
const fromSender = (body: Body, now = t) => msg(phone, 'sender', body, now);
const offer = (o = 1, now = t) => fromSender({ t: 'offer', to: laptop.session, o, sdp, peer: phone }, now);
const senderIce = (c: IceCandidateInit | null, o = 1) =>
  fromSender(c ? { t: 'ice', to: laptop.session, o, candidate: c } : { t: 'eoc', to: laptop.session, o });
/** A viewer that took offer 1 and made its answer (one candidate, then the end), at `t`. */
function answering(): ViewerState {
  const started = vStep(initialViewer(laptop), { type: 'start', now: 1000 }).state;
  return vStep(started, offer(), localSdp(1, answerSdp), localIce(1, candidate), localIce(1, null)).state;
}

describe('sender: the offer until answered', () => {
  it('sends the offer when the glue made it, then each candidate and the end as they come', () => {
    const started = sStep(initialSender(phone), { type: 'start', now: 1000 }).state;
    const admitted = sStep(started, fromViewer({ t: 'hello', peer: laptop }));
    expect(types(admitted.effects)).toEqual([]); // open-peer only: the offer is not made yet
    const out = sStep(admitted.state, localIce(1, candidate), localSdp(1, sdp), localIce(1, second), localIce(1, null));
    // A candidate gathered before the offer was made goes right after it.
    expect(types(out.effects)).toEqual(['offer1', 'ice1', 'ice1', 'eoc1']);
    expect(sent(out.effects)[0]).toEqual({ t: 'offer', to: laptop.session, o: 1, sdp, peer: phone });
  });

  it('lost offer: the same offer (same id) and its candidates again after 2 s, 2 s, 3 s, 3 s…', () => {
    let s = offering();
    let at = t;
    for (let n = 0; n < 4; n += 1) {
      at += resendDelayMs(n);
      expect(sStep(s, tick(at - 1)).effects).toEqual([]);
      const out = sStep(s, tick(at));
      expect(types(out.effects)).toEqual(['offer1', 'ice1', 'eoc1']);
      expect(out.effects.some((e) => e.type === 'open-peer' || e.type === 'close-peer')).toBe(false);
      s = out.state;
    }
    expect([0, 1, 2, 3].map(resendDelayMs)).toEqual([2000, 2000, 3000, 3000]);
  });

  it("the admitted viewer's hello again (it missed the offer): the same offer at once, no new offer id", () => {
    const out = sStep(offering(), fromViewer({ t: 'hello', peer: laptop }, t + 500));
    expect(types(out.effects)).toEqual(['offer1', 'ice1', 'eoc1']);
    expect(out.state.offer?.o).toBe(1);
  });

  it('answered: the offer is not sent again, only its candidates until connected; nothing after', () => {
    const answered = sStep(offering(), answer());
    expect(answered.effects).toEqual([{ type: 'apply-answer', sdp: answerSdp, o: 1 }]);
    const later = sStep(answered.state, tick(t + 2000));
    expect(types(later.effects)).toEqual(['ice1', 'eoc1']);
    const connected = sStep(later.state, { type: 'peer-connected', now: t + 2100 });
    expect(sStep(connected.state, tick(t + 60_000)).effects).toEqual([]);
  });

  it('duplicate answer ignored: applied once however often it comes', () => {
    const out = sStep(offering(), answer(), answer(1, t + 10), answer(1, t + 3000));
    expect(out.effects.filter((e) => e.type === 'apply-answer')).toHaveLength(1);
  });

  it('late answer to an old offer ignored: after offer 2, an answer to offer 1 applies nowhere', () => {
    const reoffered = sStep(offering(), tick(t + 15_000));
    expect(reoffered.state.offer?.o).toBe(2);
    expect(reoffered.effects).toContainEqual({ type: 'open-peer', remote: laptop, o: 2 });
    const late = sStep(reoffered.state, answer(1, t + 15_100), viewerIce(candidate, 1));
    expect(late.effects).toEqual([]);
    // Reports of the old connection are ignored too; offer 2's own answer applies.
    expect(sStep(reoffered.state, localSdp(1, sdp, t + 15_100)).effects).toEqual([]);
    const made = sStep(reoffered.state, localSdp(2, sdp, t + 15_100), answer(2, t + 15_200));
    expect(types(made.effects)).toEqual(['offer2']);
    expect(made.effects).toContainEqual({ type: 'apply-answer', sdp: answerSdp, o: 2 });
  });

  it("lost candidates: the viewer's, re-sent, apply once each (and the end once)", () => {
    const out = sStep(
      offering(),
      answer(),
      viewerIce(candidate),
      viewerIce(second),
      viewerIce(null),
      answer(),
      viewerIce(candidate),
      viewerIce(second),
      viewerIce(null),
    );
    expect(out.effects).toEqual([
      { type: 'apply-answer', sdp: answerSdp, o: 1 },
      { type: 'apply-ice', candidate, o: 1 },
      { type: 'apply-ice', candidate: second, o: 1 },
      { type: 'apply-eoc', o: 1 },
    ]);
  });
});

describe('viewer: the answer until connected', () => {
  it('sends the answer when the glue made it, then its candidates; nothing for another offer id', () => {
    const started = vStep(initialViewer(laptop), { type: 'start', now: 1000 }).state;
    const took = vStep(started, offer());
    const out = vStep(
      took.state,
      localSdp(2, answerSdp),
      localSdp(1, answerSdp),
      localIce(1, candidate),
      localIce(1, null),
    );
    expect(types(out.effects)).toEqual(['answer1', 'ice1', 'eoc1']);
    expect(sent(out.effects)[0]).toEqual({ t: 'answer', to: phone.session, o: 1, sdp: answerSdp });
  });

  it('lost answer: the same answer and candidates again after 2 s, 2 s, 3 s… until connected', () => {
    let s = answering();
    let at = t;
    for (let n = 0; n < 3; n += 1) {
      at += resendDelayMs(n);
      expect(vStep(s, tick(at - 1)).effects).toEqual([]);
      const out = vStep(s, tick(at));
      expect(types(out.effects)).toEqual(['answer1', 'ice1', 'eoc1']);
      s = out.state;
    }
    const connected = vStep(s, { type: 'peer-connected', now: at + 100 });
    expect(connected.state.state).toBe('active');
    expect(vStep(connected.state, tick(at + 60_000)).effects).toEqual([]);
  });

  it('the same offer again (the sender missed my answer): the answer again at once; an older offer is ignored', () => {
    const again = vStep(answering(), offer(1, t + 2500));
    expect(types(again.effects)).toEqual(['answer1', 'ice1', 'eoc1']);
    expect(again.effects.some((e) => e.type === 'open-peer' || e.type === 'apply-offer')).toBe(false);
    const newer = vStep(answering(), offer(2, t + 2500));
    expect(newer.effects).toContainEqual({ type: 'open-peer', remote: phone, o: 2 });
    expect(vStep(newer.state, offer(1, t + 2600)).effects).toEqual([]);
    // Before my answer is made, a repeated offer waits for it.
    const started = vStep(initialViewer(laptop), { type: 'start', now: 1000 }).state;
    expect(vStep(started, offer(), offer(1, t + 100)).effects).toEqual([
      { type: 'open-peer', remote: phone, o: 1 },
      { type: 'apply-offer', sdp, o: 1 },
    ]);
  });

  it("lost candidates: the sender's, re-sent with its offer, apply once each (and the end once)", () => {
    const out = vStep(
      answering(),
      senderIce(candidate),
      senderIce(null),
      offer(1, t + 2000),
      senderIce(candidate),
      senderIce(second),
      senderIce(null),
      senderIce(candidate, 2),
    );
    expect(out.effects.filter((e) => e.type.startsWith('apply-'))).toEqual([
      { type: 'apply-ice', candidate, o: 1 },
      { type: 'apply-eoc', o: 1 },
      { type: 'apply-ice', candidate: second, o: 1 },
    ]);
  });

  it('gives up on the sender at its deadline as before (the re-sends do not keep it forever)', () => {
    let s = answering();
    for (let at = t + 1000; at < t + 45_000; at += 1000) s = vStep(s, tick(at)).state;
    const out = vStep(s, tick(t + 45_000));
    expect(out.state.sender).toBeUndefined();
    expect(types(out.effects)).toEqual(['hello']);
  });
});

describe('the handshake is kept per offer and dropped with it', () => {
  const senderOf = (s: SenderState) => s.handshake;
  const viewerOf = (s: ViewerState) => s.handshake;
  it('is gone when the sender drops the viewer or the viewer its sender', () => {
    const s = sStep(offering(), fromViewer({ t: 'bye', reason: 'left' }, t + 100)).state;
    expect(senderOf(s)).toBeUndefined();
    const v = vStep(answering(), fromSender({ t: 'bye', reason: 'left' }, t + 100)).state;
    expect(viewerOf(v)).toBeUndefined();
  });

  it('a pair peer cannot grow the memory of applied candidates: at most 64 apply per offer', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      viewerIce({ ...candidate, candidate: `candidate:${i} 1 udp 1 192.0.2.1 9 typ host` }),
    );
    const out = sStep(offering(), answer(), ...many);
    expect(out.effects.filter((e) => e.type === 'apply-ice')).toHaveLength(64);
  });
});
