/** Names the viewer's clip downloads. */

/** The file extension for a clip's MIME type: `mp4` for MP4, else `webm`. */
export function clipExtension(mimeType: string): 'mp4' | 'webm' {
  return mimeType.toLowerCase().startsWith('video/mp4') ? 'mp4' : 'webm';
}

/** The clip file name for the moment it was saved, in local time: `porthole-clip-YYYYMMDD-HHMMSS.webm` (or `.mp4`). */
export function clipFileName(date: Date, mimeType: string): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `porthole-clip-${day}-${time}.${clipExtension(mimeType)}`;
}
