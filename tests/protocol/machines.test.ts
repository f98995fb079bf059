/** Sender and viewer machines driven against each other through the simulated room (sim.ts). */
import { describe, expect, it } from 'vitest';
import { peer } from './fixtures';
import { Sim, calm } from './sim';
import type { SimNode } from './sim';

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Adds and starts a node whose clock is `skewMs` off the room's. */
function join(sim: Sim, name: string, role: 'sender' | 'viewer', device: string, skewMs = 0): SimNode {
  const node = sim.add(name, role, peer(device, `${name}sess`, sim.now + skewMs), skewMs);
  sim.start(node);
  return node;
}

/** A room with a connected sender/viewer pair, settled. */
function connectedRoom(seed = 1) {
  const sim = new Sim(seed);
  const s = join(sim, 'S', 'sender', 'phone');
  sim.run(2000);
  const v = join(sim, 'V', 'viewer', 'laptop');
  sim.run(3000);
  return { sim, s, v };
}

const remoteOf = (n: SimNode) => (n.state.role === 'sender' ? n.state.viewer?.peer : n.state.sender?.peer);
const label = (n: SimNode) => `${n.state.state}/${n.state.reason ?? ''}`;

/** The sender and exactly one viewer are active with each other; every other viewer is not active. */
function converged(s: SimNode, viewers: SimNode[]): boolean {
  if (s.state.state !== 'active') return false;
  const active = viewers.filter((v) => !v.gone && v.state.state === 'active');
  if (active.length !== 1) return false;
  const v = active[0]!;
  return remoteOf(s)?.session === v.state.self.session && remoteOf(v)?.session === s.state.self.session;
}

describe('happy path', () => {
  it('sender first, then viewer: both active, offer/answer applied on each side, tagged with offer 1', () => {
    const { sim, s, v } = connectedRoom();
    expect(sim.states()).toEqual(['active', 'active']);
    expect(s.effects).toContainEqual({ type: 'open-peer', remote: v.state.self, o: 1 });
    expect(s.effects).toContainEqual(expect.objectContaining({ type: 'apply-answer', o: 1 }));
    expect(v.effects).toContainEqual({ type: 'open-peer', remote: s.state.self, o: 1 });
    expect(v.effects).toContainEqual(expect.objectContaining({ type: 'apply-offer', o: 1 }));
    expect(remoteOf(s)).toEqual(v.state.self);
    expect(remoteOf(v)).toEqual(s.state.self);
  });

  it('viewer first, then sender: hello → here → offer → both active', () => {
    for (const seed of seeds(20)) {
      const sim = new Sim(seed);
      const v = join(sim, 'V', 'viewer', 'laptop');
      sim.run(5000);
      const s = join(sim, 'S', 'sender', 'phone');
      sim.run(3000);
      expect(sim.states(), `seed ${seed}`).toEqual(['active', 'active']);
      expect(v.effects).toContainEqual({
        type: 'send',
        body: { t: 'here', to: s.state.self.session, peer: v.state.self },
      });
    }
  });

  it('clocks 10 minutes apart either way make no difference', () => {
    for (const [a, b] of [
      [600_000, -600_000],
      [-600_000, 600_000],
    ]) {
      const sim = new Sim(3);
      join(sim, 'V', 'viewer', 'laptop', a);
      sim.run(1000);
      join(sim, 'S', 'sender', 'phone', b);
      sim.run(3000);
      expect(sim.states()).toEqual(['active', 'active']);
    }
  });
});

describe('simultaneous joins', () => {
  it('RACE: two viewers without a sender never refuse each other; the sender then admits one and refuses the other', () => {
    for (const seed of seeds(100)) {
      const sim = new Sim(seed);
      const a = join(sim, 'A', 'viewer', 'devA', seed % 3);
      const b = join(sim, 'B', 'viewer', 'devB', (seed * 7) % 5);
      sim.run(3000);
      expect([a, b].map(label), `seed ${seed}`).toEqual(['init/', 'init/']);
      const s = join(sim, 'S', 'sender', 'phone');
      sim.run(3000);
      expect(s.state.state, `seed ${seed}`).toBe('active');
      expect([a, b].map(label).sort(), `seed ${seed}`).toEqual(['active/', 'error/busy']);
    }
  });

  it('RACE: two settled viewers that meet late both keep waiting, and the sender takes one of them', () => {
    const sim = new Sim(5);
    const a = join(sim, 'A', 'viewer', 'devA');
    sim.run(10_000);
    const b = join(sim, 'B', 'viewer', 'devB');
    sim.run(10_000);
    expect([a, b].map(label)).toEqual(['init/', 'init/']);
    const s = join(sim, 'S', 'sender', 'phone');
    sim.run(3000);
    expect(converged(s, [a, b])).toBe(true);
  });

  it('two or three viewers racing into a room with a settled sender: one active, the others refused', () => {
    for (const seed of seeds(100)) {
      const sim = new Sim(seed);
      const s = join(sim, 'S', 'sender', 'phone');
      sim.run(3000);
      const viewers = ['A', 'B', 'C'].slice(0, 2 + (seed % 2)).map((n) => join(sim, n, 'viewer', `dev${n}`));
      sim.run(3000);
      expect(converged(s, viewers), `seed ${seed}`).toBe(true);
      expect(viewers.filter((v) => label(v) === 'error/busy')).toHaveLength(viewers.length - 1);
    }
  });

  it('everyone at once (one sender, two viewers): sender and one viewer active, the other refused', () => {
    for (const seed of seeds(100)) {
      const sim = new Sim(seed);
      const s = join(sim, 'S', 'sender', 'phone', seed % 2);
      const a = join(sim, 'A', 'viewer', 'devA', seed % 3);
      const b = join(sim, 'B', 'viewer', 'devB', seed % 5);
      sim.run(3000);
      expect(converged(s, [a, b]), `seed ${seed}`).toBe(true);
      expect([a, b].map(label).sort(), `seed ${seed}`).toEqual(['active/', 'error/busy']);
    }
  });

  it('a refused viewer gets the slot once the admitted one leaves', () => {
    const { sim, s, v } = connectedRoom();
    const late = join(sim, 'L', 'viewer', 'tv');
    sim.run(2000);
    expect(label(late)).toBe('error/busy');
    sim.leave(v, true);
    sim.run(2000);
    expect([s.state.state, late.state.state]).toEqual(['active', 'active']);
    expect(remoteOf(s)).toEqual(late.state.self);
  });
});

