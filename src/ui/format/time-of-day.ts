/** The time of day next to a chat message, in the live banner and on the lost-connection cover. */

/**
 * Hours and minutes of `atMs` (ms since the epoch), local time, written the way `locale` writes
 * it (`09:05`, `9:05 AM`); the app passes its UI language, so a Chinese screen never says "AM".
 */
export function timeOfDayText(atMs: number, locale?: string): string {
  return new Date(atMs).toLocaleTimeString(locale ? [locale] : [], { hour: '2-digit', minute: '2-digit' });
}

/** How long the warm-up below may wait for an idle moment, ms. */
export const warmTimeOfDayWithinMs = 2000;

/**
 * Formats one time of day when the page is idle and drops the text. A page's first such format
 * loads the browser's date and time-zone data (65–85 ms in Chromium on a quiet desktop, more on a
 * phone); without this, a sender paid it in the render of the moment its viewer connected.
 */
export function warmTimeOfDay(locale?: string): void {
  const warm = (): void => void timeOfDayText(Date.now(), locale);
  if ('requestIdleCallback' in globalThis) requestIdleCallback(warm, { timeout: warmTimeOfDayWithinMs });
  else setTimeout(warm, 0);
}
