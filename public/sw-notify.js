// Imported by the generated service worker (vite.config.ts, workbox.importScripts).
// A tap on a notification the worker showed for a monitor (Android: the page cannot show one
// itself) brings Porthole forward: the window it came from, else any window of the app, else a
// new one at the URL the notification carries (same origin only).
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data;
  const wanted = data && typeof data.url === 'string' ? data.url : '';
  let target = self.registration.scope;
  try {
    if (wanted !== '' && new URL(wanted).origin === self.location.origin) target = wanted;
  } catch {
    // Not a URL: open the app's start.
  }
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const page = windows.find((client) => client.url === target) || windows[0];
      if (page) return page.focus();
      return self.clients.openWindow(target);
    }),
  );
});
