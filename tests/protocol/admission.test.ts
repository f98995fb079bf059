import { describe, expect, it } from 'vitest';
import {
  acceptsSender,
  compareClaims,
  decideRival,
  decideSlot,
  defendsSlot,
  isNewerOfDevice,
  helloBackoffMs,
  isSettled,
  maxNegotiationTimeoutMs,
  negotiationTimeoutMs,
  offerTimeoutMs,
  presenceWindowMs,
  sameDevice,
  samePeer,
  viewerNegotiationTimeoutMs,
} from '../../src/protocol/admission';
import { peer } from './fixtures';

const a = peer('devA', 'sessA', 1000);
const b = peer('devB', 'sessB', 2000);

describe('compareClaims', () => {
  it('earlier since wins', () => {
    expect(compareClaims(a, b)).toBeLessThan(0);
    expect(compareClaims(b, a)).toBeGreaterThan(0);
  });

  it('ties break by session id order', () => {
    const x = peer('devX', 'sessAAA', 5);
    const y = peer('devY', 'sessBBB', 5);
    expect(compareClaims(x, y)).toBeLessThan(0);
    expect(compareClaims(y, x)).toBeGreaterThan(0);
    expect(compareClaims(x, x)).toBe(0);
  });

  it('is antisymmetric and transitive over a sample', () => {
    const peers = [a, b, peer('d1', 's3', 1000), peer('d2', 's0', 1000), peer('d3', 's9', 0)];
    for (const p of peers) {
      for (const q of peers) {
        expect(Math.sign(compareClaims(p, q)) + Math.sign(compareClaims(q, p))).toBe(0);
        for (const r of peers) {
          if (compareClaims(p, q) < 0 && compareClaims(q, r) < 0) expect(compareClaims(p, r)).toBeLessThan(0);
        }
      }
    }
  });
});

describe('device helpers', () => {
  it('sameDevice / isNewerOfDevice', () => {
    const reload = peer('devA', 'sessA2', 5000);
    expect(sameDevice(a, reload)).toBe(true);
    expect(sameDevice(a, b)).toBe(false);
    expect(isNewerOfDevice(reload, a)).toBe(true);
    expect(isNewerOfDevice(a, reload)).toBe(false);
    expect(isNewerOfDevice(b, a)).toBe(false);
    expect(samePeer(a, { ...a })).toBe(true);
    expect(samePeer(a, { ...a, device: 'devZ0000' })).toBe(false);
  });
});

describe('isSettled', () => {
  it('after the presence window, or at once with a connected peer', () => {
    expect(isSettled(a, a.since + presenceWindowMs - 1, false)).toBe(false);
    expect(isSettled(a, a.since + presenceWindowMs, false)).toBe(true);
    expect(isSettled(a, a.since, true)).toBe(true);
  });
});

describe('timing', () => {
  it('offers wait 15 s, then 30 s; the viewer waits longer than any one offer; hellos start at 1 s and back off to 60 s', () => {
    expect([1, 2, 3, 4].map(offerTimeoutMs)).toEqual([15_000, 30_000, 30_000, 30_000]);
    expect(offerTimeoutMs(1)).toBe(negotiationTimeoutMs);
    expect(viewerNegotiationTimeoutMs).toBeGreaterThan(maxNegotiationTimeoutMs);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map(helloBackoffMs)).toEqual([
      1000, 1000, 1000, 2000, 2000, 3000, 3000, 4000, 5000, 8000, 15_000, 30_000, 60_000, 60_000,
    ]);
  });
});

describe('defendsSlot', () => {
  it('connected, or before the offer deadline', () => {
    expect(defendsSlot({ peer: a, admittedAt: 0, connected: true }, 0, 1e9)).toBe(true);
    expect(defendsSlot({ peer: a, admittedAt: 0, connected: false }, 100, 99)).toBe(true);
    expect(defendsSlot({ peer: a, admittedAt: 0, connected: false }, 100, 100)).toBe(false);
  });
});

describe('decideSlot', () => {
  const holder = { peer: a, admittedAt: 10_000, connected: false };
  const deadline = 25_000;
  it('admits into a free slot', () => expect(decideSlot(undefined, b, 0, 0)).toBe('admit'));
  it('reclaims for the holder itself', () => expect(decideSlot(holder, a, 10_001, deadline)).toBe('reclaim'));
  it('reclaims for a later session of the same device', () => {
    expect(decideSlot(holder, peer('devA', 'sessA2', 1001), 10_001, deadline)).toBe('reclaim');
    expect(decideSlot({ ...holder, connected: true }, peer('devA', 'sessA2', 1001), 10_001, deadline)).toBe('reclaim');
  });
  it('ATTACK: the holder’s session id under another device is another device, never a reclaim', () => {
    const copy = peer('devEvil', a.session, 5000);
    expect(decideSlot({ ...holder, connected: true }, copy, 10_001, deadline)).toBe('refuse');
    expect(decideSlot(holder, copy, deadline, deadline)).toBe('replace');
  });
  it('ignores an earlier session of the same device', () => {
    expect(decideSlot(holder, peer('devA', 'oldSessA', 999), 10_001, deadline)).toBe('ignore');
  });
  it('refuses another device while the holder is live', () => {
    expect(decideSlot(holder, b, deadline - 1, deadline)).toBe('refuse');
    expect(decideSlot({ ...holder, connected: true }, b, 1e9, deadline)).toBe('refuse');
  });
  it('replaces a dead holder', () => {
    expect(decideSlot(holder, b, deadline, deadline)).toBe('replace');
  });
});

describe('decideRival', () => {
  it('a later claim of my device replaces me; an earlier one is ignored', () => {
    expect(decideRival(a, true, peer('devA', 'sessA2', 1001))).toBe('replaced');
    expect(decideRival(a, false, peer('devA', 'oldSessA', 999))).toBe('ignore');
  });
  it('settled: refuse whatever the claims say', () => {
    expect(decideRival(b, true, a)).toBe('refuse');
  });
  it('unsettled: the earlier claim wins', () => {
    expect(decideRival(b, false, a)).toBe('yield');
    expect(decideRival(a, false, b)).toBe('refuse');
  });
  it('two unsettled rivals always agree on exactly one winner', () => {
    const pairs = [
      [a, b],
      [peer('d1', 'sessX', 7), peer('d2', 'sessY', 7)],
    ] as const;
    for (const [p, q] of pairs) {
      const verdicts = [decideRival(p, false, q), decideRival(q, false, p)].sort();
      expect(verdicts).toEqual(['refuse', 'yield']);
    }
  });
});

describe('acceptsSender', () => {
  it('takes a sender when none, the same one, a newer one of its device, or the current is not connected', () => {
    expect(acceptsSender(undefined, a)).toBe(true);
    expect(acceptsSender({ peer: a, connected: true }, a)).toBe(true);
    expect(acceptsSender({ peer: a, connected: true }, peer('devA', 'sessA2', 1001))).toBe(true);
    expect(acceptsSender({ peer: a, connected: false }, b)).toBe(true);
  });
  it('refuses another device, an older session, or its session under another key while connected', () => {
    expect(acceptsSender({ peer: a, connected: true }, b)).toBe(false);
    expect(acceptsSender({ peer: a, connected: true }, { ...a, device: 'devZ0000' })).toBe(false);
    expect(acceptsSender({ peer: a, connected: true }, peer('devA', 'oldSessA', 999))).toBe(false);
  });
});
