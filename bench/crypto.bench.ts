import { test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { type CryptoFigure, defaultCryptoRuns, measureCrypto } from './crypto-ops';

const runs = Number(process.env.RUNS ?? defaultCryptoRuns);
/** A page on localhost (a secure context, so WebCrypto is there), served by the test itself. */
const pageUrl = 'http://localhost/porthole-crypto-bench';

/** bench/crypto-ops.ts and the app's src/protocol, bundled by Vite into one script for the page. */
async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('..', import.meta.url)),
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./crypto-ops.ts', import.meta.url)),
        formats: ['iife'],
        name: 'portholeCryptoBench',
      },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  if (!result || !('output' in result)) throw new Error('vite build gave no bundle');
  const chunk = result.output.find((item) => item.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error('vite build gave no chunk');
  return chunk.code;
}

/** `0.123 ms`, or `n/a`. */
function cell(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'n/a' : `${ms.toFixed(3)} ms`;
}

test('crypto cost per operation: Node and Chromium side by side', async ({ page, browser }) => {
  const code = await bundle();
  await page.route(pageUrl, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>crypto bench</title>',
    }),
  );
  await page.goto(pageUrl);
  await page.addScriptTag({ content: code });
  const inChromium = await page.evaluate(
    (n) =>
      (
        globalThis as unknown as { portholeCryptoBench: { measureCrypto(runs: number): Promise<CryptoFigure[]> } }
      ).portholeCryptoBench.measureCrypto(n),
    runs,
  );
  const inNode = await measureCrypto(runs);
  const rows = inChromium.map((figure, i) => [figure.name, cell(inNode[i]?.ms), cell(figure.ms)]);
  const header = ['operation', `Node ${process.version}`, `Chromium ${browser.version()}`];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string => row.map((text, col) => text.padEnd(widths[col]!)).join('  ');
  console.log(
    `\nWebCrypto cost per operation: ${runs} runs one at a time (as a join does them), median of batches of 20:`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
});
