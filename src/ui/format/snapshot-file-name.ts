/** Names the viewer's snapshot downloads. */

/** The snapshot file name for a moment, in local time: `porthole-YYYYMMDD-HHMMSS.png`. */
export function snapshotFileName(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  return `porthole-${day}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}.png`;
}
