import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestThrottle } from '../../../src/ui/controllers/latest-throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LatestThrottle', () => {
  it('takes the first at once, then only the latest once the interval passed', async () => {
    const taken: [number, boolean][] = [];
    const throttle = new LatestThrottle<number>(1000, (n, late) => taken.push([n, late]));
    for (let n = 1; n <= 20; n++) throttle.push(n);
    expect(taken).toEqual([[1, false]]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(taken).toEqual([
      [1, false],
      [20, true],
    ]);
  });

  it('cancel forgets what was kept back', async () => {
    const taken: number[] = [];
    const throttle = new LatestThrottle<number>(1000, (n) => taken.push(n));
    throttle.push(1);
    throttle.push(2);
    throttle.cancel();
    await vi.advanceTimersByTimeAsync(2000);
    expect(taken).toEqual([1]);
  });
});
