import { describe, expect, it } from 'vitest';
import { presenceWindowMs } from '../../src/protocol/admission';
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
const offer = (from: PeerInfo, now = t) => msg(from, 'sender', { t: 'offer', to: me.session, sdp, peer: from }, now);
const hello = (from: PeerInfo, role: 'sender' | 'viewer', now = t) => msg(from, role, { t: 'hello', peer: from }, now);
const here = (to: PeerInfo) => ({ type: 'send', body: { t: 'here', to: to.session, peer: me } });
const myHello = { type: 'send', body: { t: 'hello', peer: me } };
/** A viewer that took `sender`'s offer (and connected, if asked). */
function withSender(connected = false): ViewerState {
  const events: Event[] = [offer(sender)];
  if (connected) events.push({ type: 'peer-connected', now: t + 100 });
  return step(started(), ...events).state;
}

describe('viewer start', () => {
  it('says hello and stays in init', () => {
    expect(initialViewer(me)).toMatchObject({ role: 'viewer', state: 'init', joined: false });
    const out = step(initialViewer(me), { type: 'start', now: 1000 });
    expect(out.state.state).toBe('init');
    expect(out.effects).toEqual([myHello]);
  });

  it("answers a sender's hello with here (viewer ready)", () => {
    expect(step(started(), hello(sender, 'sender')).effects).toEqual([here(sender)]);
  });

  it('ignores messages before start', () => {
    expect(step(initialViewer(me), hello(sender, 'sender')).effects).toEqual([]);
  });
});

