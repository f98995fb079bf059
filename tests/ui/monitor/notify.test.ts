import { describe, expect, it, vi } from 'vitest';
import { notify, type PageNotifications, type WorkerNotifications } from '../../../src/ui/monitor/notify';

const options = { body: 'Tap to look', tag: 'porthole-monitor' };

/** A stand-in Notification constructor: records what it showed, or throws like Android Chrome. */
function pageNotifications(permission: NotificationPermission, throws = false) {
  const shown: {
    title: string;
    options?: NotificationOptions;
    onclick: ((ev: Event) => unknown) | null;
    close: () => void;
  }[] = [];
  const Page = function (this: unknown, title: string, opts?: NotificationOptions) {
    if (throws) throw new TypeError('Illegal constructor; use ServiceWorkerRegistration.showNotification()');
    const n = { title, options: opts, onclick: null, close: vi.fn() };
    shown.push(n);
    return n;
  } as unknown as PageNotifications;
  Object.defineProperty(Page, 'permission', { value: permission });
  return { Page, shown };
}

/** A stand-in service worker container with (or without) a registration. */
function worker(registered: boolean, refuses = false) {
  const showNotification = vi.fn(async () => {
    if (refuses) throw new TypeError('No notification permission has been granted for this origin.');
  });
  const container: WorkerNotifications = {
    getRegistration: async () => (registered ? { showNotification } : undefined),
  };
  return { container, showNotification };
}

describe('notify', () => {
  it('shows the notification from the page where it can, and a click focuses the app', async () => {
    const { Page, shown } = pageNotifications('granted');
    const sw = worker(true);
    const focus = vi.fn();
    expect(await notify('Motion', options, { Notification: Page, serviceWorker: sw.container, focus })).toBe('page');
    expect(shown.map((n) => [n.title, n.options])).toEqual([['Motion', options]]);
    expect(sw.showNotification).not.toHaveBeenCalled();
    shown[0]?.onclick?.(new Event('click'));
    expect(focus).toHaveBeenCalledOnce();
    expect(shown[0]?.close).toHaveBeenCalledOnce();
  });

  it('falls back to the service worker registration when the constructor throws (Android Chrome)', async () => {
    const { Page } = pageNotifications('granted', true);
    const sw = worker(true);
    expect(await notify('Sound', options, { Notification: Page, serviceWorker: sw.container })).toBe('worker');
    expect(sw.showNotification).toHaveBeenCalledWith('Sound', options);
  });

  it('uses the service worker when the page has no Notification constructor', async () => {
    const sw = worker(true);
    expect(await notify('Sound', options, { serviceWorker: sw.container })).toBe('worker');
    expect(sw.showNotification).toHaveBeenCalledOnce();
  });

  it('shows nothing without permission, without a registration, or when the worker refuses', async () => {
    const denied = pageNotifications('denied');
    const sw = worker(true);
    expect(await notify('Motion', options, { Notification: denied.Page, serviceWorker: sw.container })).toBe('none');
    expect(denied.shown).toEqual([]);
    expect(sw.showNotification).not.toHaveBeenCalled();
    const throwing = pageNotifications('granted', true).Page;
    expect(await notify('Motion', options, { Notification: throwing, serviceWorker: worker(false).container })).toBe(
      'none',
    );
    expect(await notify('Motion', options, { Notification: throwing })).toBe('none');
    expect(await notify('Motion', options, { serviceWorker: worker(true, true).container })).toBe('none');
  });
});
