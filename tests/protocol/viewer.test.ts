import { describe, expect, it } from 'vitest';
import { helloBackoffMs, presenceWindowMs, viewerNegotiationTimeoutMs } from '../../src/protocol/admission';
import type { Event, ViewerState } from '../../src/protocol/machine';
import type { PeerInfo } from '../../src/protocol/messages';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { candidate, msg, peer, run, sdp } from './fixtures';

const me = peer('laptop', 'viewV1', 1000);
const sender = peer('phone', 'sendS1', 900);
const rivalSender = peer('tablet', 'sendS2', 950);
const t = 5000;

const step = (s: ViewerState, ...events: Event[]) => run(viewerStep, s, events);
const started = () => step(initialViewer(me), { type: 'start', now: 1000 }).state;
const offer = (from: PeerInfo, now = t, o = 1) =>
  msg(from, 'sender', { t: 'offer', to: me.session, o, sdp, peer: from }, now);
const hello = (from: PeerInfo, role: 'sender' | 'viewer', now = t) => msg(from, role, { t: 'hello', peer: from }, now);
const here = (to: PeerInfo) => ({ type: 'send', body: { t: 'here', to: to.session, peer: me } });
const myHello = { type: 'send', body: { t: 'hello', peer: me } };
const take = (p: PeerInfo, o = 1) => [
  { type: 'open-peer', remote: p, o },
  { type: 'apply-offer', sdp, o },
];
const tick = (now: number): Event => ({ type: 'tick', now });
/** A viewer that took `sender`'s offer 1 (and connected, if asked). */
function withSender(connected = false): ViewerState {
  const events: Event[] = [offer(sender)];
  if (connected) events.push({ type: 'peer-connected', now: t + 100 });
  return step(started(), ...events).state;
}

describe('viewer start', () => {
  it('says hello and stays in init', () => {
    expect(initialViewer(me)).toMatchObject({ role: 'viewer', state: 'init', joined: false });
    const out = step(initialViewer(me), { type: 'start', now: 1000 });
    expect(out.state).toMatchObject({ state: 'init', helloAt: 1000, hellos: 1 });
    expect(out.effects).toEqual([myHello]);
  });

  it("answers a sender's hello with here (viewer ready)", () => {
    expect(step(started(), hello(sender, 'sender')).effects).toEqual([here(sender)]);
  });

  it('ignores messages before start', () => {
    expect(step(initialViewer(me), hello(sender, 'sender'), tick(1e6)).effects).toEqual([]);
  });
});

describe('viewer offers', () => {
  it('takes an offer: open-peer then apply-offer, tagged with its id; active on peer-connected of it', () => {
    const out = step(started(), offer(sender, t, 4));
    expect(out.effects).toEqual(take(sender, 4));
    expect(out.state.sender).toEqual({ peer: sender, connected: false });
    expect(out.state.offer).toEqual({ o: 4, deadline: t + viewerNegotiationTimeoutMs });
    expect(step(out.state, { type: 'peer-connected', now: t, o: 3 }).state.state).toBe('init');
    expect(step(out.state, { type: 'peer-connected', now: t, o: 4 }).state.state).toBe('active');
  });

  it('applies ice and eoc of the current offer from its sender only', () => {
    const s = withSender();
    const mine = step(
      s,
      msg(sender, 'sender', { t: 'ice', to: me.session, o: 1, candidate }, t),
      msg(sender, 'sender', { t: 'eoc', to: me.session, o: 1 }, t),
    );
    expect(mine.effects).toEqual([
      { type: 'apply-ice', candidate, o: 1 },
      { type: 'apply-eoc', o: 1 },
    ]);
    const others = step(
      s,
      msg(sender, 'sender', { t: 'ice', to: me.session, o: 2, candidate }, t),
      msg(rivalSender, 'sender', { t: 'ice', to: me.session, o: 1, candidate }, t),
      msg(sender, 'sender', { t: 'eoc', to: 'someoneElse', o: 1 }, t),
      msg(sender, 'viewer', { t: 'eoc', to: me.session, o: 1 }, t),
      msg(sender, 'sender', { t: 'eoc', to: me.session, o: 1 }, t, { key: rivalSender.device }),
    );
    expect(others.effects).toEqual([]);
  });

  it('ignores offers for someone else, from a viewer, or with a peer that is not the envelope signer', () => {
    const s = started();
    const o = (from: PeerInfo, role: 'sender' | 'viewer', to: string, p: PeerInfo) =>
      msg(from, role, { t: 'offer', to, o: 1, sdp, peer: p }, t);
    expect(step(s, o(sender, 'sender', 'someoneElse', sender)).effects).toEqual([]);
    expect(step(s, o(sender, 'viewer', me.session, sender)).effects).toEqual([]);
    expect(step(s, o(rivalSender, 'sender', me.session, sender)).effects).toEqual([]);
  });

  it('a newer offer of its own sender rebuilds the peer; an older or repeated one is ignored', () => {
    const out = step(withSender(true), offer(sender, t + 1000, 2));
    expect(out.effects).toEqual([{ type: 'close-peer' }, ...take(sender, 2)]);
    expect(out.state.state).toBe('waiting');
    expect(step(out.state, offer(sender, t + 1100, 1)).effects).toEqual([]);
    expect(step(out.state, offer(sender, t + 1100, 2)).effects).toEqual([]);
  });

  it('switches to another sender while the current one is not connected', () => {
    const out = step(withSender(false), offer(rivalSender));
    expect(out.effects).toEqual([{ type: 'close-peer' }, ...take(rivalSender)]);
    expect(out.state.sender?.peer).toEqual(rivalSender);
  });

  it('ignores another device while connected, but follows a reloaded sender of the same device', () => {
    expect(step(withSender(true), offer(rivalSender)).effects).toEqual([]);
    expect(step(withSender(true), hello(rivalSender, 'sender')).effects).toEqual([]);
    const reloaded = peer('phone', 'sendS1b', 4000);
    expect(step(withSender(true), hello(reloaded, 'sender')).effects).toEqual([here(reloaded)]);
    expect(step(withSender(true), offer(reloaded)).effects).toEqual([{ type: 'close-peer' }, ...take(reloaded)]);
    const older = peer('phone', 'sendS1old', 10);
    expect(step(withSender(true), offer(older)).effects).toEqual([]);
  });
});

