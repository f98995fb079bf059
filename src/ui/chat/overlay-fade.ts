/** How the chat overlay over the video shows the latest messages and lets them fade. */

/** How many of the latest messages the overlay shows. */
export const overlayMessageCount = 3;
/** How long a message stays fully visible in the overlay, in ms (then it fades out). */
export const overlayFadeAfterMs = 15_000;
/** How much lighter each older message in the overlay is than the one after it (0 to 1). */
export const overlayOpacityStep = 0.25;

/** The opacity of an overlay message by its rank: 0 is the newest (fully opaque), 1 the one before… */
export function overlayOpacity(rank: number): number {
  return 1 - rank * overlayOpacityStep;
}

/** Whether a message from `atMs` has faded out of the overlay at `nowMs` (both ms since the epoch). */
export function overlayFaded(atMs: number, nowMs: number): boolean {
  return nowMs - atMs > overlayFadeAfterMs;
}

/**
 * In how many ms the next of the shown (latest {@link overlayMessageCount}) messages fades, or
 * undefined when every shown message has faded already.
 */
export function nextOverlayFadeInMs(messages: readonly { at: number }[], nowMs: number): number | undefined {
  const due = messages
    .slice(-overlayMessageCount)
    .filter((m) => !overlayFaded(m.at, nowMs))
    .map((m) => m.at + overlayFadeAfterMs - nowMs);
  return due.length > 0 ? Math.min(...due) : undefined;
}
