import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumUse } from './tests/e2e/chromium';

/**
 * The fake camera at 15 fps instead of 30: half the encoding and decoding on CI's two cores. The
 * tests count frames and check what is shown, never a frame rate (the benches keep 30 fps).
 */
const args = chromiumArgs.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=fps=15` : arg));

/** Browser tests: real Chromium with a fake camera against a relay and a broker on 127.0.0.1. */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    ...chromiumUse,
    launchOptions: { ...chromiumUse.launchOptions, args },
    // Tracing every test cost a fifth of the suite's time (screenshots of video pages); a failure
    // is traced on its retry (CI retries once).
    trace: 'on-first-retry',
  },
});
