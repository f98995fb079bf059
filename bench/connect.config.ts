import { defineConfig } from '@playwright/test';
import { chromiumUse } from '../tests/e2e/chromium';

/** `npm run bench:connect`: time to first frame, printed (not asserted). */
export default defineConfig({
  testDir: '.',
  testMatch: 'connect.bench.ts',
  workers: 1,
  timeout: 300_000,
  reporter: 'list',
  use: {
    ...chromiumUse,
  },
});
