import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/protocol/peer-rate';

describe('TokenBucket', () => {
  it('lets a burst through, then drops until tokens come back at the rate', () => {
    const bucket = new TokenBucket(20, 40);
    const passed = Array.from({ length: 100 }, () => bucket.take(0)).filter(Boolean).length;
    expect(passed).toBe(40);
    expect(bucket.take(10)).toBe(false);
    expect(bucket.take(50)).toBe(true); // 50 ms at 20/s: one token
    expect(bucket.take(50)).toBe(false);
  });

  it('over 5 s of a flood, passes the burst plus the rate and no more', () => {
    const bucket = new TokenBucket(20, 40);
    let passed = 0;
    for (let ms = 0; ms < 5000; ms += 5) if (bucket.take(ms)) passed++;
    expect(passed).toBeLessThanOrEqual(40 + 20 * 5);
    expect(passed).toBeGreaterThanOrEqual(40 + 20 * 4);
  });
});
