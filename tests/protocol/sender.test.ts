import { describe, expect, it } from 'vitest';
import {
  maxOfferAttempts,
  maxWaitingViewers,
  negotiationTimeoutMs,
  offerTimeoutMs,
  presenceWindowMs,
  waitingViewerMaxAgeMs,
} from '../../src/protocol/admission';
import type { Event, SenderState } from '../../src/protocol/machine';
import type { PeerInfo } from '../../src/protocol/messages';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { candidate, msg, peer, run, sdp } from './fixtures';

const me = peer('phone', 'sendS1', 1000);
const viewer = peer('laptop', 'viewV1', 1200);
const stranger = peer('tablet', 'viewV2', 1300);
const t = 5000; // a settled time for `me`

const step = (s: SenderState, ...events: Event[]) => run(senderStep, s, events);
const started = () => step(initialSender(me), { type: 'start', now: 1000 }).state;
const hello = (p: PeerInfo, now = t) => msg(p, 'viewer', { t: 'hello', peer: p }, now);
const busy = (p: PeerInfo) => ({ type: 'send', body: { t: 'busy', to: p.session } });
const open = (p: PeerInfo, o: number) => ({ type: 'open-peer', remote: p, o });
const tick = (now: number): Event => ({ type: 'tick', now });
/** A sender that admitted `viewer` at `at` (connected or not). */
function withViewer(at = t, connected = false): SenderState {
  const events: Event[] = [hello(viewer, at)];
  if (connected) events.push({ type: 'peer-connected', now: at + 100 });
  return step(started(), ...events).state;
}

describe('sender start', () => {
  it('starts in init, says hello and waits', () => {
    expect(initialSender(me)).toMatchObject({ role: 'sender', state: 'init', self: me, joined: false, offers: 0 });
    const out = step(initialSender(me), { type: 'start', now: 1000 });
    expect(out.state.state).toBe('waiting');
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'hello', peer: me } }]);
  });

  it('ignores messages and ticks before start', () => {
    const out = step(initialSender(me), hello(viewer), tick(t));
    expect(out.effects).toEqual([]);
    expect(out.state.viewer).toBeUndefined();
  });
});

describe('sender admission', () => {
  it("answers a viewer's hello with offer 1 (the offer is the welcome)", () => {
    const out = step(started(), hello(viewer));
    expect(out.effects).toEqual([open(viewer, 1)]);
    expect(out.state.viewer).toEqual({ peer: viewer, admittedAt: t, connected: false, seq: 1 });
    expect(out.state.offer).toEqual({ o: 1, attempts: 1, deadline: t + negotiationTimeoutMs });
    expect(out.state.state).toBe('waiting');
  });

  it('admits a viewer whose here answers my hello; ignores a here for someone else', () => {
    const here = step(started(), msg(viewer, 'viewer', { t: 'here', to: me.session, peer: viewer }, t));
    expect(here.effects).toEqual([open(viewer, 1)]);
    const other = step(started(), msg(viewer, 'viewer', { t: 'here', to: 'someoneElse', peer: viewer }, t));
    expect(other.effects).toEqual([]);
    expect(other.state.viewer).toBeUndefined();
  });

  it('goes active on peer-connected of the current offer only', () => {
    expect(step(withViewer(), { type: 'peer-connected', now: t + 100, o: 7 }).state.state).toBe('waiting');
    const out = step(withViewer(), { type: 'peer-connected', now: t + 100, o: 1 });
    expect(out.state.state).toBe('active');
    expect(out.state.viewer?.connected).toBe(true);
  });

  it('ignores a hello whose peer is not the envelope signer (another session or another key)', () => {
    expect(step(started(), msg(stranger, 'viewer', { t: 'hello', peer: viewer }, t)).effects).toEqual([]);
    const otherKey = msg(viewer, 'viewer', { t: 'hello', peer: viewer }, t, { key: stranger.device });
    expect(step(started(), otherKey).effects).toEqual([]);
  });

  it("applies the admitted viewer's answer, ice and eoc of the current offer, tagged with it", () => {
    const mine = step(
      withViewer(),
      msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 1, sdp }, t),
      msg(viewer, 'viewer', { t: 'ice', to: me.session, o: 1, candidate }, t),
      msg(viewer, 'viewer', { t: 'eoc', to: me.session, o: 1 }, t),
    );
    expect(mine.effects).toEqual([
      { type: 'apply-answer', sdp, o: 1 },
      { type: 'apply-ice', candidate, o: 1 },
      { type: 'apply-eoc', o: 1 },
    ]);
  });

  it('drops answers and candidates of another offer, from anyone else, or under the viewer session with another key', () => {
    const others = step(
      withViewer(),
      msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 2, sdp }, t),
      msg(stranger, 'viewer', { t: 'answer', to: me.session, o: 1, sdp }, t),
      msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 1, sdp }, t, { key: stranger.device }),
      msg(viewer, 'viewer', { t: 'ice', to: 'notMe0000', o: 1, candidate }, t),
      msg(viewer, 'sender', { t: 'eoc', to: me.session, o: 1 }, t),
    );
    expect(others.effects).toEqual([]);
  });

  it('ignores an offer (wrong direction) and a conn', () => {
    const out = step(
      withViewer(),
      msg(viewer, 'viewer', { t: 'offer', to: me.session, o: 1, sdp, peer: viewer }, t),
      msg(viewer, 'viewer', { t: 'conn' }, t),
    );
    expect(out.effects).toEqual([]);
  });
});

