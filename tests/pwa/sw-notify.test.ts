/**
 * public/sw-notify.js, the service worker's notification tap handler, run against a stand-in
 * worker scope: the app's window is focused, else one is opened at the notification's URL (same
 * origin only).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = readFileSync(new URL('../../public/sw-notify.js', import.meta.url), 'utf8');
const scope = 'https://cam.example/app/';

interface FakeWindow {
  url: string;
  focused: boolean;
  focus(): Promise<void>;
}

/** Runs the script in a stand-in worker and taps a notification carrying `data`. */
async function tap(data: unknown, windowUrls: string[]) {
  const listeners: Array<(event: unknown) => void> = [];
  const opened: string[] = [];
  const windows = windowUrls.map((url) => {
    const window: FakeWindow = {
      url,
      focused: false,
      focus: async () => {
        window.focused = true;
      },
    };
    return window;
  });
  const self = {
    location: new URL(`${scope}sw.js`),
    registration: { scope },
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'notificationclick') listeners.push(listener);
    },
    clients: {
      matchAll: async (options: { type: string }) => (options.type === 'window' ? windows : []),
      openWindow: async (url: string) => {
        opened.push(url);
        return null;
      },
    },
  };
  new Function('self', source)(self);
  let closed = false;
  let work: Promise<unknown> = Promise.resolve();
  for (const listener of listeners) {
    listener({
      notification: { data, close: () => (closed = true) },
      waitUntil: (promise: Promise<unknown>) => (work = promise),
    });
  }
  await work;
  return { closed, opened, focused: windows.filter((w) => w.focused).map((w) => w.url) };
}

describe('sw-notify.js', () => {
  const monitor = `${scope}#/view?mode=monitor#k=1`;

  it('focuses the window the alert came from, and closes the notification', async () => {
    const result = await tap({ url: monitor }, [`${scope}#/`, monitor]);
    expect(result).toEqual({ closed: true, opened: [], focused: [monitor] });
  });

  it("focuses another of the app's windows when that one is gone", async () => {
    const result = await tap({ url: monitor }, [`${scope}#/`]);
    expect(result.focused).toEqual([`${scope}#/`]);
    expect(result.opened).toEqual([]);
  });

  it('opens the monitor page when no window is left', async () => {
    expect((await tap({ url: monitor }, [])).opened).toEqual([monitor]);
  });

  it("never opens another origin's page, nor anything from a malformed URL", async () => {
    expect((await tap({ url: 'https://evil.example/' }, [])).opened).toEqual([scope]);
    expect((await tap({ url: 'not a url' }, [])).opened).toEqual([scope]);
    expect((await tap(undefined, [])).opened).toEqual([scope]);
  });
});
