/** Saving a file the app made (a snapshot, a clip) the one way the browsers all allow: a clicked download link. */

/** How long a download's blob URL lives after the download starts, in ms. */
export const downloadRevokeDelayMs = 10_000;

/**
 * Starts the download of `blob` as `fileName`, through a hidden link added to `root` (a shadow root
 * is fine) and removed at once; the blob URL is revoked after {@link downloadRevokeDelayMs}.
 */
export function downloadBlob(root: Node, blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  root.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), downloadRevokeDelayMs);
}
