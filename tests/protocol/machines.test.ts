/** Sender and viewer machines driven against each other through the simulated room (sim.ts). */
import { describe, expect, it } from 'vitest';
import { presenceWindowMs } from '../../src/protocol/admission';
import { peer } from './fixtures';
import { Sim } from './sim';
import type { SimNode } from './sim';

const seeds = Array.from({ length: 150 }, (_, i) => i + 1);

/** Adds and starts a node whose `since` is the room's clock plus `skewMs`. */
function join(sim: Sim, name: string, role: 'sender' | 'viewer', device: string, skewMs = 0): SimNode {
  const node = sim.add(name, role, peer(device, `${name}sess`, sim.now + skewMs));
  sim.start(node);
  return node;
}

/** A room with a connected sender/viewer pair, settled. */
function connectedRoom(seed = 1) {
  const sim = new Sim(seed);
  const s = join(sim, 'S', 'sender', 'phone');
  sim.flush();
  sim.now += 2000;
  const v = join(sim, 'V', 'viewer', 'laptop');
  sim.flush();
  sim.now += 2000;
  return { sim, s, v };
}

const remoteOf = (n: SimNode) => (n.state.role === 'sender' ? n.state.viewer?.peer : n.state.sender?.peer);

describe('happy path', () => {
  it('sender first, then viewer: both active, offer/answer applied on each side', () => {
    const { sim, s, v } = connectedRoom();
    expect(sim.states()).toEqual(['active', 'active']);
    expect(s.effects).toContainEqual({ type: 'open-peer', remote: v.state.self });
    expect(s.effects.some((e) => e.type === 'apply-answer')).toBe(true);
    expect(v.effects).toContainEqual({ type: 'open-peer', remote: s.state.self });
    expect(v.effects.some((e) => e.type === 'apply-offer')).toBe(true);
    expect(remoteOf(s)).toEqual(v.state.self);
    expect(remoteOf(v)).toEqual(s.state.self);
  });

  it('viewer first, then sender: hello → here → offer → both active', () => {
    for (const seed of seeds.slice(0, 20)) {
      const sim = new Sim(seed);
      const v = join(sim, 'V', 'viewer', 'laptop');
      sim.flush();
      sim.now += 5000;
      const s = join(sim, 'S', 'sender', 'phone');
      sim.flush();
      expect(sim.states(), `seed ${seed}`).toEqual(['active', 'active']);
      expect(v.effects).toContainEqual({
        type: 'send',
        body: { t: 'here', to: s.state.self.session, peer: v.state.self },
      });
    }
  });
});

