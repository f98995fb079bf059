/**
 * Which recording covers the last seconds: pure bookkeeping for the clip recorder (no DOM).
 *
 * A MediaRecorder file cannot drop its oldest part (a WebM or MP4 needs its header and a keyframe
 * first), so the recorder keeps `takes` recordings started one `staggerMs` apart; a new one starts
 * every `staggerMs` and the oldest is dropped. At any moment the oldest running take is between
 * `windowMs` and `windowMs + staggerMs` long: a saved clip covers at least the window, at most one
 * stagger more (with the default two takes and a 30 s window: 30 to 60 s; three takes would
 * make it 30 to 45 s, for a third encoder running all the time on the viewer).
 */

/** How the takes are spaced for a window. */
export interface ClipPlan {
  /** Time between the starts of two takes, in ms. */
  staggerMs: number;
  /** How many takes run at once (the longest is dropped when a new one starts). */
  takes: number;
  /** The longest a take runs before it is dropped, in ms (`windowMs + staggerMs`). */
  maxTakeMs: number;
}

/** The default window: the last 30 s. */
export const defaultClipWindowMs = 30_000;
/** The default number of takes running at once: two, each an encoder running as long as the monitor. */
export const defaultClipTakes = 2;
/** The shortest window accepted, in ms (a shorter option is raised to it). */
export const minClipWindowMs = 1_000;

/** Spaces `takes` recordings (at least 2) so that one always covers the last `windowMs`. */
export function clipPlan(windowMs: number = defaultClipWindowMs, takes: number = defaultClipTakes): ClipPlan {
  const window = Number.isFinite(windowMs) ? Math.max(minClipWindowMs, windowMs) : defaultClipWindowMs;
  const count = Number.isInteger(takes) && takes >= 2 ? takes : defaultClipTakes;
  const staggerMs = window / (count - 1);
  return { staggerMs, takes: count, maxTakeMs: window + staggerMs };
}

/**
 * The take to save at `nowMs`, given when each running take started: the youngest one at least
 * `windowMs` old (the shortest clip covering the window), else the oldest (all there is so far).
 * -1 when no take runs.
 */
export function pickTake(startedAtMs: readonly number[], nowMs: number, windowMs: number): number {
  let best = -1;
  let oldest = -1;
  startedAtMs.forEach((at, i) => {
    if (oldest < 0 || at < (startedAtMs[oldest] ?? at)) oldest = i;
    if (nowMs - at >= windowMs && (best < 0 || at > (startedAtMs[best] ?? at))) best = i;
  });
  return best >= 0 ? best : oldest;
}

/**
 * Container types tried in order: H.264/AAC MP4 where the browser records it (Safari; Chrome
 * where it has an AAC encoder), then WebM (Chrome, Firefox), then the browser's own MP4. Plain
 * `video/mp4;codecs=avc1` is not tried: Debian's Chromium records it but cannot open the file.
 */
export const clipMimeTypes = [
  'video/mp4;codecs=avc1,mp4a.40.2',
  'video/webm;codecs=vp8,opus',
  'video/webm',
  'video/mp4',
] as const;

/** The first of {@link clipMimeTypes} the browser records (`isSupported` = `MediaRecorder.isTypeSupported`); undefined for none. */
export function pickClipMimeType(isSupported: (type: string) => boolean): string | undefined {
  return clipMimeTypes.find((type) => {
    try {
      return isSupported(type);
    } catch {
      return false;
    }
  });
}
