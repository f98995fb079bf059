/** The time of day next to a chat message. */

/** Hours and minutes of `atMs` (ms since the epoch), local time, in the browser's own locale (`09:05`, `9:05 AM`). */
export function timeOfDayText(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
