/**
 * Starts a viewer's room from the very first script: when the address holds a viewer link (on
 * load, or when it changes to one), the room's keys, its transport and a spare peer connection
 * are made while the viewer screen's code still loads (src/app/preopen.ts, a lazy chunk).
 */
import { parseRoute } from '../protocol/link';

/** After this long on another page, the code that opens rooms ahead is loaded (ms). */
export const warmAfterMs = 2000;

/**
 * Follows the address: a viewer link with a new secret opens its room ahead; any other page drops
 * one not taken.
 * On other pages that code is loaded after {@link warmAfterMs}, so that a link pasted or scanned
 * later opens its room before the viewer screen's own code runs.
 */
export function watchViewerLinks(): void {
  let last = '';
  const look = (): void => {
    const route = parseRoute(location.hash);
    const viewer = route.page === 'view' && route.error === undefined && route.params.secret !== undefined;
    // Only a new page or secret opens ahead (as only they rebuild the screen): a changed `mode` or
    // `via` of the room on screen must not open a second, hidden session of it.
    const key = viewer ? `view:${route.params.secret}` : '';
    if (key === last) return;
    last = key;
    const href = location.href;
    void import('./preopen').then(
      (early) => (viewer ? early.preopenViewer(route.params, href) : early.dropPreopened()),
      () => undefined,
    );
  };
  look();
  addEventListener('hashchange', look);
  if (last !== '') return;
  setTimeout(() => void import('./preopen').catch(() => undefined), warmAfterMs);
}
