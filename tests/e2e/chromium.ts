import { existsSync } from 'node:fs';

/** Flags that let two headless pages connect over WebRTC with a fake camera (docs/ARCHITECTURE.md §7). */
export const chromiumArgs = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-quic',
];

/**
 * The Chromium to drive: `PORTHOLE_CHROMIUM` (or `CHROMIUM_PATH`) when set, else Debian's
 * `/usr/bin/chromium`, else undefined so Playwright uses its own download where one exists.
 */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.PORTHOLE_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

/** Playwright `use` options shared by the tests and the benchmarks: headless Chromium, fake camera. */
export const chromiumUse = {
  browserName: 'chromium' as const,
  headless: true,
  launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  permissions: ['camera', 'microphone'],
};
