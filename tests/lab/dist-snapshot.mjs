// @ts-check
/**
 * A private copy of the built app for one lab run, so that a rebuild of dist/ during the run
 * (another engineer's `npm run build` in the same tree) cannot change the app under test.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Copies `distDir` to a new temporary folder; returns its path and a function that removes it.
 * @param {string} distDir
 * @returns {{ dir: string, remove: () => void }}
 */
export function snapshotDist(distDir) {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-lab-dist-'));
  cpSync(distDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
