import { describe, expect, it } from 'vitest';
import { PeerMemory, peerId } from '../../src/protocol/peer-memory';

describe('PeerMemory', () => {
  it('keeps one replay window per (key, session)', () => {
    const m = new PeerMemory({ window: 4, maxPeers: 8 });
    m.record(peerId('keyA', 's1'), 2 ** 53 - 1, undefined, 0);
    expect(m.isReplay(peerId('keyB', 's1'), 1)).toBe(false);
    expect(m.isReplay(peerId('keyA', 's1'), 5)).toBe(true);
  });

  it('window: repeats and seqs below it are replays; reordering inside it is fine', () => {
    const m = new PeerMemory({ window: 4, maxPeers: 8 });
    const id = peerId('k', 's');
    for (const seq of [3, 1, 2]) {
      expect(m.isReplay(id, seq)).toBe(false);
      m.record(id, seq, undefined, 0);
    }
    expect(m.isReplay(id, 2)).toBe(true);
    m.record(id, 10, undefined, 0);
    expect(m.isReplay(id, 6)).toBe(true);
    expect(m.isReplay(id, 7)).toBe(false);
  });

  it('evicts the least recently seen beyond the bound, except kept peers (until twice the bound)', () => {
    const kept = peerId('trusted', 's0');
    const m = new PeerMemory({ window: 4, maxPeers: 3, keep: (id) => id === kept });
    m.record(kept, 1, undefined, 0);
    for (let i = 1; i <= 10; i += 1) m.record(peerId('k', `s${i}`), 1, undefined, 0);
    expect(m.has(kept)).toBe(true);
    expect(m.size).toBe(3);
    expect(m.has(peerId('k', 's1'))).toBe(false);
    const all = new PeerMemory({ window: 4, maxPeers: 2, keep: () => true });
    for (let i = 1; i <= 10; i += 1) all.record(peerId('k', `s${i}`), 1, undefined, 0);
    expect(all.size).toBe(4);
  });

  it('wills: the latest connection announced (by seq), not older than the limit, once', () => {
    const m = new PeerMemory({ window: 8, maxPeers: 4 });
    const id = peerId('k', 's');
    expect(m.acceptsWill(id, 'c1', 0, 100)).toBe(false); // never heard from
    m.record(id, 1, 'c1', 1000);
    m.record(id, 3, 'c2', 2000);
    m.record(id, 2, 'c1', 2500); // sealed before c2, arrived late: c2 stays the latest
    expect(m.acceptsWill(id, 'c1', 3000, 10_000)).toBe(false);
    expect(m.acceptsWill(id, 'c2', 12_000, 10_000)).toBe(true);
    expect(m.acceptsWill(id, 'c2', 12_001, 10_000)).toBe(false);
    m.takeWill(id);
    expect(m.acceptsWill(id, 'c2', 3000, 10_000)).toBe(false);
    m.record(id, 4, 'c3', 4000);
    expect(m.acceptsWill(id, 'c3', 4000, 10_000)).toBe(true);
  });

  it('refuses bounds below 1', () => {
    expect(() => new PeerMemory({ window: 0, maxPeers: 1 })).toThrow(RangeError);
  });
});
