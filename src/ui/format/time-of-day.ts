/** The time of day next to a chat message, in the live banner and on the lost-connection cover. */

/**
 * Hours and minutes of `atMs` (ms since the epoch), local time, written the way `locale` writes
 * it (`09:05`, `9:05 AM`); the app passes its UI language, so a Chinese screen never says "AM".
 */
export function timeOfDayText(atMs: number, locale?: string): string {
  return new Date(atMs).toLocaleTimeString(locale ? [locale] : [], { hour: '2-digit', minute: '2-digit' });
}
