// The peers' side of `bench:connect`: the bench page of the peers (bench/peers, bundled by Vite
// into a temporary folder and served on 127.0.0.1) and a PeerJS server (the `peer` package).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeerServer } from 'peer';
import { build } from 'vite';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Bundles the peers' page; resolves with its folder. */
async function buildPeersPage() {
  const outDir = join(tmpdir(), `porthole-bench-peers-${process.pid}`);
  await build({
    configFile: false,
    root: fileURLToPath(new URL('./peers', import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

/** Serves the peers' page (GET only, files of its folder) on 127.0.0.1; resolves with the port. */
async function servePeersPage(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    try {
      const body = await readFile(join(dir, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => server.close() };
}

/** A PeerJS server (path `/`) on 127.0.0.1; resolves with its port. */
async function startPeerServer() {
  const http = await new Promise((resolve) => PeerServer({ host: '127.0.0.1', port: 0, path: '/' }, resolve));
  return { port: http.address().port, close: () => http.close() };
}

/** Starts the peers' page and the PeerJS server. */
export async function startPeerServers() {
  const page = await servePeersPage(await buildPeersPage());
  const peerjs = await startPeerServer();
  return {
    pagePort: page.port,
    peerjsPort: peerjs.port,
    close: () => {
      page.close();
      peerjs.close();
    },
  };
}
