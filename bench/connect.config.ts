import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../tests/e2e/chromium';

/** `npm run bench:connect`: time to first frame, printed (not asserted). */
export default defineConfig({
  testDir: '.',
  testMatch: 'connect.bench.ts',
  workers: 1,
  timeout: 300_000,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    permissions: ['camera', 'microphone'],
  },
});
