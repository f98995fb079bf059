/** The sound alert's detector (VOX), pure: levels in dBFS, and "loud for long enough". */

/** The quietest level reported, in dBFS (silence, or no audio). */
export const silenceDb = -100;

/** A linear level (0 … 1, 1 = full scale, as `RTCRtpSynchronizationSource.audioLevel`) in dBFS. */
export function levelDb(linear: number | undefined): number {
  if (linear === undefined || !Number.isFinite(linear) || linear <= 0) return silenceDb;
  return Math.max(silenceDb, Math.min(0, 20 * Math.log10(linear)));
}

/** The RMS level of audio samples (−1 … 1) in dBFS. */
export function rmsDb(samples: ArrayLike<number>): number {
  if (samples.length === 0) return silenceDb;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return levelDb(Math.sqrt(sum / samples.length));
}

/** What {@link LoudHold} compares against. */
export interface LoudHoldOptions {
  /** The level that counts as loud, in dBFS. */
  thresholdDb: number;
  /** How long the level must stay at or above it, in ms. */
  holdMs: number;
}

/**
 * Says when a sound has been loud for the hold time: {@link LoudHold.feed} returns true once per
 * loud stretch (at the reading that completes the hold) and re-arms when the level drops below.
 */
export class LoudHold {
  private loudSince: number | undefined;
  private reported = false;

  constructor(public options: LoudHoldOptions) {}

  /** Takes one reading (`db` at `nowMs`); true when this reading completes a hold. */
  feed(db: number, nowMs: number): boolean {
    if (db < this.options.thresholdDb) {
      this.loudSince = undefined;
      this.reported = false;
      return false;
    }
    this.loudSince ??= nowMs;
    if (this.reported || nowMs - this.loudSince < this.options.holdMs) return false;
    this.reported = true;
    return true;
  }
}
