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