describe('viewer timeouts', () => {
  it('ATTACK/RACE: an offer that never connects (failed acceptOffer) is given up: forget the sender, hello again', () => {
    const s = withSender(false);
    expect(step(s, tick(t + viewerNegotiationTimeoutMs - 1)).effects).toEqual([]);
    const out = step(s, tick(t + viewerNegotiationTimeoutMs));
    expect(out.effects).toEqual([{ type: 'close-peer' }, myHello]);
    expect(out.state.sender).toBeUndefined();
    expect(out.state.state).toBe('waiting');
  });

  it('without a sender: hello again after 1 s, 1 s, 1 s, 2 s, 2 s, 3 s, 3 s, 4 s, 5 s, 8 s, 15 s, 30 s, 60 s, 60 s…', () => {
    let s = started();
    let at = 1000;
    for (let n = 1; n <= 14; n += 1) {
      at += helloBackoffMs(n);
      expect(step(s, tick(at - 1)).effects).toEqual([]);
      const out = step(s, tick(at));
      expect(out.effects).toEqual([myHello]);
      s = out.state;
    }
    expect(at - 1000).toBe(1000 * 3 + 2000 * 2 + 3000 * 2 + 4000 + 5000 + 8000 + 15_000 + 30_000 + 60_000 * 2);
  });

  it('a connected viewer, or one in an error other than busy, never says hello on its own', () => {
    expect(step(withSender(true), tick(1e9)).effects).toEqual([]);
    const failed = step(started(), { type: 'fail', reason: 'transport', now: t }).state;
    expect(step(failed, tick(1e9)).effects).toEqual([]);
    const replaced = step(started(), hello(peer('laptop', 'viewV1b', 3000), 'viewer')).state;
    expect(step(replaced, tick(1e9)).effects).toEqual([]);
  });

  it('a refused viewer keeps asking, slowly, and stays refused until an offer comes', () => {
    const refused = step(started(), msg(sender, 'sender', { t: 'busy', to: me.session }, t)).state;
    expect(step(refused, tick(1000 + helloBackoffMs(1) - 1)).effects).toEqual([]);
    const out = step(refused, tick(1000 + helloBackoffMs(1)));
    expect(out.effects).toEqual([myHello]);
    expect(out.state).toMatchObject({ state: 'error', reason: 'busy', hellos: 2 });
  });
});