describe('sender viewer slot held', () => {
  const reload = peer('laptop', 'viewV1b', 1500);
  it('the same device (reload) reclaims at once, even while connected, with a new offer', () => {
    const out = step(withViewer(t, true), hello(reload, t + 200));
    expect(out.effects).toEqual([{ type: 'close-peer' }, open(reload, 2)]);
    expect(out.state).toMatchObject({
      state: 'waiting',
      viewer: { peer: reload, admittedAt: t + 200, connected: false },
      offer: { o: 2, attempts: 1 },
    });
  });

  it('an older session of the same device is ignored', () => {
    const old = peer('laptop', 'viewV1old', 1100);
    expect(step(withViewer(), hello(old, t + 200)).effects).toEqual([]);
  });

  it('another device is refused while the holder is connected or its offer has time left', () => {
    expect(step(withViewer(t, true), hello(stranger, t + 10 * negotiationTimeoutMs)).effects).toEqual([busy(stranger)]);
    const negotiating = step(withViewer(t), hello(stranger, t + negotiationTimeoutMs - 1));
    expect(negotiating.effects).toEqual([busy(stranger)]);
    expect(negotiating.state.viewer?.peer).toEqual(viewer);
  });

  it('ATTACK: a hello under the holder’s session id (another key, later since) is refused, never a reclaim', () => {
    // A link holder copies the admitted viewer's session (and would copy its device id too:
    // the opener drops that as forged, since the device id is the signer's key id).
    const forged = { ...peer('attacker', viewer.session, 9000) };
    const out = step(withViewer(t, true), msg(forged, 'viewer', { t: 'hello', peer: forged }, t + 300));
    expect(out.effects).toEqual([busy(forged)]);
    expect(out.state.viewer).toEqual({ peer: viewer, admittedAt: t, connected: true, seq: 1 });
    expect(out.state.state).toBe('active');
  });

  it('a dead holder (its offers ran out) is replaced and told', () => {
    const out = step(withViewer(t), hello(stranger, t + negotiationTimeoutMs));
    expect(out.effects).toEqual([{ type: 'close-peer' }, busy(viewer), open(stranger, 2)]);
    expect(out.state.viewer?.peer).toEqual(stranger);
  });
});

describe('sender negotiation timeout', () => {
  it('offers again with a new id when an offer does not connect in time, waiting longer each time', () => {
    let s = withViewer(t);
    let at = t;
    for (let attempt = 2; attempt <= maxOfferAttempts; attempt += 1) {
      at += offerTimeoutMs(attempt - 1);
      expect(step(s, tick(at - 1)).effects).toEqual([]);
      const out = step(s, tick(at));
      expect(out.effects).toEqual([{ type: 'close-peer' }, open(viewer, attempt)]);
      expect(out.state.offer).toEqual({ o: attempt, attempts: attempt, deadline: at + offerTimeoutMs(attempt) });
      s = out.state;
    }
    // Late answers to earlier offers are dropped.
    expect(step(s, msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 1, sdp }, at)).effects).toEqual([]);
    // The last offer runs out: the slot is free again.
    const freed = step(s, tick(at + offerTimeoutMs(maxOfferAttempts)));
    expect(freed.effects).toEqual([{ type: 'close-peer' }]);
    expect(freed.state.viewer).toBeUndefined();
    expect(freed.state.state).toBe('waiting');
  });

  it('a connected viewer never times out', () => {
    expect(step(withViewer(t, true), tick(t + 1e9)).effects).toEqual([]);
  });
});

