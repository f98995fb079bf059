/**
 * The rolling recording behind clips: staggered MediaRecorder takes of one stream (see
 * clip-window.ts), so that the last `windowMs` can be saved as a playable file at any moment.
 */
import { clipPlan, defaultClipTakes, defaultClipWindowMs, pickClipMimeType, pickTake } from './clip-window';

/** Options of a {@link ClipRecorder}. */
export interface ClipRecorderOptions {
  /** How much a clip covers at least, in ms (30 s by default); a clip is up to half a window longer. */
  windowMs?: number;
  /** Recordings running at once (3 by default; at least 2). */
  takes?: number;
  /** The video bit rate asked of the recorder (bits per second): bounds the memory the takes hold. */
  videoBitsPerSecond?: number;
}

/** A saved clip. */
export interface Clip {
  /** The file's content (MP4 or WebM). */
  blob: Blob;
  /** Its MIME type. */
  mimeType: string;
  /** How long it runs, as measured while recording, in ms. */
  durationMs: number;
}

/** How often a take hands over its data, in ms: a clip is cut at most this long before the save. */
const timesliceMs = 1_000;
/** The shortest clip saved, in ms: less than this is "nothing recorded yet". */
export const minClipMs = 1_000;
/** How long a save waits for the take's last data, in ms. */
const flushTimeoutMs = 2_000;
/** The default video bit rate: 1.5 Mbit/s, so two 60 s takes stay under 25 MB. */
const defaultVideoBitsPerSecond = 1_500_000;

interface Take {
  recorder: MediaRecorder;
  chunks: Blob[];
  startedAtMs: number;
}

/** Whether this browser can record clips at all. */
export function clipsSupported(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' && pickClipMimeType((t) => MediaRecorder.isTypeSupported(t)) !== undefined
  );
}

/**
 * Records `stream` in staggered takes until {@link stop}; {@link save} returns the take that covers
 * the window. Takes that end (a track ended, an error) are dropped; the next stagger starts anew.
 */
export class ClipRecorder {
  /** The container recorded, or undefined when the browser records none. */
  readonly mimeType: string | undefined;
  private readonly windowMs: number;
  private readonly plan: ReturnType<typeof clipPlan>;
  private readonly videoBitsPerSecond: number;
  private takes: Take[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: MediaStream,
    options: ClipRecorderOptions = {},
  ) {
    this.plan = clipPlan(options.windowMs ?? defaultClipWindowMs, options.takes ?? defaultClipTakes);
    this.windowMs = this.plan.maxTakeMs - this.plan.staggerMs;
    this.videoBitsPerSecond = options.videoBitsPerSecond ?? defaultVideoBitsPerSecond;
    this.mimeType =
      typeof MediaRecorder === 'undefined' ? undefined : pickClipMimeType((t) => MediaRecorder.isTypeSupported(t));
  }

  /** Starts the first take and the stagger; false when nothing can be recorded. */
  start(): boolean {
    if (!this.mimeType || this.timer !== undefined) return false;
    this.startTake();
    this.timer = setInterval(() => this.startTake(), this.plan.staggerMs);
    return true;
  }

  /** Stops every take and drops what they held. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const take of this.takes) this.endTake(take);
    this.takes = [];
  }

  /** The clip covering the window (or all recorded so far); undefined when less than {@link minClipMs} was recorded. */
  async save(): Promise<Clip | undefined> {
    const now = performance.now();
    const take =
      this.takes[
        pickTake(
          this.takes.map((t) => t.startedAtMs),
          now,
          this.windowMs,
        )
      ];
    if (!take || !this.mimeType || now - take.startedAtMs < minClipMs) return undefined;
    await this.flush(take);
    const blob = new Blob(take.chunks, { type: take.recorder.mimeType || this.mimeType });
    if (blob.size === 0) return undefined;
    return { blob, mimeType: blob.type, durationMs: now - take.startedAtMs };
  }

  private startTake(): void {
    const live = this.stream.getTracks().some((track) => track.readyState === 'live');
    if (live && this.mimeType) {
      try {
        const recorder = new MediaRecorder(this.stream, {
          mimeType: this.mimeType,
          videoBitsPerSecond: this.videoBitsPerSecond,
        });
        const take: Take = { recorder, chunks: [], startedAtMs: performance.now() };
        recorder.addEventListener('dataavailable', (event) => {
          if (event.data.size > 0 && this.takes.includes(take)) take.chunks.push(event.data);
        });
        recorder.addEventListener('error', () => this.dropTake(take));
        recorder.start(timesliceMs);
        this.takes.push(take);
      } catch {
        // The stream cannot be recorded now (no track yet, or refused): the next stagger tries again.
      }
    }
    while (this.takes.length > this.plan.takes) {
      const oldest = this.takes.shift();
      if (oldest) this.endTake(oldest);
    }
  }

  private dropTake(take: Take): void {
    this.takes = this.takes.filter((t) => t !== take);
    this.endTake(take);
  }

  private endTake(take: Take): void {
    take.chunks = [];
    if (take.recorder.state !== 'inactive') {
      try {
        take.recorder.stop();
      } catch {
        // Already stopping.
      }
    }
  }

  /** Asks the take for the data it holds and waits for it (or a timeout). */
  private async flush(take: Take): Promise<void> {
    if (take.recorder.state !== 'recording') return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        take.recorder.removeEventListener('dataavailable', done);
        resolve();
      };
      const timer = setTimeout(done, flushTimeoutMs);
      take.recorder.addEventListener('dataavailable', done);
      take.recorder.requestData();
    });
  }
}
