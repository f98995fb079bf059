import { describe, expect, it } from 'vitest';
import { negotiationGraceMs, presenceWindowMs } from '../../src/protocol/admission';
import type { Event, SenderState } from '../../src/protocol/machine';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { candidate, msg, peer, run, sdp } from './fixtures';

const me = peer('phone', 'sendS1', 1000);
const viewer = peer('laptop', 'viewV1', 1200);
const stranger = peer('tablet', 'viewV2', 1300);
const t = 5000; // a settled time for `me`

const step = (s: SenderState, ...events: Event[]) => run(senderStep, s, events);
const started = () => step(initialSender(me), { type: 'start', now: 1000 }).state;
/** A sender that admitted `viewer` at `at` (connected or not). */
function withViewer(at = t, connected = false): SenderState {
  const events: Event[] = [msg(viewer, 'viewer', { t: 'hello', peer: viewer }, at)];
  if (connected) events.push({ type: 'peer-connected', now: at + 100 });
  return step(started(), ...events).state;
}

describe('sender start', () => {
  it('starts in init, says hello and waits', () => {
    expect(initialSender(me)).toMatchObject({ role: 'sender', state: 'init', self: me, joined: false });
    const out = step(initialSender(me), { type: 'start', now: 1000 });
    expect(out.state.state).toBe('waiting');
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'hello', peer: me } }]);
  });

  it('ignores messages before start', () => {
    const out = step(initialSender(me), msg(viewer, 'viewer', { t: 'hello', peer: viewer }, t));
    expect(out.effects).toEqual([]);
    expect(out.state.viewer).toBeUndefined();
  });
});

describe('sender admission', () => {
  it("answers a viewer's hello by opening the peer (the offer is the welcome)", () => {
    const out = step(started(), msg(viewer, 'viewer', { t: 'hello', peer: viewer }, t));
    expect(out.effects).toEqual([{ type: 'open-peer', remote: viewer }]);
    expect(out.state.viewer).toEqual({ peer: viewer, admittedAt: t, connected: false });
    expect(out.state.state).toBe('waiting');
  });

  it('admits a viewer whose here answers my hello; ignores a here for someone else', () => {
    const here = step(started(), msg(viewer, 'viewer', { t: 'here', to: me.session, peer: viewer }, t));
    expect(here.effects).toEqual([{ type: 'open-peer', remote: viewer }]);
    const other = step(started(), msg(viewer, 'viewer', { t: 'here', to: 'someoneElse', peer: viewer }, t));
    expect(other.effects).toEqual([]);
    expect(other.state.viewer).toBeUndefined();
  });

  it('goes active on peer-connected', () => {
    const out = step(withViewer(), { type: 'peer-connected', now: t + 100 });
    expect(out.state.state).toBe('active');
    expect(out.state.viewer?.connected).toBe(true);
  });

  it('ignores a hello whose peer is not the envelope sender', () => {
    const forged = msg(stranger, 'viewer', { t: 'hello', peer: viewer }, t);
    expect(step(started(), forged).effects).toEqual([]);
  });

  it("applies the admitted viewer's answer, ice and eoc; ignores them from anyone else", () => {
    const s = withViewer();
    const mine = step(
      s,
      msg(viewer, 'viewer', { t: 'answer', to: me.session, sdp }, t),
      msg(viewer, 'viewer', { t: 'ice', to: me.session, candidate }, t),
      msg(viewer, 'viewer', { t: 'eoc', to: me.session }, t),
    );
    expect(mine.effects).toEqual([
      { type: 'apply-answer', sdp },
      { type: 'apply-ice', candidate },
      { type: 'apply-eoc' },
    ]);
    const others = step(
      s,
      msg(stranger, 'viewer', { t: 'answer', to: me.session, sdp }, t),
      msg(viewer, 'viewer', { t: 'ice', to: 'notMe0000', candidate }, t),
      msg(viewer, 'sender', { t: 'eoc', to: me.session }, t),
    );
    expect(others.effects).toEqual([]);
  });

  it('ignores an offer (wrong direction)', () => {
    expect(
      step(withViewer(), msg(viewer, 'viewer', { t: 'offer', to: me.session, sdp, peer: viewer }, t)).effects,
    ).toEqual([]);
  });
});

describe('sender viewer slot held', () => {
  const reload = peer('laptop', 'viewV1b', 1500);
  it('the same device (reload) reclaims at once, even while connected', () => {
    const out = step(withViewer(t, true), msg(reload, 'viewer', { t: 'hello', peer: reload }, t + 200));
    expect(out.effects).toEqual([{ type: 'close-peer' }, { type: 'open-peer', remote: reload }]);
    expect(out.state).toMatchObject({
      state: 'waiting',
      viewer: { peer: reload, admittedAt: t + 200, connected: false },
    });
  });

  it('an older session of the same device is ignored', () => {
    const old = peer('laptop', 'viewV1old', 1100);
    expect(step(withViewer(), msg(old, 'viewer', { t: 'hello', peer: old }, t + 200)).effects).toEqual([]);
  });

  it('another device is refused while the holder is connected or negotiating', () => {
    const hello = (now: number) => msg(stranger, 'viewer', { t: 'hello', peer: stranger }, now);
    const busy = [{ type: 'send', body: { t: 'busy', to: stranger.session } }];
    expect(step(withViewer(t, true), hello(t + 10 * negotiationGraceMs)).effects).toEqual(busy);
    const negotiating = step(withViewer(t), hello(t + negotiationGraceMs - 1));
    expect(negotiating.effects).toEqual(busy);
    expect(negotiating.state.viewer?.peer).toEqual(viewer);
  });

  it('a dead holder (never connected within the grace) is replaced and told', () => {
    const out = step(withViewer(t), msg(stranger, 'viewer', { t: 'hello', peer: stranger }, t + negotiationGraceMs));
    expect(out.effects).toEqual([
      { type: 'close-peer' },
      { type: 'send', body: { t: 'busy', to: viewer.session } },
      { type: 'open-peer', remote: stranger },
    ]);
    expect(out.state.viewer?.peer).toEqual(stranger);
  });
});

