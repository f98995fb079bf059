#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:soak`: one pair live for SOAK_MINUTES (default 30) inside the network lab's
 * private namespace, with a network change every SOAK_CHANGE_MINUTES (default 5) and 5% signaling
 * loss through the lab's proxy; prints reconnections, recovery times, frames lost, JS heap and
 * live RTCPeerConnections. Needs root and `unshare -n`; not part of CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { snapshotDist } from '../tests/lab/dist-snapshot.mjs';
import { namespaceUnavailable, runInNamespace } from '../tests/lab/netns.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const why = namespaceUnavailable();
if (why) {
  console.error(`bench:soak needs a private network namespace (root and unshare -n): ${why}`);
  process.exit(1);
}
process.chdir(root);
if (!existsSync('dist/index.html')) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const dist = snapshotDist('dist');
const code = await runInNamespace('npx playwright test -c bench/soak.config.ts', { PORTHOLE_LAB_DIST: dist.dir });
dist.remove();
process.exit(code);
