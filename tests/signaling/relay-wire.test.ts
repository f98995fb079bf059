/**
 * The early-frames entry (src/signaling/relay-wire.ts) near its budget: which frames it carries
 * is exactly what encoding every candidate would give, and a candidate too long is not encoded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  earlyFramesBudgetChars,
  earlyFramesOffer,
  earlyFramesPrefix,
  maxEarlyFrames,
  relayEarlySubprotocol,
} from '../../src/signaling/relay-wire';

/** The offer as defined: the most frames whose base64url JSON fits, each candidate encoded. */
function reference(frames: readonly string[]): ReturnType<typeof earlyFramesOffer> {
  for (let count = Math.min(frames.length, maxEarlyFrames); count > 0; count -= 1) {
    const entry = Buffer.from(JSON.stringify(frames.slice(0, count)), 'utf8').toString('base64url');
    if (entry.length <= earlyFramesBudgetChars)
      return { count, protocols: [relayEarlySubprotocol, earlyFramesPrefix + entry] };
  }
  return undefined;
}

/** Largest `n` in [0, max] for which `fits(n)` holds (`fits` true at 0, and false from some n on). */
function largest(fits: (n: number) => boolean, max: number): number {
  let [low, high] = [0, max];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('earlyFramesOffer near its budget', () => {
  it('carries a single frame whose entry is exactly the budget, and none one byte longer', () => {
    // 4 608 bytes of JSON are exactly 6 144 base64 characters; `["` and `"]` take four of them.
    const fitting = 'x'.repeat((earlyFramesBudgetChars * 3) / 4 - 4);
    const offer = earlyFramesOffer([fitting])!;
    expect(offer.count).toBe(1);
    expect(offer.protocols[1]).toHaveLength(earlyFramesPrefix.length + earlyFramesBudgetChars);
    expect(earlyFramesOffer([`${fitting}x`])).toBeUndefined();
  });

  it('carries exactly the frames encoding each candidate would, around every boundary', () => {
    // ASCII, two-, three- and four-byte characters, a lone surrogate, and characters JSON escapes.
    for (const unit of ['x', 'é', '€', '😀', '\ud800', '"', '\n', '\u0001']) {
      const frames = (n: number): string[] => [
        'a'.repeat(700),
        `${'b'.repeat(300)}${unit.repeat(n)}`,
        'c'.repeat(900),
        'é'.repeat(400),
        ...Array.from({ length: 6 }, (_, i) => `frame ${i} ${unit.repeat(250)}`),
      ];
      // Each length where the reference carries one frame fewer than just before.
      const edges: number[] = [];
      for (let count = maxEarlyFrames; count > 1; count -= 1) {
        const n = largest((k) => (reference(frames(k))?.count ?? 0) >= count, 6_000);
        if (n > 0 && n < 6_000) edges.push(n);
      }
      expect(edges.length).toBeGreaterThan(0);
      for (const edge of edges)
        for (let n = Math.max(0, edge - 3); n <= edge + 3; n += 1)
          expect(earlyFramesOffer(frames(n)), `${JSON.stringify(unit)} × ${n}`).toEqual(reference(frames(n)));
    }
  });

  it('encodes only the candidate that fits, not the longer ones before it', () => {
    const btoa = vi.spyOn(globalThis, 'btoa');
    const frames = Array.from({ length: maxEarlyFrames }, (_, i) => `${i}`.repeat(1_000)); // four fit
    const offer = earlyFramesOffer(frames);
    expect(offer).toEqual(reference(frames));
    expect(offer?.count).toBe(4);
    expect(btoa).toHaveBeenCalledTimes(1);
    btoa.mockClear();
    expect(earlyFramesOffer(['x'.repeat(20_000)])).toBeUndefined();
    expect(btoa).not.toHaveBeenCalled();
  });
});