describe('sender departures', () => {
  it("bye 'left' from the viewer frees the slot", () => {
    const out = step(withViewer(t, true), msg(viewer, 'viewer', { t: 'bye', reason: 'left' }, t + 500));
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
    expect(out.state.state).toBe('waiting');
    expect(out.state.viewer).toBeUndefined();
  });

  it("a will ('lost') is ignored while connected peer-to-peer", () => {
    const will = msg(viewer, 'viewer', { t: 'bye', reason: 'lost' }, t + 500, { will: true });
    const out = step(withViewer(t, true), will);
    expect(out.effects).toEqual([]);
    expect(out.state.state).toBe('active');
  });

  it("a will ('lost') frees the slot while not connected", () => {
    const will = msg(viewer, 'viewer', { t: 'bye', reason: 'lost' }, t + 500, { will: true });
    const out = step(withViewer(t), will);
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
    expect(out.state.viewer).toBeUndefined();
  });

  it("a bye from someone else's session is ignored", () => {
    expect(step(withViewer(t, true), msg(stranger, 'viewer', { t: 'bye', reason: 'left' }, t)).effects).toEqual([]);
  });

  it('peer-lost frees the slot', () => {
    const out = step(withViewer(t, true), { type: 'peer-lost', now: t + 4000 });
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
    expect(out.state).toMatchObject({ state: 'waiting' });
    expect(out.state.viewer).toBeUndefined();
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

describe('sender rivals', () => {
  const other = (since: number) => peer('otherPhone', 'sendS2', since);
  const hello = (p = other(t), now = t) => msg(p, 'sender', { t: 'hello', peer: p }, now);
  const refuse = { type: 'send', body: { t: 'busy', to: 'sendS200' } };

  it('settled: refuses another device with busy', () => {
    const out = step(started(), hello(other(t), me.since + presenceWindowMs));
    expect(out.effects).toEqual([refuse]);
    expect(out.state.state).toBe('waiting');
  });

  it('with a connected viewer: settled at once', () => {
    const s = step(started(), msg(viewer, 'viewer', { t: 'hello', peer: viewer }, 1100), {
      type: 'peer-connected',
      now: 1200,
    }).state;
    expect(step(s, hello(other(500), 1300)).effects).toEqual([refuse]);
  });

  it('unsettled and the rival joined earlier: error busy', () => {
    const out = step(started(), hello(other(900), 1200));
    expect(out.state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(out.effects).toEqual([{ type: 'close-peer' }]);
  });

  it('unsettled and I joined earlier: refuse', () => {
    expect(step(started(), hello(other(1100), 1200)).effects).toEqual([refuse]);
  });

  it('yielding with an admitted viewer says bye so the viewer drops me', () => {
    const s = step(started(), msg(viewer, 'viewer', { t: 'hello', peer: viewer }, 1100)).state;
    const out = step(s, hello(other(900), 1200));
    expect(out.effects).toEqual([{ type: 'send', body: { t: 'bye', reason: 'left' } }, { type: 'close-peer' }]);
    expect(out.state.viewer).toBeUndefined();
  });

  it('a newer session of my own device replaces me; an older one is ignored', () => {
    const tab = peer('phone', 'sendS1b', 4000);
    expect(step(started(), hello(tab, t)).state).toMatchObject({ state: 'error', reason: 'replaced' });
    const old = peer('phone', 'sendS1old', 10);
    expect(step(started(), hello(old, t)).effects).toEqual([]);
  });

  it('busy addressed to me from a sender: error busy; from a viewer or for someone else: ignored', () => {
    const busy = (role: 'sender' | 'viewer', to: string) => msg(other(t), role, { t: 'busy', to }, t);
    expect(step(started(), busy('sender', me.session)).state).toMatchObject({ state: 'error', reason: 'busy' });
    expect(step(started(), busy('viewer', me.session)).state.state).toBe('waiting');
    expect(step(started(), busy('sender', 'someoneElse')).state.state).toBe('waiting');
  });

  it('in error, everything is ignored', () => {
    const s = step(started(), hello(other(900), 1200)).state;
    const out = step(s, msg(viewer, 'viewer', { t: 'hello', peer: viewer }, t), { type: 'peer-connected', now: t });
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
    expect(step(out.state, msg(viewer, 'viewer', { t: 'hello', peer: viewer }, t)).effects).toEqual([]);
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