describe('viewer offers', () => {
  it('takes an offer: open-peer then apply-offer; goes active on peer-connected', () => {
    const out = step(started(), offer(sender));
    expect(out.effects).toEqual([
      { type: 'open-peer', remote: sender },
      { type: 'apply-offer', sdp },
    ]);
    expect(out.state.sender).toEqual({ peer: sender, connected: false });
    const active = step(out.state, { type: 'peer-connected', now: t });
    expect(active.state.state).toBe('active');
  });

  it('applies ice and eoc from its sender only', () => {
    const s = withSender();
    const mine = step(
      s,
      msg(sender, 'sender', { t: 'ice', to: me.session, candidate }, t),
      msg(sender, 'sender', { t: 'eoc', to: me.session }, t),
    );
    expect(mine.effects).toEqual([{ type: 'apply-ice', candidate }, { type: 'apply-eoc' }]);
    const others = step(
      s,
      msg(rivalSender, 'sender', { t: 'ice', to: me.session, candidate }, t),
      msg(sender, 'sender', { t: 'eoc', to: 'someoneElse' }, t),
      msg(sender, 'viewer', { t: 'eoc', to: me.session }, t),
    );
    expect(others.effects).toEqual([]);
  });

  it('ignores offers for someone else, from a viewer, or with a peer that is not the envelope sender', () => {
    const s = started();
    expect(step(s, msg(sender, 'sender', { t: 'offer', to: 'someoneElse', sdp, peer: sender }, t)).effects).toEqual([]);
    expect(step(s, msg(sender, 'viewer', { t: 'offer', to: me.session, sdp, peer: sender }, t)).effects).toEqual([]);
    expect(step(s, msg(rivalSender, 'sender', { t: 'offer', to: me.session, sdp, peer: sender }, t)).effects).toEqual(
      [],
    );
  });

  it('a new offer from its own sender (it reconnected) rebuilds the peer', () => {
    const out = step(withSender(true), offer(sender, t + 1000));
    expect(out.effects).toEqual([
      { type: 'close-peer' },
      { type: 'open-peer', remote: sender },
      { type: 'apply-offer', sdp },
    ]);
    expect(out.state.state).toBe('waiting');
  });

  it('switches to another sender while the current one is not connected', () => {
    const out = step(withSender(false), offer(rivalSender));
    expect(out.effects).toEqual([
      { type: 'close-peer' },
      { type: 'open-peer', remote: rivalSender },
      { type: 'apply-offer', sdp },
    ]);
    expect(out.state.sender?.peer).toEqual(rivalSender);
  });

  it('ignores another device while connected, but follows a reloaded sender of the same device', () => {
    expect(step(withSender(true), offer(rivalSender)).effects).toEqual([]);
    expect(step(withSender(true), hello(rivalSender, 'sender')).effects).toEqual([]);
    const reloaded = peer('phone', 'sendS1b', 4000);
    expect(step(withSender(true), hello(reloaded, 'sender')).effects).toEqual([here(reloaded)]);
    expect(step(withSender(true), offer(reloaded)).effects).toEqual([
      { type: 'close-peer' },
      { type: 'open-peer', remote: reloaded },
      { type: 'apply-offer', sdp },
    ]);
    const older = peer('phone', 'sendS1old', 10);
    expect(step(withSender(true), offer(older)).effects).toEqual([]);
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

  it('peer-lost: close, forget, wait, announce again', () => {
    const out = step(withSender(true), { type: 'peer-lost', now: t });
    expect(out.effects).toEqual([{ type: 'close-peer' }, myHello]);
    expect(out.state).toMatchObject({ state: 'waiting' });
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

describe('viewer rivals', () => {
  const other = (since: number) => peer('tv', 'viewV2', since);
  const refuse = { type: 'send', body: { t: 'busy', to: 'viewV200' } };

  it('with a connected sender: busy to a newcomer viewer', () => {
    expect(step(withSender(true), hello(other(500), 'viewer')).effects).toEqual([refuse]);
  });

  it('with a sender still negotiating: stays out of it (the sender decides)', () => {
    const out = step(withSender(false), hello(other(500), 'viewer', 1200));
    expect(out.effects).toEqual([]);
    expect(out.state.state).toBe('init');
  });

  it('no sender, settled: busy', () => {
    expect(step(started(), hello(other(500), 'viewer', me.since + presenceWindowMs)).effects).toEqual([refuse]);
  });

  it('no sender, unsettled: the earlier claim wins', () => {
    expect(step(started(), hello(other(1100), 'viewer', 1200)).effects).toEqual([refuse]);
    const lost = step(started(), hello(other(900), 'viewer', 1200));
    expect(lost.state).toMatchObject({ state: 'error', reason: 'busy' });
  });

  it('a newer session of my device replaces me; an older one is ignored', () => {
    const tab = peer('laptop', 'viewV1b', 3000);
    expect(step(withSender(true), hello(tab, 'viewer')).state).toMatchObject({ state: 'error', reason: 'replaced' });
    const old = peer('laptop', 'viewV1old', 10);
    expect(step(withSender(true), hello(old, 'viewer')).effects).toEqual([]);
  });

  it('busy to me: from a sender or (without a sender) a viewer → error busy', () => {
    const busy = (from: PeerInfo, role: 'sender' | 'viewer') => msg(from, role, { t: 'busy', to: me.session }, t);
    expect(step(started(), busy(sender, 'sender')).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(started(), busy(other(1), 'viewer')).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(withSender(false), busy(sender, 'sender')).state).toMatchObject({ state: 'error', reason: 'busy' });
  });

  it("busy to me is ignored once a sender took me, unless it is that sender's", () => {
    const busy = (from: PeerInfo, role: 'sender' | 'viewer') => msg(from, role, { t: 'busy', to: me.session }, t);
    expect(step(withSender(false), busy(other(1), 'viewer')).state.state).toBe('init');
    expect(step(withSender(true), busy(rivalSender, 'sender')).state.state).toBe('active');
    expect(step(started(), msg(sender, 'sender', { t: 'busy', to: 'someoneElse' }, t)).state.state).toBe('init');
  });

  it("a viewer refused by another viewer is revived by a sender's offer (the sender is the authority)", () => {
    const refused = step(started(), msg(other(1), 'viewer', { t: 'busy', to: me.session }, t)).state;
    const out = step(refused, offer(sender));
    expect(out.effects).toEqual([
      { type: 'open-peer', remote: sender },
      { type: 'apply-offer', sdp },
    ]);
    expect(out.state.state).toBe('init');
    expect(out.state.reason).toBeUndefined();
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

describe('viewer and a replayed sender hello', () => {
  it('ignores its connected sender hello again (a replay of the first announcement)', () => {
    const me = { device: 'laptopDev', session: 'viewSess01', since: 1000 };
    const snd = { device: 'phoneDev1', session: 'sendSess01', since: 500 };
    let s = viewerStep(initialViewer(me), { type: 'start', now: 1000 }).state;
    const header = { from: snd.session, role: 'sender' as const, seq: 1, ts: 1100 };
    s = viewerStep(s, {
      type: 'message',
      header,
      body: { t: 'offer', to: me.session, sdp: 'v=0\r\n', peer: snd },
      now: 1100,
    }).state;
    s = viewerStep(s, { type: 'peer-connected', now: 1200 }).state;
    expect(s.state).toBe('active');
    const again = viewerStep(s, {
      type: 'message',
      header: { ...header, seq: 2 },
      body: { t: 'hello', peer: snd },
      now: 1300,
    });
    expect(again.effects).toEqual([]);
    expect(again.state.state).toBe('active');
  });
});
