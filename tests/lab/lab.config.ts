import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/chromium';

/**
 * Chromium for the lab: the browser tests' flags minus --allow-loopback-in-peer-connection, so
 * ICE gathers only the namespace's 10.x address. The pages themselves load from the relay at
 * http://127.0.0.1 (loopback is a secure context, so WebCrypto and getUserMedia work without
 * --unsafely-treat-insecure-origin-as-secure), and signaling stays on loopback too: only media
 * takes the 10.x path, which is what the network-change scenarios move.
 */
export const labChromiumArgs = chromiumArgs.filter((arg) => arg !== '--allow-loopback-in-peer-connection');

/** `npm run test:lab`: the network lab, run by tests/lab/run-lab.mjs inside a private network namespace. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.lab.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/lab',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: labChromiumArgs },
    trace: 'off',
  },
});
