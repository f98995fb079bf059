import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { createRelay } from '../../../relay/src/index.js';

const entry = fileURLToPath(new URL('./components-entry.ts', import.meta.url));
const themeCss = fileURLToPath(new URL('../../../src/ui/styles/theme.css', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A served test page for the chat, stats, video-tools, camera-controls and share elements. */
export interface ComponentsPage {
  /** The page's URL. */
  url: string;
  /** Stops the server and removes the bundle. */
  close(): Promise<void>;
}

/** The test page: a viewer-like stage with three elements over a video, the sender's controls below; theme tokens inlined. */
function indexHtml(theme: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Porthole components</title>
<link rel="icon" href="data:,">
<style>${theme}
body { font-family: system-ui, sans-serif; }
#stage { position: relative; background: #000; border-radius: 12px; overflow: hidden; margin: 12px; }
#stage video { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: contain; }
#stage porthole-chat { position: absolute; left: 8px; right: 8px; bottom: 60px; }
#stage porthole-video-tools { position: absolute; right: 8px; bottom: 8px; }
#list, #controls { margin: 12px; }
</style>
</head>
<body>
<div id="stage">
  <video autoplay playsinline muted></video>
  <porthole-stats></porthole-stats>
  <porthole-chat mode="overlay" disabled></porthole-chat>
  <porthole-video-tools></porthole-video-tools>
</div>
<porthole-chat id="list" mode="list" disabled></porthole-chat>
<section id="controls">
  <porthole-camera-controls></porthole-camera-controls>
  <porthole-share></porthole-share>
</section>
<script type="module" src="./components.js"></script>
</body>
</html>
`;
}

/** Bundles the elements with Vite (library mode) into a temporary directory and serves it with a relay. */
export async function serveComponents(): Promise<ComponentsPage> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-components-'));
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: 'inline',
      lib: { entry, formats: ['es'], fileName: () => 'components.js' },
    },
  });
  await writeFile(join(dir, 'index.html'), indexHtml(await readFile(themeCss, 'utf8')));
  const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, staticDir: dir });
  await relay.ready;
  return {
    url: `http://127.0.0.1:${relay.httpPort}/`,
    close: async () => {
      await relay.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