describe('refusals', () => {
  it('a newcomer viewer is refused while the viewer slot is held; media keeps flowing', () => {
    const { sim, s, v } = connectedRoom();
    const late = join(sim, 'L', 'viewer', 'tv', -60_000);
    sim.run(2000);
    expect(late.state).toMatchObject({ state: 'error', reason: 'busy' });
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(remoteOf(s)).toEqual(v.state.self);
  });
});

describe('reloads and departures', () => {
  for (const clean of [true, false]) {
    it(`viewer reload (${clean ? 'bye' : 'crash'}): the same device reclaims at once`, () => {
      for (const seed of seeds(30)) {
        const { sim, s, v } = connectedRoom(seed);
        sim.leave(v, clean);
        const again = join(sim, 'V2', 'viewer', 'laptop');
        sim.run(3000);
        expect([s.state.state, again.state.state], `seed ${seed}`).toEqual(['active', 'active']);
        expect(remoteOf(s)).toEqual(again.state.self);
      }
    });

    it(`sender reload (${clean ? 'bye' : 'crash'}): the viewer answers the new sender and takes its offer`, () => {
      for (const seed of seeds(30)) {
        const { sim, s, v } = connectedRoom(seed);
        sim.leave(s, clean);
        const again = join(sim, 'S2', 'sender', 'phone');
        sim.run(6000);
        expect([again.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
        expect(remoteOf(v)).toEqual(again.state.self);
      }
    });
  }

  it('a second tab on the sender device takes over; the first ends replaced', () => {
    for (const seed of seeds(30)) {
      const { sim, s, v } = connectedRoom(seed);
      const tab = join(sim, 'S2', 'sender', 'phone');
      sim.run(3000);
      expect(s.state).toMatchObject({ state: 'error', reason: 'replaced' });
      expect([tab.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(v)).toEqual(tab.state.self);
    }
  });

  it('a second tab on the viewer device takes over; the first ends replaced', () => {
    for (const seed of seeds(30)) {
      const { sim, s, v } = connectedRoom(seed);
      const tab = join(sim, 'V2', 'viewer', 'laptop');
      sim.run(3000);
      expect(v.state).toMatchObject({ state: 'error', reason: 'replaced' });
      expect([s.state.state, tab.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(s)).toEqual(tab.state.self);
    }
  });

  it('viewer leaves: sender waits; a new viewer from another device is admitted', () => {
    const { sim, s, v } = connectedRoom();
    sim.leave(v, true);
    sim.run(1000);
    expect(s.state.state).toBe('waiting');
    const other = join(sim, 'W', 'viewer', 'tv');
    sim.run(2000);
    expect([s.state.state, other.state.state]).toEqual(['active', 'active']);
  });

  it('sender leaves: viewer waits, then a sender from another device is taken', () => {
    const { sim, s, v } = connectedRoom();
    sim.leave(s, true);
    sim.run(1000);
    expect(v.state.state).toBe('waiting');
    sim.run(10_000);
    const other = join(sim, 'T', 'sender', 'tablet');
    sim.run(3000);
    expect([other.state.state, v.state.state]).toEqual(['active', 'active']);
  });
});

describe('races and recovery', () => {
  it('RACE: both sides re-announce at once (broker restart mid-negotiation): converges, no answer ever meets the wrong offer', () => {
    for (const seed of seeds(100)) {
      const sim = new Sim(seed);
      const s = join(sim, 'S', 'sender', 'phone');
      sim.run(2000);
      sim.net = { ...calm, maxDelayMs: 300 };
      const v = join(sim, 'V', 'viewer', 'laptop');
      sim.run(40 * (seed % 10));
      sim.restartBroker();
      sim.run(1000 + 40 * (seed % 7));
      sim.restartBroker();
      expect(
        sim.runUntilTrue(() => converged(s, [v]), 60_000),
        `seed ${seed}`,
      ).toBeDefined();
      expect(sim.brokenConnections, `seed ${seed}`).toBe(0);
    }
  });

  it('a viewer whose network drops for 20 s recovers on its own', () => {
    const { sim, s, v } = connectedRoom();
    sim.networkDown(v, 20_000);
    sim.run(10_000);
    expect(v.state.state).toBe('waiting');
    const took = sim.runUntilTrue(() => converged(s, [v]), 60_000);
    expect(took).toBeDefined();
  });

  it('all messages lost for a minute: the pair connects once the network heals', () => {
    const sim = new Sim(9);
    sim.net = { ...calm, loss: 1 };
    const s = join(sim, 'S', 'sender', 'phone');
    const v = join(sim, 'V', 'viewer', 'laptop');
    sim.run(60_000);
    expect(sim.states()).toEqual(['waiting', 'init']);
    sim.net = calm;
    expect(sim.runUntilTrue(() => converged(s, [v]), 70_000)).toBeDefined();
  });
});
