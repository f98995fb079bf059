#!/usr/bin/env node
// @ts-check
/**
 * Command line entry: configuration from the environment, one start-up line, clean exit on
 * SIGINT/SIGTERM. `npm start` in relay/, or `npm run relay` at the repository root.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from './config.js';
import { createRelay } from './index.js';
import { urlHost, wsPath } from './http.js';

/** @type {import('./config.js').RelayConfig} */
let config;
/** @type {import('./index.js').Relay} */
let relay;
try {
  config = configFromEnv(process.env);
  relay = createRelay(config);
} catch (error) {
  console.error(`porthole relay: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

try {
  await relay.ready;
} catch (error) {
  console.error(`porthole relay: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  await relay.close();
  process.exit(1);
}

const urls = relay.urls();
const wsUrl = `${(urls[0] ?? '').replace(/^http/, 'ws')}${wsPath}`;
const built = existsSync(join(config.staticDir, 'index.html'));
const parts = [
  urls.join(' '),
  `ws ${wsUrl}${config.token === undefined ? '' : ' (token required)'}`,
  relay.stunPort === undefined
    ? 'stun off'
    : `stun udp://${urlHost(config.stunHost ?? config.httpHost)}:${relay.stunPort}`,
  built ? `serving ${config.staticDir}` : `app not built (${config.staticDir} missing: run npm run build)`,
];
console.log(`porthole relay: ${parts.join(' · ')}`);

let stopping = false;
/** Closes the relay once; a second signal exits at once. */
function stop() {
  if (stopping) process.exit(1);
  stopping = true;
  relay.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
