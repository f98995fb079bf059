/**
 * The camera phone's side of its status: why its encoder limits the video, read from a stats
 * report (pure, synthetic reports in tests), and whether a new status is worth sending.
 */
import { type QualityLimit, type SenderStatus, qualityLimits } from '../protocol/peer-messages';
import type { StatsSource } from './stats';

/** How often the sender reads its encoder's quality limitation, in ms. */
export const qualityPollIntervalMs = 3000;
/** Battery changes are sent at most this often, in ms (a request's answer goes at once). */
export const statusMinIntervalMs = 5000;

/** The `qualityLimitationReason` of the report's outbound video ('none' without one, 'other' for an unknown reason). */
export function qualityLimitOf(report: StatsSource): QualityLimit {
  let limit: QualityLimit = 'none';
  const look = (value: unknown): void => {
    const stat = value as Record<string, unknown> | null;
    if (stat?.type !== 'outbound-rtp' || (stat.kind ?? stat.mediaType) !== 'video') return;
    const reason = stat.qualityLimitationReason;
    if (typeof reason !== 'string' || reason === 'none') return;
    limit = qualityLimits.find((l) => l === reason) ?? 'other';
  };
  if (Symbol.iterator in report) for (const [, value] of report as Iterable<readonly [string, unknown]>) look(value);
  else report.forEach(look);
  return limit;
}

/** The battery level rounded to whole percent (what the viewer shows), so small drifts send nothing. */
export function roundedLevel(level: number): number {
  return Math.round(Math.min(1, Math.max(0, level)) * 100) / 100;
}

/** True when `next` says something `last` did not (any field differs), or nothing was sent yet. */
export function statusChanged(last: SenderStatus | undefined, next: SenderStatus): boolean {
  return last === undefined || JSON.stringify(last) !== JSON.stringify(next);
}
