/**
 * Service worker glue (workbox-window), loaded lazily by main.ts in production builds only.
 * It reports to `<porthole-update>` through `porthole-sw` events on window, so the element needs
 * no import of this module and workbox-window stays out of the entry chunk.
 */
import { Workbox } from 'workbox-window';

/** What the service worker has to say to the page. */
export type SwStatus =
  | { kind: 'offline-ready' }
  | { kind: 'update-waiting' /** Activates the waiting worker and reloads. */; reload: () => void };

declare global {
  interface WindowEventMap {
    'porthole-sw': CustomEvent<SwStatus>;
  }
}

// Tells <porthole-update> (listening on window) about the service worker.
function announce(status: SwStatus): void {
  dispatchEvent(new CustomEvent('porthole-sw', { detail: status }));
}

// Reloads the page once, as soon as a new worker controls it.
function reloadOnControllerChange(): void {
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  });
}

/** Asks the waiting worker to skip waiting, then reloads when it takes control. */
export function skipWaitingAndReload(wb: Workbox): void {
  reloadOnControllerChange();
  wb.messageSkipWaiting();
}

/**
 * Registers `sw.js` next to index.html (relative, so a sub-path deployment works): announces
 * "ready to work offline" on the first install and "update available" when a new worker waits.
 */
export function registerServiceWorker(url = './sw.js'): Workbox {
  const wb = new Workbox(url);
  // First install only: an activated update or another tab's worker is not news.
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate && !event.isExternal) announce({ kind: 'offline-ready' });
  });
  // A new version installed (here or in another tab) and waits for the user's go-ahead.
  wb.addEventListener('waiting', () => announce({ kind: 'update-waiting', reload: () => skipWaitingAndReload(wb) }));
  // Registers after the window's load event, so it never competes with the first render.
  void wb.register();
  checkForUpdatesWhenShown(wb);
  return wb;
}

/** How often a page that stays open looks for a new version, at most, in ms. */
export const updateCheckMs = 60 * 60 * 1000;

// A page left open for days (a sender on a stand) never navigates, so the browser never looks
// for a new sw.js: look when the page is shown again, at most once per updateCheckMs.
function checkForUpdatesWhenShown(wb: Workbox): void {
  let lastCheck = Date.now();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || Date.now() - lastCheck < updateCheckMs) return;
    lastCheck = Date.now();
    wb.update().catch(() => undefined);
  });
}

/** Unregisters the worker that controls this page's scope (the `?nosw` escape hatch). */
export async function unregisterServiceWorker(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration();
  await registration?.unregister();
}
