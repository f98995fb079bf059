import { defineConfig } from '@playwright/test';
import { chromiumUse } from './tests/e2e/chromium';

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
    trace: 'retain-on-failure',
  },
});