describe('simultaneous joins', () => {
  it('two viewers without a sender: exactly one ends in error busy, both agree; a sender then takes the winner', () => {
    for (const seed of seeds) {
      const sim = new Sim(seed);
      const a = join(sim, 'A', 'viewer', 'devA', seed % 3);
      const b = join(sim, 'B', 'viewer', 'devB', (seed * 7) % 5);
      sim.flush();
      const errors = [a, b].filter((n) => n.state.state === 'error');
      expect(errors, `seed ${seed}`).toHaveLength(1);
      expect(errors[0]!.state.reason).toBe('busy');
      const winner = errors[0] === a ? b : a;
      sim.now += 3000;
      const s = join(sim, 'S', 'sender', 'phone');
      sim.flush();
      expect(s.state.state, `seed ${seed}`).toBe('active');
      expect(winner.state.state).toBe('active');
      expect(errors[0]!.state.state).toBe('error');
    }
  });

  it('a viewer that only hears the other: one error either way (also with a skewed clock)', () => {
    for (const skew of [200, -5000]) {
      const sim = new Sim(1);
      const a = join(sim, 'A', 'viewer', 'devA');
      sim.flush();
      sim.now += presenceWindowMs / 2;
      const b = join(sim, 'B', 'viewer', 'devB', skew);
      sim.flush();
      expect(
        sim.states().filter((s) => s === 'error'),
        `skew ${skew}`,
      ).toHaveLength(1);
      expect([a, b].find((n) => n.state.state === 'error')).toBe(skew > 0 ? b : a);
    }
  });

  it('two senders: exactly one ends in error busy; a viewer then connects to the winner', () => {
    for (const seed of seeds) {
      const sim = new Sim(seed);
      const a = join(sim, 'A', 'sender', 'phoneA', seed % 4);
      const b = join(sim, 'B', 'sender', 'phoneB', seed % 3);
      sim.flush();
      const errors = [a, b].filter((n) => n.state.state === 'error');
      expect(errors, `seed ${seed}`).toHaveLength(1);
      const winner = errors[0] === a ? b : a;
      sim.now += 3000;
      const v = join(sim, 'V', 'viewer', 'laptop');
      sim.flush();
      expect([winner.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(v)).toEqual(winner.state.self);
    }
  });

  it('two viewers racing into a room with a settled sender: one active, one refused', () => {
    for (const seed of seeds) {
      const sim = new Sim(seed);
      const s = join(sim, 'S', 'sender', 'phone');
      sim.flush();
      sim.now += 3000;
      const a = join(sim, 'A', 'viewer', 'devA', seed % 3);
      const b = join(sim, 'B', 'viewer', 'devB', seed % 5);
      sim.flush();
      const states = [a, b].map((n) => `${n.state.state}/${n.state.reason ?? ''}`).sort();
      expect(states, `seed ${seed}`).toEqual(['active/', 'error/busy']);
      expect(s.state.state).toBe('active');
      expect(remoteOf(s)).toEqual([a, b].find((n) => n.state.state === 'active')!.state.self);
    }
  });

  it('two senders racing into a room with a waiting viewer: the viewer ends with the winner', () => {
    for (const seed of seeds) {
      const sim = new Sim(seed);
      const v = join(sim, 'V', 'viewer', 'laptop');
      sim.flush();
      sim.now += 3000;
      const a = join(sim, 'A', 'sender', 'phoneA', seed % 3);
      const b = join(sim, 'B', 'sender', 'phoneB', seed % 4);
      sim.flush();
      const winner = [a, b].find((n) => n.state.state !== 'error');
      expect(
        sim.states().filter((x) => x === 'error'),
        `seed ${seed}`,
      ).toHaveLength(1);
      expect([winner?.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(v)).toEqual(winner!.state.self);
    }
  });

  it('everyone at once (one sender, two viewers): sender and one viewer active, the other refused', () => {
    for (const seed of seeds) {
      const sim = new Sim(seed);
      const s = join(sim, 'S', 'sender', 'phone', seed % 2);
      const a = join(sim, 'A', 'viewer', 'devA', seed % 3);
      const b = join(sim, 'B', 'viewer', 'devB', seed % 5);
      sim.flush();
      expect(s.state.state, `seed ${seed}`).toBe('active');
      const states = [a, b].map((n) => `${n.state.state}/${n.state.reason ?? ''}`).sort();
      expect(states, `seed ${seed}`).toEqual(['active/', 'error/busy']);
    }
  });
});

describe('refusals', () => {
  it('a settled sender refuses a newcomer sender, which ends in error busy; media keeps flowing', () => {
    const { sim, s, v } = connectedRoom();
    const late = join(sim, 'L', 'sender', 'otherPhone', -60_000); // even with an earlier clock
    sim.flush();
    expect(late.state).toMatchObject({ state: 'error', reason: 'busy' });
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
  });

  it('a newcomer viewer is refused while the viewer slot is held', () => {
    const { sim, s, v } = connectedRoom();
    const late = join(sim, 'L', 'viewer', 'tv', -60_000);
    sim.flush();
    expect(late.state).toMatchObject({ state: 'error', reason: 'busy' });
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(remoteOf(s)).toEqual(v.state.self);
  });
});

describe('reloads and departures', () => {
  for (const clean of [true, false]) {
    it(`viewer reload (${clean ? 'bye' : 'crash'}): the same device reclaims at once`, () => {
      for (const seed of seeds.slice(0, 50)) {
        const { sim, s, v } = connectedRoom(seed);
        sim.leave(v, clean);
        const again = join(sim, 'V2', 'viewer', 'laptop');
        sim.flush();
        expect([s.state.state, again.state.state], `seed ${seed}`).toEqual(['active', 'active']);
        expect(remoteOf(s)).toEqual(again.state.self);
      }
    });

    it(`sender reload (${clean ? 'bye' : 'crash'}): the viewer answers the new sender and takes its offer`, () => {
      for (const seed of seeds.slice(0, 50)) {
        const { sim, s, v } = connectedRoom(seed);
        sim.leave(s, clean);
        const again = join(sim, 'S2', 'sender', 'phone');
        sim.flush();
        expect([again.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
        expect(remoteOf(v)).toEqual(again.state.self);
      }
    });
  }

  it('a second tab on the sender device takes over; the first ends replaced', () => {
    for (const seed of seeds.slice(0, 50)) {
      const { sim, s, v } = connectedRoom(seed);
      const tab = join(sim, 'S2', 'sender', 'phone');
      sim.flush();
      expect(s.state).toMatchObject({ state: 'error', reason: 'replaced' });
      expect([tab.state.state, v.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(v)).toEqual(tab.state.self);
    }
  });

  it('a second tab on the viewer device takes over; the first ends replaced', () => {
    for (const seed of seeds.slice(0, 50)) {
      const { sim, s, v } = connectedRoom(seed);
      const tab = join(sim, 'V2', 'viewer', 'laptop');
      sim.flush();
      expect(v.state).toMatchObject({ state: 'error', reason: 'replaced' });
      expect([s.state.state, tab.state.state], `seed ${seed}`).toEqual(['active', 'active']);
      expect(remoteOf(s)).toEqual(tab.state.self);
    }
  });

  it('viewer leaves: sender waits; a new viewer from another device is admitted', () => {
    const { sim, s, v } = connectedRoom();
    sim.leave(v, true);
    sim.flush();
    expect(s.state.state).toBe('waiting');
    const other = join(sim, 'W', 'viewer', 'tv');
    sim.flush();
    expect([s.state.state, other.state.state]).toEqual(['active', 'active']);
  });

  it('sender leaves: viewer waits, then a sender from another device is taken', () => {
    const { sim, s, v } = connectedRoom();
    sim.leave(s, true);
    sim.flush();
    expect(v.state.state).toBe('waiting');
    sim.now += 10_000;
    const other = join(sim, 'T', 'sender', 'tablet');
    sim.flush();
    expect([other.state.state, v.state.state]).toEqual(['active', 'active']);
  });
});
