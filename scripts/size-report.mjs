#!/usr/bin/env node
// After `vite build`: how heavy is the first load, and how much does the service worker fetch?
//   initial JS  the module scripts and modulepreloads dist/index.html references (gzip, node:zlib)
//   precache    every file listed in the generated dist/sw.js precache manifest (raw and gzip)
// Usage: npm run size  (or node scripts/size-report.mjs [distDir])
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'dist');
if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'sw.js'))) {
  console.error(`no build in ${dist}: run npx vite build first`);
  process.exit(1);
}

/** Bytes of a file in dist and of its gzip (level 9, as a server would send it at best). */
function sizes(url) {
  const body = readFileSync(join(dist, url.replace(/^\.?\//, '').split(/[?#]/)[0]));
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/** Sums the sizes of a list of dist URLs. */
function total(urls) {
  return urls.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const tags = html.match(/<(?:script|link)\b[^>]*>/g) ?? [];
const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
const initialJs = tags
  .filter(
    (tag) => (tag.startsWith('<script') && attr(tag, 'type') === 'module') || attr(tag, 'rel') === 'modulepreload',
  )
  .map((tag) => attr(tag, 'src') ?? attr(tag, 'href'))
  .filter((url) => url !== undefined && !/^[a-z]+:/i.test(url));
const initialCss = tags
  .filter((tag) => attr(tag, 'rel') === 'stylesheet')
  .map((tag) => attr(tag, 'href'))
  .filter((url) => url !== undefined && !/^[a-z]+:/i.test(url));

// generateSW writes the precache manifest as `{url:"…",revision:…}` entries.
const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
const precached = [...new Set([...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]))];

const js = total(initialJs);
const css = total(initialCss);
const pre = total(precached);
console.log(`initial JS   ${kib(js.gzip)} gzip (${kib(js.raw)} raw): ${initialJs.join(', ')}`);
console.log(`initial CSS  ${kib(css.gzip)} gzip (${kib(css.raw)} raw)`);
console.log(`precache     ${kib(pre.raw)} raw, ${kib(pre.gzip)} gzip, ${precached.length} files`);
for (const url of precached) {
  const { raw, gzip } = sizes(url);
  console.log(`  ${url.padEnd(40)} ${kib(raw).padStart(10)} ${kib(gzip).padStart(10)} gzip`);
}
