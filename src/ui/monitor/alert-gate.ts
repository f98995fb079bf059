/**
 * When a sound or motion alert is raised, pure: not again within the cooldown, shown for a while,
 * and which alert the app root names when several are raised.
 */
import type { MonitorAlert } from './alert-event';

/** How long a sound or motion alert stays raised after it fired, in ms (the banner lists it longer). */
export const alertShowMs = 15_000;

/** The alerts from most to least urgent: the app root's `data-alert` names the first raised. */
export const alertPriority: readonly MonitorAlert[] = ['stalled', 'motion', 'sound'];

/** The most urgent of the raised alerts, undefined when none is. */
export function topAlert(raised: Iterable<MonitorAlert>): MonitorAlert | undefined {
  const set = new Set(raised);
  return alertPriority.find((alert) => set.has(alert));
}

/** One kind of alert's timing: raised when its detector fires outside the cooldown, for {@link alertShowMs}. */
export class AlertGate {
  /** When it was last raised (ms), undefined before. */
  raisedAt: number | undefined;
  private shownUntil = Number.NEGATIVE_INFINITY;

  /** @param cooldownMs after a raise, how long detector firings are ignored */
  constructor(public cooldownMs: number) {}

  /** The detector fired at `nowMs`: true when that raises the alert (not while raised, nor within the cooldown). */
  fire(nowMs: number): boolean {
    if (this.raised(nowMs)) return false;
    if (this.raisedAt !== undefined && nowMs - this.raisedAt < this.cooldownMs) return false;
    this.raisedAt = nowMs;
    this.shownUntil = nowMs + alertShowMs;
    return true;
  }

  /** Whether the alert is raised at `nowMs`. */
  raised(nowMs: number): boolean {
    return nowMs < this.shownUntil;
  }

  /** The person dismissed it: no longer raised (the cooldown still runs). */
  dismiss(): void {
    this.shownUntil = Number.NEGATIVE_INFINITY;
  }
}

/** Marks on the motion timeline: the moments in the last `windowMs`, each with its place (0 = oldest, 1 = now). */
export function timelineMarks(moments: readonly number[], nowMs: number, windowMs: number) {
  return moments
    .filter((at) => at <= nowMs && nowMs - at <= windowMs)
    .map((at) => ({ at, position: 1 - (nowMs - at) / windowMs }));
}
