/** What the viewer warns about from the camera phone's status (pure: no DOM). */
import type { QualityLimit, SenderStatus } from '../../protocol/peer-messages';

/** At or below this battery level (0–1), not charging, the viewer says "plug it in". */
export const lowBatteryLevel = 0.15;

/** The viewer's warnings about the camera phone; each absent when there is nothing to say. */
export interface CameraWarnings {
  /** The battery is low and not charging: its level in whole percent. */
  lowBatteryPercent?: number;
  /** The phone's encoder limits the video, and why. */
  throttled?: Exclude<QualityLimit, 'none'>;
}

/** The warnings a status calls for (none without a status). */
export function cameraWarnings(status: SenderStatus | undefined): CameraWarnings {
  if (!status) return {};
  const warnings: CameraWarnings = {};
  if (status.battery !== undefined && status.battery <= lowBatteryLevel && status.charging !== true) {
    warnings.lowBatteryPercent = Math.round(status.battery * 100);
  }
  // While the video is off (audio only) a limitation is of no interest.
  if (status.limit !== 'none' && !status.audioOnly) warnings.throttled = status.limit;
  return warnings;
}

/** A low-battery warning shown goes again only above this level (0–1) or when charging (no flapping). */
export const batteryClearLevel = 0.2;
/** A throttling warning shows only once the limitation has lasted this long, in ms (not the first seconds' ramp-up). */
export const throttleHoldMs = 10_000;

/**
 * The viewer's warnings over time: {@link cameraWarnings} with hysteresis on the battery (shown
 * at ≤ 15 %, hidden again only above 20 % or charging) and the throttling one held back until it
 * has lasted {@link throttleHoldMs}. Pure: the caller gives the clock.
 */
export class CameraWarningState {
  private lowShown = false;
  private throttledSinceMs: number | undefined;

  /** The warnings to show for `status` at `nowMs`; `recheckInMs` when a held-back one may show later. */
  update(status: SenderStatus | undefined, nowMs: number): CameraWarnings & { recheckInMs?: number } {
    const now = cameraWarnings(status);
    const battery = status?.battery;
    if (now.lowBatteryPercent !== undefined) this.lowShown = true;
    else if (battery === undefined || status?.charging === true || battery > batteryClearLevel) this.lowShown = false;
    const result: CameraWarnings & { recheckInMs?: number } = {};
    if (this.lowShown && battery !== undefined) result.lowBatteryPercent = Math.round(battery * 100);
    if (!now.throttled) {
      this.throttledSinceMs = undefined;
    } else {
      this.throttledSinceMs ??= nowMs; // a change of cause (bandwidth → cpu) goes on the same run

      const waitMs = this.throttledSinceMs + throttleHoldMs - nowMs;
      if (waitMs <= 0) result.throttled = now.throttled;
      else result.recheckInMs = waitMs;
    }
    return result;
  }
}
