import { describe, expect, it } from 'vitest';
import { clipPlan, pickClipMimeType, pickTake } from '../../../src/ui/monitor/clip-window';

describe('clipPlan', () => {
  it('spaces three takes half a window apart: clips of 30 to 45 s', () => {
    expect(clipPlan(30_000, 3)).toEqual({ staggerMs: 15_000, takes: 3, maxTakeMs: 45_000 });
  });

  it('two takes one window apart; bad options fall back', () => {
    expect(clipPlan(10_000, 2)).toEqual({ staggerMs: 10_000, takes: 2, maxTakeMs: 20_000 });
    expect(clipPlan(10_000, 1).takes).toBe(2);
    expect(clipPlan(Number.NaN).staggerMs).toBe(30_000);
    expect(clipPlan(10).staggerMs).toBe(1_000);
    // The default: two encoders, clips of 30 to 60 s.
    expect(clipPlan()).toEqual({ staggerMs: 30_000, takes: 2, maxTakeMs: 60_000 });
  });

  it('always leaves a take at least a window old once the first is (simulated over hours)', () => {
    const windowMs = 30_000;
    const { staggerMs, takes, maxTakeMs } = clipPlan(windowMs, 3);
    let started: number[] = [];
    for (let tick = 0; tick < 1000; tick++) {
      const now = tick * staggerMs;
      started.push(now);
      if (started.length > takes) started = started.slice(1);
      for (const at of [now, now + staggerMs / 2, now + staggerMs - 1]) {
        const i = pickTake(started, at, windowMs);
        const age = at - (started[i] ?? Number.NaN);
        if (at >= windowMs) {
          expect(age).toBeGreaterThanOrEqual(windowMs);
          expect(age).toBeLessThanOrEqual(maxTakeMs);
        } else expect(age).toBe(at); // the first take: everything so far
      }
    }
  });
});

describe('pickTake', () => {
  it('picks the youngest take covering the window, else the oldest, else none', () => {
    expect(pickTake([0, 15_000, 30_000], 40_000, 30_000)).toBe(0);
    expect(pickTake([30_000, 0, 15_000], 46_000, 30_000)).toBe(2);
    expect(pickTake([5_000, 2_000], 10_000, 30_000)).toBe(1);
    expect(pickTake([], 10_000, 30_000)).toBe(-1);
  });
});

describe('pickClipMimeType', () => {
  it('prefers H.264/AAC MP4, then WebM, then any MP4, and survives a throwing check', () => {
    expect(pickClipMimeType(() => true)).toBe('video/mp4;codecs=avc1,mp4a.40.2');
    expect(pickClipMimeType((type) => type !== 'video/mp4;codecs=avc1,mp4a.40.2')).toBe('video/webm;codecs=vp8,opus');
    expect(pickClipMimeType((type) => type === 'video/mp4')).toBe('video/mp4');
    expect(pickClipMimeType(() => false)).toBeUndefined();
    expect(
      pickClipMimeType(() => {
        throw new Error('no');
      }),
    ).toBeUndefined();
  });
});
