import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src/protocol/replay';

describe('ReplayGuard', () => {
  it('tracks each sender separately', () => {
    const g = new ReplayGuard({ window: 8, maxSenders: 4 });
    g.record('a', 1);
    expect(g.isReplay('a', 1)).toBe(true);
    expect(g.isReplay('b', 1)).toBe(false);
  });

  it('slides the window: seqs at or below highest - window are replays', () => {
    const g = new ReplayGuard({ window: 4, maxSenders: 4 });
    g.record('a', 10);
    expect(g.isReplay('a', 6)).toBe(true);
    expect(g.isReplay('a', 7)).toBe(false);
    for (const s of [7, 8, 9]) g.record('a', s);
    g.record('a', 11);
    expect(g.isReplay('a', 7)).toBe(true);
    expect(g.isReplay('a', 12)).toBe(false);
  });

  it('keeps memory bounded per sender', () => {
    const g = new ReplayGuard({ window: 16, maxSenders: 1 });
    for (let s = 1; s <= 10_000; s += 1) g.record('a', s);
    for (let s = 9985; s <= 10_000; s += 1) expect(g.isReplay('a', s)).toBe(true);
    expect(g.isReplay('a', 10_001)).toBe(false);
  });

  it('evicts the least recently seen sender beyond the bound', () => {
    const g = new ReplayGuard({ window: 8, maxSenders: 2 });
    g.record('a', 1);
    g.record('b', 1);
    g.record('a', 2); // a is now the most recent
    g.record('c', 1); // evicts b
    expect(g.trackedSenders).toBe(2);
    expect(g.isReplay('a', 1)).toBe(true);
    expect(g.isReplay('c', 1)).toBe(true);
    expect(g.isReplay('b', 1)).toBe(false);
  });

  it('rejects bounds below 1', () => {
    expect(() => new ReplayGuard({ window: 0, maxSenders: 1 })).toThrow(RangeError);
  });
});

describe('ReplayGuard wills', () => {
  it('a will below the window is accepted once, then is a replay', () => {
    const g = new ReplayGuard({ window: 4, maxSenders: 4 });
    for (let s = 2; s <= 100; s += 1) g.record('a', s);
    expect(g.isReplay('a', 1)).toBe(true);
    expect(g.isReplay('a', 1, true)).toBe(false);
    g.record('a', 1, true);
    expect(g.isReplay('a', 1, true)).toBe(true);
    expect(g.isReplay('a', 1)).toBe(true);
  });

  it('a will inside the window that was already seen is a replay', () => {
    const g = new ReplayGuard({ window: 4, maxSenders: 4 });
    g.record('a', 5);
    expect(g.isReplay('a', 5, true)).toBe(true);
  });
});
