import { describe, expect, it } from 'vitest';
import { type StallInput, StallTracker } from '../../../src/ui/monitor/stall-tracker';

const options = { noFrameMs: 2_000, graceMs: 5_000 };

/** Runs the tracker every 250 ms from 0 to `untilMs`, inputs from `at(t)`; returns the first stalled status and its time. */
function run(untilMs: number, at: (t: number) => Omit<StallInput, 'nowMs'>) {
  const tracker = new StallTracker(options);
  for (let t = 0; t <= untilMs; t += 250) {
    const status = tracker.update({ nowMs: t, ...at(t) });
    if (status.stalled) return { t, status };
  }
  return undefined;
}

/** Frames every 100 ms until `stopMs`. */
const framesUntil = (stopMs: number) => (t: number) => Math.floor(Math.min(t, stopMs) / 100) * 100;

describe('StallTracker', () => {
  it('live video is never stalled, nor a viewer that never had a frame', () => {
    expect(
      run(60_000, (t) => ({ lastFrameMs: framesUntil(Infinity)(t), peerConnected: true, pausedBy: undefined })),
    ).toBeUndefined();
    expect(run(60_000, () => ({ lastFrameMs: undefined, peerConnected: false, pausedBy: undefined }))).toBeUndefined();
  });

  it('frames stop (peer still up): stalled once the grace time after the last frame passed', () => {
    const found = run(60_000, (t) => ({
      lastFrameMs: framesUntil(10_000)(t),
      peerConnected: true,
      pausedBy: undefined,
    }));
    expect(found?.t).toBe(15_000);
    expect(found?.status).toEqual({ reason: 'frames', sinceMs: 10_000, stalled: true });
  });

  it('the sender gone (heartbeat lost): stalled after the grace time', () => {
    const found = run(60_000, (t) => ({
      lastFrameMs: framesUntil(10_000)(t),
      peerConnected: t < 10_000,
      pausedBy: undefined,
    }));
    expect(found?.status.reason).toBe('peer');
    expect(found?.t).toBe(15_000);
  });

  it('a short drop that recovers within the grace time is not stalled', () => {
    const found = run(60_000, (t) => ({
      lastFrameMs: t > 10_000 && t < 13_000 ? 10_000 : framesUntil(Infinity)(t),
      peerConnected: !(t > 10_000 && t < 13_000),
      pausedBy: undefined,
    }));
    expect(found).toBeUndefined();
  });

  it("the person's pause is never stalled, and its length does not count once it ends", () => {
    const paused = (t: number) => t >= 10_000 && t < 40_000;
    expect(
      run(40_000, (t) => ({
        lastFrameMs: framesUntil(10_000)(t),
        peerConnected: true,
        pausedBy: paused(t) ? 'person' : undefined,
      })),
    ).toBeUndefined();
    // Unpaused at 40 s (last tick seen paused: 39.75 s) but frames never come back: stalled 5 s later, not at once.
    const found = run(60_000, (t) => ({
      lastFrameMs: framesUntil(10_000)(t),
      peerConnected: true,
      pausedBy: paused(t) ? 'person' : undefined,
    }));
    expect(found?.t).toBe(44_750);
  });

  it('the sender gone while paused by the person is stalled', () => {
    const found = run(60_000, (t) => ({
      lastFrameMs: framesUntil(10_000)(t),
      peerConnected: t < 20_000,
      pausedBy: 'person',
    }));
    expect(found?.status.reason).toBe('peer');
    expect(found?.t).toBeLessThanOrEqual(20_000);
  });

  it('the phone pausing the camera (page in the background) is stalled, with its reason', () => {
    const found = run(60_000, (t) => ({
      lastFrameMs: framesUntil(10_000)(t),
      peerConnected: true,
      pausedBy: t >= 10_000 ? 'phone' : undefined,
    }));
    expect(found?.status.reason).toBe('phone');
    expect(found?.t).toBe(15_000);
  });
});
