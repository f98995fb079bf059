#!/usr/bin/env node
// Runs every test: type checks, the app build, Vitest (unit + relay) and Playwright (browser),
// then prints one closing line "Tests: N passed, N failed". Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const outDir = '.test-output';
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

/** Runs a command inheriting stdio; returns true when it exited 0. */
function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** Reads a JSON report, or null when the runner did not write one. */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const steps = [];

for (const [label, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['build', 'build'],
]) {
  const ok = run(label, 'npm', ['run', '--silent', script]);
  steps.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
  if (ok) passed += 1;
  else failed += 1;
}

const vitestOk = run('unit + relay tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${outDir}/vitest.json`,
]);
const vitest = readJson(`${outDir}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  steps.push(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) {
  failed += 1;
  steps.push('vitest: FAILED (no report or a suite failed to load)');
}

const e2eOk = run('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: `${outDir}/playwright.json`,
});
const e2e = readJson(`${outDir}/playwright.json`);
if (e2e?.stats) {
  const ok = e2e.stats.expected + e2e.stats.flaky;
  passed += ok;
  failed += e2e.stats.unexpected;
  steps.push(
    `playwright: ${ok} passed (${e2e.stats.flaky} flaky), ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`,
  );
}
if (!e2eOk && (!e2e?.stats || e2e.stats.unexpected === 0)) {
  failed += 1;
  steps.push('playwright: FAILED (no report or the run itself failed)');
}

// The network lab (tests/lab): a private network namespace; it skips (0 failed) where it cannot make one.
const labOk = run('network lab', 'node', ['tests/lab/run-lab.mjs'], { LAB_SUMMARY_FILE: `${outDir}/lab.json` });
const lab = readJson(`${outDir}/lab.json`);
if (lab) {
  passed += lab.passed;
  failed += lab.failed;
  steps.push(`lab: ${lab.passed} passed, ${lab.failed} failed, ${lab.skipped} skipped`);
}
if (!labOk && (!lab || lab.failed === 0)) {
  failed += 1;
  steps.push('lab: FAILED (no report or the run itself failed)');
}

console.log(`\n${steps.join('\n')}`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
