/** The parts of the page's `Notification` constructor that `notify` uses. */
export interface PageNotifications {
  /** Whether the person allowed notifications. */
  readonly permission: NotificationPermission;
  new (title: string, options?: NotificationOptions): { onclick: ((ev: Event) => unknown) | null; close(): void };
}

/** The parts of `navigator.serviceWorker` that `notify` uses. */
export interface WorkerNotifications {
  /** The registration controlling this page, if any. */
  getRegistration(): Promise<
    { showNotification(title: string, options?: NotificationOptions): Promise<void> } | undefined
  >;
}

/**
 * Where `notify` can show a notification. Defaults to the browser's own (`Notification`,
 * `navigator.serviceWorker`); tests pass stand-ins.
 */
export interface NotifyTargets {
  /** The page's Notification constructor; absent in browsers without one. */
  Notification?: PageNotifications;
  /** The service worker container; absent without service worker support. */
  serviceWorker?: WorkerNotifications;
  /** Called when the person clicks a notification shown by the page (brings the app forward). */
  focus?: () => void;
}

/** How a notification was shown: by the page, by the service worker, or not at all. */
export type NotifyResult = 'page' | 'worker' | 'none';

function browserTargets(): NotifyTargets {
  return {
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
    serviceWorker: typeof navigator === 'undefined' ? undefined : navigator.serviceWorker,
    focus: () => window.focus(),
  };
}

/**
 * Shows a notification if the person allowed them: from the page where the browser lets it, else
 * through the service worker registration (Android Chrome's `new Notification()` throws
 * "Illegal constructor"). Never throws; resolves with how it was shown.
 */
export async function notify(
  title: string,
  options: NotificationOptions,
  targets: NotifyTargets = browserTargets(),
): Promise<NotifyResult> {
  const Page = targets.Notification;
  if (Page && Page.permission !== 'granted') return 'none';
  if (Page) {
    try {
      const shown = new Page(title, options);
      shown.onclick = () => {
        targets.focus?.();
        shown.close();
      };
      return 'page';
    } catch {
      // Only a service worker may show one here: below.
    }
  }
  try {
    const registration = await targets.serviceWorker?.getRegistration();
    if (!registration) return 'none';
    await registration.showNotification(title, options);
    return 'worker';
  } catch {
    return 'none'; // no permission, or the worker refused
  }
}
