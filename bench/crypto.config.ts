import { defineConfig } from '@playwright/test';
import { chromiumUse } from '../tests/e2e/chromium';

/** `npm run bench:crypto`: WebCrypto cost per operation in Node and in Chromium, printed (not asserted). */
export default defineConfig({
  testDir: '.',
  testMatch: 'crypto.bench.ts',
  workers: 1,
  timeout: 300_000,
  reporter: 'list',
  use: {
    ...chromiumUse,
  },
});