describe('sender departures', () => {
  it("bye 'left' from the viewer frees the slot", () => {
    const out = step(withViewer(t, true), msg(viewer, 'viewer', { t: 'bye', reason: 'left' }, t + 500));
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
    expect(out.state.state).toBe('waiting');
    expect(out.state.viewer).toBeUndefined();
  });

  it("a will ('lost') is ignored while connected peer-to-peer, frees the slot while not", () => {
    const will = msg(viewer, 'viewer', { t: 'bye', reason: 'lost' }, t + 500, { will: true });
    expect(step(withViewer(t, true), will).effects).toEqual([]);
    const out = step(withViewer(t), will);
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
    expect(out.state.viewer).toBeUndefined();
  });

  it("a bye from someone else's session (or the viewer's session under another key) is ignored", () => {
    expect(step(withViewer(t, true), msg(stranger, 'viewer', { t: 'bye', reason: 'left' }, t)).effects).toEqual([]);
    const forged = msg(viewer, 'viewer', { t: 'bye', reason: 'left' }, t, { key: stranger.device });
    expect(step(withViewer(t, true), forged).effects).toEqual([]);
  });

  it('peer-lost keeps the slot a while for the same viewer: its hello reclaims, another device waits', () => {
    const lost = step(withViewer(t, true), { type: 'peer-lost', now: t + 4000 });
    expect(lost.effects).toEqual([{ type: 'close-peer' }]);
    expect(lost.state).toMatchObject({ state: 'waiting', viewer: { peer: viewer, connected: false } });
    expect(step(lost.state, hello(stranger, t + 5000)).effects).toEqual([busy(stranger)]);
    expect(step(lost.state, hello(viewer, t + 5000)).effects).toEqual([{ type: 'close-peer' }, open(viewer, 2)]);
    const gone = step(lost.state, tick(t + 4000 + negotiationTimeoutMs));
    expect(gone.state.viewer).toBeUndefined();
  });

  it('peer-lost of an older connection is ignored', () => {
    const s = step(withViewer(t, true), hello(viewer, t + 100)).state; // offer 2 now
    expect(step(s, { type: 'peer-lost', now: t + 200, o: 1 }).effects).toEqual([]);
  });

  it("retire sends bye 'retired' to the viewer and frees the slot", () => {
    const out = step(withViewer(t, true), { type: 'retire', now: t });
    expect(out.effects).toEqual([
      { type: 'send', body: { t: 'bye', reason: 'retired', to: viewer.session } },
      { type: 'close-peer' },
    ]);
    expect(out.state.viewer).toBeUndefined();
  });
});

describe('sender waiting list (refused viewers get the slot when it frees)', () => {
  it('offers to the refused viewer once the holder leaves', () => {
    const s = step(withViewer(t, true), hello(stranger, t + 100)).state;
    expect(s.waiting).toEqual([{ peer: stranger, at: t + 100 }]);
    const out = step(s, msg(viewer, 'viewer', { t: 'bye', reason: 'left' }, t + 200));
    expect(out.effects).toEqual([{ type: 'close-peer' }, open(stranger, 2)]);
    expect(out.state.viewer?.peer).toEqual(stranger);
    expect(out.state.waiting).toEqual([]);
    // One offer only for a viewer taken from the list: it may be gone.
    expect(out.state.offer?.attempts).toBe(maxOfferAttempts);
  });

  it('offers to the next refused viewer when the holder’s offers run out, or its reclaim grace after a loss', () => {
    const s = step(withViewer(t), hello(stranger, t + 100)).state;
    const at = t + negotiationTimeoutMs;
    const retried = step(s, tick(at)).state; // offer 2 to the holder
    const out = step(retried, tick(at + 60_000), tick(at + 60_000 + 30_000));
    expect(out.state.viewer?.peer).toEqual(stranger);
    const lost = step(withViewer(t, true), hello(stranger, t + 200), { type: 'peer-lost', now: t + 300 });
    const taken = step(lost.state, tick(t + 300 + negotiationTimeoutMs));
    expect(taken.effects).toEqual([{ type: 'close-peer' }, open(stranger, 2)]);
  });

  it('is bounded, one entry per device, forgets refused viewers after a while and those that say bye', () => {
    let s = withViewer(t, true);
    const many = Array.from({ length: maxWaitingViewers + 2 }, (_, i) => peer(`dev${i}`, `sess${i}`, 1));
    for (const p of many) s = step(s, hello(p, t + 10)).state;
    s = step(s, hello(many.at(-1)!, t + 20)).state;
    expect(s.waiting.map((w) => w.peer)).toEqual(many.slice(-maxWaitingViewers));
    s = step(s, msg(many.at(-1)!, 'viewer', { t: 'bye', reason: 'left' }, t + 30)).state;
    expect(s.waiting).toHaveLength(maxWaitingViewers - 1);
    const later = t + waitingViewerMaxAgeMs + 100;
    const out = step(s, msg(viewer, 'viewer', { t: 'bye', reason: 'left' }, later));
    expect(out.state.viewer).toBeUndefined();
    expect(out.state.waiting).toEqual([]);
  });
});

