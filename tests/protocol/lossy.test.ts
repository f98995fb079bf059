/**
 * Property: signaling that loses messages and is slow (300 ms each way) only delays a fresh pair,
 * by seconds: every handshake step (hello, offer, answer, candidates) is sent again until the
 * next step shows it arrived. Hundreds of seeds per loss rate; the figures (worst and p95 time
 * from the later start to both ends active with each other) are printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { peer } from './fixtures';
import { Sim } from './sim';
import type { SimNode } from './sim';

/** Seeds per loss rate. */
const seedCount = 300;

/** One fresh pair at `loss` per delivery and `delayMs` each way; time to active (ms) or undefined within `limitMs`. */
function freshPair(
  seed: number,
  loss: number,
  delayMs: number,
  limitMs = 120_000,
  trace?: (line: string) => void,
): number | undefined {
  const sim = new Sim(seed);
  sim.trace = trace;
  const r = sim.random;
  sim.net = { loss, dup: 0, minDelayMs: delayMs, maxDelayMs: delayMs * 1.2 };
  // Either may open first (the sender usually does), up to 3 s apart.
  const gap = r() * 4000 - 1000;
  let s: SimNode | undefined;
  let v: SimNode | undefined;
  const openSender = () => {
    s = sim.add('S', 'sender', peer('phone', 'Ssess', sim.now));
    sim.start(s);
  };
  const openViewer = () => {
    v = sim.add('V', 'viewer', peer('laptop', 'Vsess', sim.now));
    sim.start(v);
  };
  if (gap >= 0) {
    openSender();
    sim.run(gap);
    openViewer();
  } else {
    openViewer();
    sim.run(-gap);
    openSender();
  }
  const paired = () =>
    s!.state.state === 'active' &&
    v!.state.state === 'active' &&
    s!.state.role === 'sender' &&
    s!.state.viewer?.peer.session === v!.state.self.session &&
    v!.state.role === 'viewer' &&
    v!.state.sender?.peer.session === s!.state.self.session;
  const took = sim.runUntilTrue(paired, limitMs);
  expect(sim.brokenConnections).toBe(0);
  expect(sim.appliedTwice).toBe(0);
  return took;
}

/** Sorted times (undefined = never) → worst, p95, median and how many within `boundMs`. */
function figures(times: (number | undefined)[], boundMs: number) {
  const done = times.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const at = (q: number) => done[Math.min(done.length - 1, Math.ceil(q * times.length) - 1)];
  return {
    within: times.filter((t) => t !== undefined && t <= boundMs).length,
    median: at(0.5),
    p95: done.length >= 0.95 * times.length ? at(0.95) : undefined,
    worst: done.length === times.length ? done[done.length - 1] : undefined,
  };
}

const lines: string[] = [];

describe('lossy, slow signaling (fresh pairs)', () => {
  // `within`: the share of seeds that must be active within 20 s; all must be within `allMs`.
  const cases = [
    { name: '0% loss, 300 ms', loss: 0, delayMs: 300, within: 1, allMs: 3000 },
    { name: '10% loss, 300 ms', loss: 0.1, delayMs: 300, within: 1, allMs: 20_000 },
    { name: '25% loss, 300 ms', loss: 0.25, delayMs: 300, within: 1, allMs: 20_000 },
    // The lab's proxy is crossed twice per message (publish, delivery): loss 1-(1-p)², 600 ms.
    { name: 'lab 10% (19% per message, 600 ms)', loss: 0.19, delayMs: 600, within: 1, allMs: 20_000 },
    { name: 'lab 25% (44% per message, 600 ms)', loss: 0.4375, delayMs: 600, within: 0.95, allMs: 60_000 },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.within * 100}% of ${seedCount} fresh pairs active within 20 s, all within ${c.allMs / 1000} s`, () => {
      const times: (number | undefined)[] = [];
      for (let seed = 1; seed <= seedCount; seed += 1) times.push(freshPair(seed, c.loss, c.delayMs));
      const f = figures(times, 20_000);
      lines.push(
        `${c.name}: ${seedCount} seeds, ${f.within} within 20 s, median ${f.median} ms, p95 ${f.p95} ms, worst ${f.worst} ms`,
      );
      expect(f.within).toBeGreaterThanOrEqual(c.within * seedCount);
      expect(f.worst).toBeDefined();
      expect(f.worst!).toBeLessThanOrEqual(c.allMs);
    });
  }
  afterAll(() => {
    console.info(`lossy signaling:\n  ${lines.join('\n  ')}`);
  });
});
