import { defineConfig } from '@playwright/test';
import { chromiumPath } from '../tests/e2e/chromium';
import { labChromiumArgs } from '../tests/lab/lab.config';

/** How long the pair stays live (SOAK_MINUTES). */
const soakMinutes = Number(process.env.SOAK_MINUTES ?? 30);

/** `npm run bench:soak` (bench/soak.mjs runs it inside the lab's network namespace). */
export default defineConfig({
  testDir: '.',
  testMatch: 'soak.bench.ts',
  globalSetup: '../tests/lab/global-setup.ts',
  outputDir: '../test-results/soak',
  workers: 1,
  retries: 0,
  timeout: (soakMinutes + 5) * 60_000,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: labChromiumArgs },
  },
});
