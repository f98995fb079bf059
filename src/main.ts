/** Entry point: a viewer link's room starts at once, then the theme and the app shell. */
import { watchViewerLinks } from './app/early-room';
import './ui/styles/theme.css';
import './app/porthole-app';
import './pwa/porthole-update';

// A viewer link opens its room (keys, transport, a spare peer connection) while the viewer
// screen's code loads; the screen takes that room (src/app/open-room.ts openRoomAhead).
watchViewerLinks(() => import('./ui/screens/porthole-viewer'));

// Service worker (offline use, update prompt): production builds only, and loaded lazily so
// workbox-window stays out of the entry chunk. It registers once a room being opened has settled
// (its first install would compete with the connect: src/pwa/room-settled.ts). Escape hatch: open
// the app with `?nosw` (e.g. `https://host/?nosw#/`) to run without one; that also unregisters
// this page's worker.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const noSw = new URLSearchParams(location.search).has('nosw');
  void import('./pwa/sw-bridge').then(async (sw) => {
    if (noSw) return void sw.unregisterServiceWorker();
    const room = await import('./pwa/room-settled').catch(() => undefined);
    await room?.whenRoomSettled();
    sw.registerServiceWorker();
  });
}