describe('sender rivals (other tabs holding the room key)', () => {
  const other = (since: number) => peer('otherPhone', 'sendS2', since);
  const rival = (p = other(t), now = t) => msg(p, 'sender', { t: 'hello', peer: p }, now);
  const refuse = { type: 'send', body: { t: 'busy', to: 'sendS200' } };

  it('settled: refuses another device with busy', () => {
    const out = step(started(), rival(other(t), me.since + presenceWindowMs));
    expect(out.effects).toEqual([refuse]);
    expect(out.state.state).toBe('waiting');
  });

  it('with a connected viewer: settled at once', () => {
    const s = step(started(), hello(viewer, 1100), { type: 'peer-connected', now: 1200 }).state;
    expect(step(s, rival(other(500), 1300)).effects).toEqual([refuse]);
  });

  it('unsettled and the rival joined earlier: error busy', () => {
    const out = step(started(), rival(other(900), 1200));
    expect(out.state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
  });

  it('unsettled and I joined earlier: refuse', () => {
    expect(step(started(), rival(other(1100), 1200)).effects).toEqual([refuse]);
  });

  it('yielding with an admitted viewer says bye so the viewer drops me', () => {
    const s = step(started(), hello(viewer, 1100)).state;
    const out = step(s, rival(other(900), 1200));
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
    expect(out.state.viewer).toBeUndefined();
  });

  it('a newer session of my own device replaces me; an older one is ignored', () => {
    const tab = peer('phone', 'sendS1b', 4000);
    expect(step(started(), rival(tab, t)).state).toMatchObject({ state: 'error', reason: 'replaced' });
    const old = peer('phone', 'sendS1old', 10);
    expect(step(started(), rival(old, t)).effects).toEqual([]);
  });

  it('busy addressed to me from a sender: error busy; from a viewer or for someone else: ignored', () => {
    const b = (role: 'sender' | 'viewer', to: string) => msg(other(t), role, { t: 'busy', to }, t);
    expect(step(started(), b('sender', me.session)).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(started(), b('viewer', me.session)).state.state).toBe('waiting');
    expect(step(started(), b('sender', 'someoneElse')).state.state).toBe('waiting');
  });

  it('in error, everything is ignored', () => {
    const s = step(started(), rival(other(900), 1200)).state;
    const out = step(s, hello(viewer), { type: 'peer-connected', now: t }, tick(t + 1e6));
    expect(out.effects).toEqual([]);
    expect(out.state.state).toBe('error');
  });
});

describe('sender stop and fail', () => {
  it("stop says bye 'left', closes, returns to init and goes silent", () => {
    const out = step(withViewer(t, true), { type: 'stop', now: t });
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
    expect(out.state).toMatchObject({ state: 'init', joined: false });
    expect(out.state.viewer).toBeUndefined();
    expect(step(out.state, hello(viewer)).effects).toEqual([]);
  });

  it('start after stop announces again', () => {
    const s = step(started(), { type: 'stop', now: t }).state;
    expect(step(s, { type: 'start', now: t }).effects).toEqual([{ type: 'send', body: { t: 'hello', peer: me } }]);
  });

  it('fail goes to error with reason and message, says bye and closes', () => {
    const out = step(withViewer(t, true), { type: 'fail', reason: 'camera', message: 'NotAllowedError', now: t });
    expect(out.state).toMatchObject({ state: 'error', reason: 'camera', message: 'NotAllowedError' });
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
  });

  it('fail before start does not say bye', () => {
    const out = step(initialSender(me), { type: 'fail', reason: 'camera', now: 0 });
    expect(out.state).toMatchObject({ state: 'error', reason: 'camera' });
    expect(out.state.message).toBeUndefined();
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
  });
});
