import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertLabNamespace } from './network';
import { distDir } from './servers';

/** Refuses to run outside the lab namespace, or without the built app the relay serves. */
export default function globalSetup(): void {
  assertLabNamespace();
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('the lab needs the built app: run `npm run build`');
}
