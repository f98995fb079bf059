/** "How long ago" in words, in the app's language. */
import { getLocale, t } from '../i18n/i18n';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
const weekMs = 7 * dayMs;

/**
 * When `atMs` was, seen from `nowMs` (both ms since the epoch): "just now", "5 minutes ago",
 * "yesterday", or a date for anything a week old or older. A time in the future counts as now.
 */
export function relativeTimeText(atMs: number, nowMs: number): string {
  const ageMs = Math.max(0, nowMs - atMs);
  if (ageMs < minuteMs) return t('home.recent.justNow');
  const format = new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' });
  if (ageMs < hourMs) return format.format(-Math.floor(ageMs / minuteMs), 'minute');
  if (ageMs < dayMs) return format.format(-Math.floor(ageMs / hourMs), 'hour');
  if (ageMs < weekMs) return format.format(-Math.floor(ageMs / dayMs), 'day');
  return new Date(atMs).toLocaleDateString(getLocale(), { dateStyle: 'medium' });
}