describe('viewer departures', () => {
  it("bye 'left' from its sender: close, forget, wait, announce again", () => {
    const out = step(withSender(true), msg(sender, 'sender', { t: 'bye', reason: 'left' }, t));
    expect(out.effects).toEqual([{ type: 'close-peer' }, myHello]);
    expect(out.state.state).toBe('waiting');
    expect(out.state.sender).toBeUndefined();
  });

  it("a will ('lost') is ignored while connected, acted on when not", () => {
    const will = msg(sender, 'sender', { t: 'bye', reason: 'lost' }, t, { will: true });
    const connected = step(withSender(true), will);
    expect(connected.effects).toEqual([]);
    expect(connected.state.state).toBe('active');
    const negotiating = step(withSender(false), will);
    expect(negotiating.effects).toEqual([{ type: 'close-peer' }, myHello]);
    expect(negotiating.state.sender).toBeUndefined();
  });

  it('a bye from another sender is ignored', () => {
    expect(step(withSender(true), msg(rivalSender, 'sender', { t: 'bye', reason: 'left' }, t)).effects).toEqual([]);
  });

  it('peer-lost of the current connection: close, forget, wait, announce again; of an older one: ignored', () => {
    const out = step(withSender(true), { type: 'peer-lost', now: t, o: 1 });
    expect(out.effects).toEqual([{ type: 'close-peer' }, myHello]);
    expect(out.state).toMatchObject({ state: 'waiting' });
    expect(step(withSender(true), { type: 'peer-lost', now: t, o: 9 }).effects).toEqual([]);
  });

  it('a returning sender: hello → here → offer → active again', () => {
    const left = step(withSender(true), msg(sender, 'sender', { t: 'bye', reason: 'left' }, t)).state;
    const back = peer('phone', 'sendS1c', 6000);
    const out = step(left, hello(back, 'sender', 6000));
    expect(out.effects).toEqual([here(back)]);
    const active = step(out.state, offer(back, 6100), { type: 'peer-connected', now: 6200 });
    expect(active.state).toMatchObject({ state: 'active', sender: { peer: back, connected: true } });
  });

  it("bye 'retired' to me from my sender: error retired", () => {
    const out = step(withSender(true), msg(sender, 'sender', { t: 'bye', reason: 'retired', to: me.session }, t));
    expect(out.state).toMatchObject({ state: 'error', reason: 'retired' });
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
  });
});

describe('viewer rivals: viewers never refuse each other', () => {
  const other = (since: number) => peer('tv', 'viewV2', since);

  it('RACE: settled or not, with or without a sender, a rival viewer gets no busy from me', () => {
    for (const s of [started(), withSender(false), withSender(true)]) {
      for (const [since, now] of [
        [500, 1200],
        [1100, 1200],
        [500, me.since + presenceWindowMs],
        [500, 1e9],
      ] as const) {
        const out = step(s, hello(other(since), 'viewer', now));
        expect(out.effects).toEqual([]);
        expect(out.state.state).toBe(s.state);
      }
    }
  });

  it('a newer session of my device replaces me; an older one is ignored', () => {
    const tab = peer('laptop', 'viewV1b', 3000);
    expect(step(withSender(true), hello(tab, 'viewer')).state).toMatchObject({ state: 'error', reason: 'replaced' });
    const old = peer('laptop', 'viewV1old', 10);
    expect(step(withSender(true), hello(old, 'viewer')).effects).toEqual([]);
  });

  it('busy to me: from a sender → error busy; from a viewer → ignored', () => {
    const busy = (from: PeerInfo, role: 'sender' | 'viewer') => msg(from, role, { t: 'busy', to: me.session }, t);
    expect(step(started(), busy(sender, 'sender')).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(withSender(false), busy(sender, 'sender')).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(started(), busy(other(1), 'viewer')).state.state).toBe('init');
  });

  it("busy to me is ignored once a sender took me, unless it is that sender's", () => {
    const busy = (from: PeerInfo) => msg(from, 'sender', { t: 'busy', to: me.session }, t);
    expect(step(withSender(true), busy(rivalSender)).state.state).toBe('active');
    expect(step(started(), msg(sender, 'sender', { t: 'busy', to: 'someoneElse' }, t)).state.state).toBe('init');
  });

  it("a refused viewer is revived by the sender's offer, and answers a sender's hello", () => {
    const refused = step(started(), msg(sender, 'sender', { t: 'busy', to: me.session }, t)).state;
    const out = step(refused, offer(sender, t + 100, 2));
    expect(out.effects).toEqual(take(sender, 2));
    expect(out.state.state).toBe('init');
    expect(out.state.reason).toBeUndefined();
    const reloaded = peer('phone', 'sendS1b', 4000);
    expect(step(refused, hello(reloaded, 'sender')).effects).toEqual([here(reloaded)]);
    expect(step(refused, hello(other(1), 'viewer')).effects).toEqual([]);
  });

  it('in another error, everything but stop is ignored', () => {
    const failed = step(started(), { type: 'fail', reason: 'transport', message: 'down', now: t }).state;
    expect(step(failed, offer(sender), hello(sender, 'sender')).effects).toEqual([]);
  });
});

describe('viewer stop and fail', () => {
  it("stop says bye 'left', closes and goes silent", () => {
    const out = step(withSender(true), { type: 'stop', now: t });
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
    expect(out.state).toMatchObject({ state: 'init', joined: false });
    expect(step(out.state, hello(sender, 'sender')).effects).toEqual([]);
  });

  it('fail: error with reason/message, bye, close', () => {
    const out = step(withSender(true), { type: 'fail', reason: 'transport', message: 'broker unreachable', now: t });
    expect(out.state).toMatchObject({ state: 'error', reason: 'transport', message: 'broker unreachable' });
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
  });
});

describe('viewer and its connected sender’s hello', () => {
  it('ignores it (a resend while media flows)', () => {
    const again = step(withSender(true), hello(sender, 'sender', t + 300));
    expect(again.effects).toEqual([]);
    expect(again.state.state).toBe('active');
  });
});
