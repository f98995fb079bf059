/**
 * When the service worker may register: not while this page is opening a room.
 *
 * A first install precaches every asset, and the browser compiles the precached scripts for its
 * code cache in the page's own process (a trace on the 2-core test machine: the worker thread
 * busy 745 ms, 205 ms of it on a core, during one join). In the connect benchmark, an install
 * overlapping a viewer's connect doubled the time to its first frame. A person scanning a QR code on a new device is exactly that first visit, so the
 * registration waits until the room has settled (or a cap, for a room that never does).
 */
import { parseRoute } from '../protocol/link';

/** Longest the registration waits for a room being opened, ms. */
export const roomSettleCapMs = 8000;

/** Pages that open a room in the app's root (the grid's tiles leave the root as on home). */
const roomPages: ReadonlySet<string> = new Set(['view', 'send']);

/**
 * True once `root` shows no room being opened: off a room route, or its `data-state` is past
 * `init`, or `init` with a `data-reason` (waiting on the person: a token, a confirmation).
 */
export function roomSettled(root: Element, hash: string): boolean {
  if (!roomPages.has(parseRoute(hash).page)) return true;
  const state = root.getAttribute('data-state');
  return state !== null && (state !== 'init' || root.hasAttribute('data-reason'));
}

/**
 * Resolves once the app root (`porthole-app`) shows no room being opened, or after `capMs`.
 * Watches the root's attributes and the address; resolves at once when there is no root.
 */
export function whenRoomSettled(capMs = roomSettleCapMs): Promise<void> {
  const root = document.querySelector('porthole-app');
  if (!root || roomSettled(root, location.hash)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (): void => {
      if (roomSettled(root, location.hash)) done();
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => done(), capMs);
    const done = (): void => {
      observer.disconnect();
      removeEventListener('hashchange', check);
      clearTimeout(timer);
      resolve();
    };
    observer.observe(root, { attributes: true, attributeFilter: ['data-state', 'data-reason'] });
    addEventListener('hashchange', check);
  });
}
