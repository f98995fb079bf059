/** Measures, from the viewer's frame log, when video stopped and when it flows steadily again. */
import type { Page } from '@playwright/test';
import { frameLog } from './page-probe';

/** A pause at least this long counts as the video having stopped (shorter ones happen on a busy machine). */
export const outageMs = 1_000;
/** How often the frame log is read while waiting. */
const pollMs = 200;

/** A point in time on the viewer, to measure from. */
export interface FrameMark {
  at: number;
  count: number;
}

/** What happened to the video after a mark. */
export interface Recovery {
  /** From the mark to the end of the last outage; 0 when the video never stopped. */
  recoveredMs: number;
  /** Longest pause between two frames after the mark. */
  maxGapMs: number;
  /** Outages (pauses ≥ outageMs) after the mark. */
  outages: number;
  /** Frames presented after the last outage. */
  framesAfter: number;
}

/** Marks now on the viewer's frame log. */
export async function markFrames(page: Page): Promise<FrameMark> {
  const log = await frameLog(page);
  return { at: Date.now(), count: log.count };
}

/** Options of {@link waitForSteadyVideo}. */
export interface SteadyOptions {
  /** Give up after this long from the mark. */
  timeoutMs: number;
  /** Frames needed after the last outage. */
  steadyFrames?: number;
  /** Do not conclude before this long after the mark (an outage may start late). */
  observeMs?: number;
}

/**
 * Waits until, after `mark`, the viewer has presented `steadyFrames` frames since its last
 * outage and is still presenting; rejects with the figures on timeout.
 */
export async function waitForSteadyVideo(page: Page, mark: FrameMark, options: SteadyOptions): Promise<Recovery> {
  const steadyFrames = options.steadyFrames ?? 20;
  const observeMs = options.observeMs ?? 3_000;
  for (;;) {
    const log = await frameLog(page);
    const now = Date.now();
    const after = log.gaps.filter((gap) => gap.endAt > mark.at);
    const outages = after.filter((gap) => gap.gapMs >= outageMs);
    const last = outages.at(-1);
    // A count below the mark's means the page was reloaded: its probe counts from zero again.
    const base = log.count < mark.count ? 0 : mark.count;
    const framesAfter = log.count - (last ? last.countAtEnd : base);
    const flowing = log.lastAt !== null && now - log.lastAt < outageMs;
    if (flowing && framesAfter >= steadyFrames && now - mark.at >= observeMs) {
      return {
        recoveredMs: last ? last.endAt - mark.at : 0,
        maxGapMs: Math.max(0, ...after.map((gap) => gap.gapMs)),
        outages: outages.length,
        framesAfter,
      };
    }
    if (now - mark.at > options.timeoutMs) {
      const idle = log.lastAt === null ? 'never' : `${now - log.lastAt} ms ago`;
      throw new Error(
        `video not steady within ${options.timeoutMs} ms: ${framesAfter} frames after the last outage, last frame ${idle}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
