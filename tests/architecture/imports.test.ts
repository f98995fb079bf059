/**
 * The layers, checked on the source: no import cycle anywhere, and no import against the
 * direction protocol ← signaling/storage ← rtc ← app (rooms) ← ui/pwa ← app shell. The relay
 * never imports the app (types excepted, which the build erases).
 *
 * A small check of our own rather than madge or dependency-cruiser: both parse TypeScript with
 * the TypeScript JavaScript API, which the project's TypeScript 7 (the native compiler) lacks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every source file under `dir` (relative to the repository root). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** A file's relative imports, resolved to repository paths; `typeOnly` marks `import type`. */
function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  // Comments go first: JSDoc's `import('./x.js').Type` is a type reference, not an import.
  const text = readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const found: Array<{ target: string; typeOnly: boolean }> = [];
  const pattern =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const spec = match[3] ?? match[4];
    if (!spec) continue;
    const base = path.join(path.dirname(file), spec);
    const target = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), `${base}/index.ts`].find((candidate) => {
      try {
        return statSync(path.join(root, candidate)).isFile();
      } catch {
        return false;
      }
    });
    if (target) found.push({ target, typeOnly: Boolean(match[2]) });
  }
  return found;
}

const files = [...sourceFiles('src'), ...sourceFiles('relay/src')];
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** One cycle through `graph` as a list of files, or undefined. */
function findCycle(): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const { target } of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The layer of a source file: higher layers may import lower ones only. */
function layer(file: string): number {
  if (file.startsWith('src/protocol/')) return 0;
  if (/^src\/(signaling|storage)\//.test(file)) return 1;
  if (file.startsWith('src/rtc/')) return 2;
  if (file.startsWith('src/app/') && file !== 'src/app/porthole-app.ts') return 3; // how rooms open
  if (/^src\/(ui|pwa)\//.test(file)) return 4;
  return 5; // the app shell (src/app/porthole-app.ts, src/main.ts)
}

describe('imports', () => {
  it('finds the files it checks (the check cannot pass on an empty tree)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });

  it('form no cycle', () => {
    expect(findCycle()).toBeUndefined();
  });

  it('never go up a layer (protocol ← signaling/storage ← rtc ← app (rooms) ← ui/pwa ← shell)', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      if (!file.startsWith('src/')) continue;
      for (const { target } of imports) {
        if (layer(target) > layer(file)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keep the relay a package of its own: it imports nothing from src/, and the app only its types', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const { target, typeOnly } of imports) {
        if (file.startsWith('relay/') && target.startsWith('src/')) wrong.push(`${file} → ${target}`);
        if (file.startsWith('src/') && target.startsWith('relay/') && !typeOnly) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
