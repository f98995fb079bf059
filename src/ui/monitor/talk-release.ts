/**
 * When push-to-talk lets go of the viewer's microphone besides the button's own release: the
 * page hidden (`visibilitychange` to hidden, `pagehide`), the window losing focus (`blur`), or
 * one press held longer than {@link talkMaxMs} (the sender stops playing it then too).
 */
import { talkMaxMs } from './talk-gate';

/** Where the release events come from (the page's document and window; stand-ins in tests). */
export interface ReleaseSources {
  /** The document: `visibilitychange`, read with `visibilityState`. */
  doc: EventTarget & { visibilityState: string };
  /** The window: `pagehide` and `blur`. */
  win: EventTarget;
  /** The longest press in ms; {@link talkMaxMs} by default. */
  maxMs?: number;
}

/** Calls `release` once on the first of those events or the cap; returns the function that stops watching. */
export function watchRelease(release: () => void, sources: ReleaseSources): () => void {
  const { doc, win, maxMs = talkMaxMs } = sources;
  const fire = (): void => {
    unwatch();
    release();
  };
  const onVisibility = (): void => {
    if (doc.visibilityState === 'hidden') fire();
  };
  const timer = setTimeout(fire, maxMs);
  function unwatch(): void {
    clearTimeout(timer);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pagehide', fire);
    win.removeEventListener('blur', fire);
  }
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', fire);
  win.addEventListener('blur', fire);
  return unwatch;
}
