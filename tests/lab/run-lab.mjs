#!/usr/bin/env node
// @ts-check
/**
 * `npm run test:lab`: runs the network lab (Playwright, tests/lab/lab.config.ts) inside a private
 * network namespace made here (see netns.mjs). Without root or `unshare -n` it prints why, skips,
 * and exits 0. Extra arguments go to Playwright (e.g. `npm run test:lab -- -g lossy`). Ends with
 * "Tests: N passed, N failed, N skipped"; with LAB_SUMMARY_FILE set, also writes those counts there
 * as JSON. LAB_DIST names another build of the app to serve (default dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotDist } from './dist-snapshot.mjs';
import { namespaceUnavailable, runInNamespace } from './netns.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = 'tests/lab/lab.config.ts';
const reportFile = `${root}.test-output/lab-playwright.json`;
const extraArgs = process.argv.slice(2);

/**
 * Writes and prints the closing counts, then exits.
 * @param {{ passed: number, failed: number, skipped: number }} counts
 * @param {number} exitCode
 * @returns {never}
 */
function finish(counts, exitCode) {
  if (process.env.LAB_SUMMARY_FILE) writeFileSync(process.env.LAB_SUMMARY_FILE, JSON.stringify(counts));
  console.log(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(exitCode);
}

/** How many lab tests there are (Playwright's --list, outside the namespace: nothing runs). */
function countTests() {
  const listed = spawnSync('npx', ['playwright', 'test', '-c', config, '--list', ...extraArgs], {
    cwd: root,
    encoding: 'utf8',
  });
  const total = /Total: (\d+) tests?/.exec(listed.stdout ?? '');
  return total ? Number(total[1]) : 0;
}

/**
 * Single-quotes an argument for bash.
 * @param {string} arg
 */
function shellQuote(arg) {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

const why = namespaceUnavailable();
if (why) {
  const skipped = countTests();
  console.log(`network lab skipped: it needs a private network namespace (root and unshare -n): ${why}`);
  finish({ passed: 0, failed: 0, skipped }, 0);
}

if (!existsSync(`${root}dist/index.html`)) {
  console.log('network lab: building the app first (dist/ is missing)');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) finish({ passed: 0, failed: 1, skipped: 0 }, 1);
}

mkdirSync(dirname(reportFile), { recursive: true });
rmSync(reportFile, { force: true });
process.chdir(root);
const command = ['npx', 'playwright', 'test', '-c', config, '--reporter=list,json', ...extraArgs]
  .map(shellQuote)
  .join(' ');
const dist = snapshotDist(process.env.LAB_DIST ?? `${root}dist`);
const code = await runInNamespace(command, { PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, PORTHOLE_LAB_DIST: dist.dir });
dist.remove();

let stats;
try {
  stats = JSON.parse(readFileSync(reportFile, 'utf8')).stats;
} catch {
  stats = undefined;
}
if (!stats) finish({ passed: 0, failed: 1, skipped: 0 }, code || 1);
// Expected failures (test.fail) count as passed, as Playwright counts them.
const passed = stats.expected + stats.flaky;
const failed = stats.unexpected + (code !== 0 && stats.unexpected === 0 ? 1 : 0);
finish({ passed, failed, skipped: stats.skipped }, code);
