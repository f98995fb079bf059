/**
 * The dead-camera alarm's detector, pure: the video counts as stalled when, after it was live,
 * no frame came for a while, the sender is gone (no peer connection, or its heartbeat lost) or the
 * phone paused the camera, and it has not come back within a grace time. The person at the camera
 * pausing it is not a stall (the alarm would be crying wolf), but a sender gone while paused is.
 */

/** Why the video is gone. */
export type StallReason = 'frames' | 'peer' | 'phone';

/** What {@link StallTracker.update} reads, each tick. */
export interface StallInput {
  /** Now (wall clock, ms since the epoch). */
  nowMs: number;
  /** When the latest frame was shown (wall clock), undefined before the first. */
  lastFrameMs: number | undefined;
  /** Peer-to-peer with the sender is up (its heartbeat answers). */
  peerConnected: boolean;
  /** Who paused the camera, if the sender says so. */
  pausedBy: 'person' | 'phone' | undefined;
}

/** What {@link StallTracker.update} says. */
export interface StallStatus {
  /** What is wrong now, if anything (the grace time may still be running). */
  reason?: StallReason;
  /** Since when the video is gone (wall clock): the last frame, or when the trouble began. */
  sinceMs?: number;
  /** Gone for longer than the grace time: the alarm's moment. */
  stalled: boolean;
}

/** The tracker's times. */
export interface StallOptions {
  /** No frame for this long counts as no video, in ms. */
  noFrameMs: number;
  /** How long the video may be gone before it counts as stalled, in ms. */
  graceMs: number;
}

/** Follows the video tick by tick and says when it is stalled. */
export class StallTracker {
  private troubleSince: number | undefined;
  private excusedAt = Number.NEGATIVE_INFINITY;

  constructor(public options: StallOptions) {}

  /** Reads one tick. */
  update({ nowMs, lastFrameMs, peerConnected, pausedBy }: StallInput): StallStatus {
    if (lastFrameMs === undefined) {
      this.troubleSince = undefined;
      return { stalled: false };
    }
    const noFrames = nowMs - lastFrameMs >= this.options.noFrameMs;
    // The person's pause excuses missing frames, and the time it lasted does not count afterwards.
    if (pausedBy === 'person') this.excusedAt = nowMs;
    let reason: StallReason | undefined;
    if (!peerConnected) reason = 'peer';
    else if (pausedBy === 'phone' && noFrames) reason = 'phone';
    else if (pausedBy !== 'person' && noFrames) reason = 'frames';
    if (reason === undefined) {
      this.troubleSince = undefined;
      return { stalled: false };
    }
    this.troubleSince ??= nowMs;
    const sinceMs = Math.max(
      Math.min(this.troubleSince, lastFrameMs),
      reason === 'peer' ? Number.NEGATIVE_INFINITY : this.excusedAt,
    );
    return { reason, sinceMs, stalled: nowMs - sinceMs >= this.options.graceMs };
  }
}
