import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../../relay/src/index.js';
import { startMqttBroker } from '../helpers/mqtt-broker';
import { pagesClosedAfterTest } from '../helpers/page-fixture';

/** The built app, served by the relay under test (PORTHOLE_DIST names another build). */
export const distDir = process.env.PORTHOLE_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));

/** Which signaling transport a suite runs over. */
export type TransportKind = 'relay' | 'mqtt';

/** The servers behind one test: a relay serving the app, plus a broker for the MQTT suite. */
export interface SignalingEnv {
  /** The app's URL (served by the relay). */
  appUrl: string;
  /** The `via` link parameter for this transport. */
  via: string;
  /** Stops the signaling server under test (the relay, or the broker). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops everything (after the test). */
  close(): Promise<void>;
}

type Relay = Awaited<ReturnType<typeof startRelay>>;

/** Starts a relay on 127.0.0.1 serving the built app, with its own STUN on an ephemeral port. */
async function startRelay(httpPort = 0, stunPort = 0) {
  const relay = createRelay({ httpHost: '127.0.0.1', httpPort, stunHost: '127.0.0.1', stunPort, staticDir: distDir });
  await relay.ready;
  return relay;
}

/** Starts the servers for one transport kind. */
export async function startEnv(kind: TransportKind): Promise<SignalingEnv> {
  let relay: Relay | undefined = await startRelay();
  const httpPort = relay.httpPort;
  const stunPort = relay.stunPort;
  const appUrl = `http://127.0.0.1:${httpPort}/`;
  if (kind === 'relay') {
    return {
      appUrl,
      via: `relay:ws://127.0.0.1:${httpPort}/ws`,
      stop: async () => {
        await relay?.close();
        relay = undefined;
      },
      restart: async () => {
        relay = await startRelay(httpPort, stunPort);
      },
      close: async () => {
        await relay?.close();
      },
    };
  }
  let broker: Awaited<ReturnType<typeof startMqttBroker>> | undefined = await startMqttBroker();
  const brokerPort = broker.port;
  return {
    appUrl,
    via: `mqtt:ws://127.0.0.1:${brokerPort}`,
    stop: async () => {
      await broker?.close();
      broker = undefined;
    },
    restart: async () => {
      broker = await startMqttBroker({ port: brokerPort });
    },
    close: async () => {
      await broker?.close();
      await relay?.close();
    },
  };
}

/** Opens a page for one person (its own browser context = its own device id). */
export async function openPerson(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'screen-wake-lock'], ...options });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.log(`[page ${msg.type()}] ${msg.text()}`);
  });
  return page;
}

/** The app root, which carries `data-state`, `data-role` and `data-reason`. */
export function appRoot(page: Page) {
  return page.locator('porthole-app');
}

/** Waits until the root shows `state`. */
export async function expectState(page: Page, state: string, timeout = 15_000): Promise<void> {
  await expect(appRoot(page)).toHaveAttribute('data-state', state, { timeout });
}

/**
 * Counts decoded frames on a page's `<video>` with requestVideoFrameCallback; resolves with the
 * frame count and the video size once `frames` new frames were presented, rejects on timeout.
 */
export async function videoAdvances(page: Page, selector: string, frames = 5, timeoutMs = 10_000) {
  return page.locator(selector).evaluate(
    (video: HTMLVideoElement, [want, limitMs]) =>
      new Promise<{ frames: number; width: number; height: number }>((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => reject(new Error(`only ${seen} of ${want} frames in ${limitMs} ms`)), limitMs);
        const onFrame = (): void => {
          seen += 1;
          if (seen >= want) {
            clearTimeout(timer);
            resolve({ frames: seen, width: video.videoWidth, height: video.videoHeight });
          } else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }),
    [frames, timeoutMs] as const,
  );
}

/** Starts a sender on a new room and returns its page and the viewer link it shows. */
export async function startSender(page: Page, env: SignalingEnv, secret?: string): Promise<string> {
  const r = secret ? `r=${secret}&` : '';
  await page.goto(`${env.appUrl}#/send?${r}via=${encodeURIComponent(env.via)}`);
  await expectState(page, 'waiting');
  const link = await page.getByTestId('viewer-link').getAttribute('href');
  expect(link).toBeTruthy();
  return link!;
}

/** A test with `env` (the servers) for the suite's transport and `person()` for each participant. */
export const test = base.extend<{
  env: SignalingEnv;
  kind: TransportKind;
  person: (options?: BrowserContextOptions) => Promise<Page>;
}>({
  kind: ['relay', { option: true }],
  env: async ({ kind }, use) => {
    const env = await startEnv(kind);
    await use(env);
    await env.close();
  },
  person: pagesClosedAfterTest(openPerson),
});

export { expect };
