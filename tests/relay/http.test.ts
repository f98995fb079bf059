/**
 * The HTTP side: the static app (types, SPA fallback, cache headers, no traversal, HEAD),
 * /api/config, /healthz, CORS, the 503 before a build, and upgrades on the wrong path.
 */
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, rawRequest, refusedStatus, startRelay, wsUrl } from './helpers.js';

let root: string;
let staticDir: string;
const indexHtml = '<!doctype html><title>porthole-test-index</title>';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'porthole-relay-http-'));
  staticDir = join(root, 'dist');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), indexHtml);
  writeFileSync(join(staticDir, 'sw.js'), 'self.sw = 1;');
  writeFileSync(join(staticDir, 'registerSW.js'), 'self.reg = 1;');
  writeFileSync(join(staticDir, 'workbox-2178cfdb.js'), 'self.wb = 1;');
  writeFileSync(join(staticDir, 'manifest.webmanifest'), '{"name":"Porthole"}');
  writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(staticDir, 'assets', 'app-abc123.js'), 'export const app = 1;');
  writeFileSync(join(staticDir, 'assets', 'app-abc123.css'), 'body{}');
  writeFileSync(join(staticDir, '.env'), 'HIDDEN=1');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
  symlinkSync(join(root, 'secret.txt'), join(staticDir, 'escape.txt'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('static app', () => {
  it('serves files with their content types and cache headers', async () => {
    const relay = await startRelay({ staticDir });
    const cases: Array<[string, string, string]> = [
      ['/', 'text/html; charset=utf-8', 'no-cache'],
      ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
      ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/registerSW.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/workbox-2178cfdb.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
      ['/favicon.svg', 'image/svg+xml', 'no-cache'],
      ['/assets/app-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['/assets/app-abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ];
    for (const [path, type, cache] of cases) {
      const answer = await rawRequest(relay.httpPort, path);
      expect([path, answer.status, answer.headers['content-type'], answer.headers['cache-control']]).toEqual([
        path,
        200,
        type,
        cache,
      ]);
    }
    expect((await rawRequest(relay.httpPort, '/assets/app-abc123.js')).body).toBe('export const app = 1;');
    expect((await rawRequest(relay.httpPort, '/manifest.webmanifest')).body).toBe('{"name":"Porthole"}');
  });

  it('falls back to index.html for app routes and 404s missing assets', async () => {
    const relay = await startRelay({ staticDir });
    for (const path of ['/view', '/some/route', '/send?r=abc', '/']) {
      const answer = await rawRequest(relay.httpPort, path);
      expect([path, answer.status, answer.body]).toEqual([path, 200, indexHtml]);
    }
    for (const path of ['/missing.js', '/assets/nope-123.css']) {
      expect([path, (await rawRequest(relay.httpPort, path)).status]).toEqual([path, 404]);
    }
    const dotfile = await rawRequest(relay.httpPort, '/.env');
    expect(dotfile.status).toBe(400);
    expect(dotfile.body).not.toContain('HIDDEN');
  });

  it('never serves a file outside staticDir', async () => {
    const relay = await startRelay({ staticDir });
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..\\secret.txt',
      '/secret.txt%00.js',
      '/%ff%fe.js',
      '/escape.txt', // a symlink pointing outside
    ];
    for (const path of attempts) {
      const answer = await rawRequest(relay.httpPort, path);
      expect([path, [400, 404].includes(answer.status)]).toEqual([path, true]);
      expect(answer.body).not.toContain('TOP-SECRET');
    }
  });

  it('answers HEAD with headers and no body, and revalidates with ETag', async () => {
    const relay = await startRelay({ staticDir });
    const head = await rawRequest(relay.httpPort, '/assets/app-abc123.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('export const app = 1;'.length));
    expect(head.body).toBe('');
    const etag = head.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await rawRequest(relay.httpPort, '/assets/app-abc123.js', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers 503 while the app is not built, and the rest still works', async () => {
    const relay = await startRelay({ staticDir: join(root, 'not-built-yet') });
    const home = await rawRequest(relay.httpPort, '/');
    expect(home.status).toBe(503);
    expect(home.body).toContain('app not built: run npm run build');
    expect((await rawRequest(relay.httpPort, '/view')).status).toBe(503);
    expect((await rawRequest(relay.httpPort, '/healthz')).status).toBe(200);
    const [a, b] = await Promise.all([connect(wsUrl(relay)), connect(wsUrl(relay))]);
    await a.join('t');
    await b.join('t');
    a.pub('t', 'still works');
    expect(await b.next()).toEqual({ op: 'msg', topic: 't', data: 'still works' });
  });

  it('refuses other methods with 405 and plain GET /ws with 426', async () => {
    const relay = await startRelay({ staticDir });
    const post = await rawRequest(relay.httpPort, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect((await rawRequest(relay.httpPort, '/ws')).status).toBe(426);
  });

  it('refuses WebSocket upgrades on other paths with 404', async () => {
    const relay = await startRelay({ staticDir });
    expect(await refusedStatus(`ws://127.0.0.1:${relay.httpPort}/mqtt`)).toBe(404);
    expect(await refusedStatus(`ws://127.0.0.1:${relay.httpPort}/ws/extra`)).toBe(404);
    expect(relay.stats().connections).toBe(0);
  });
});

describe('api', () => {
  it('GET /api/config lists its STUN (host from the Host header) and the TURN servers', async () => {
    const relay = await startRelay({
      staticDir,
      stunPort: 0,
      turnUrls: ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349'],
      turnUsername: 'user',
      turnCredential: 'pass',
    });
    expect(relay.stunPort).toBeGreaterThan(0);
    const answer = await rawRequest(relay.httpPort, '/api/config', { headers: { Host: 'example.test:1234' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(answer.body)).toEqual({
      iceServers: [
        { urls: `stun:example.test:${relay.stunPort}` },
        {
          urls: ['turn:turn.example.test:3478?transport=udp', 'turns:turn.example.test:5349'],
          username: 'user',
          credential: 'pass',
        },
      ],
      relay: { path: '/ws', tokenRequired: false },
    });
    const v6 = await rawRequest(relay.httpPort, '/api/config', { headers: { Host: '[fd00::5]:8080' } });
    expect(JSON.parse(v6.body).iceServers[0]).toEqual({ urls: `stun:[fd00::5]:${relay.stunPort}` });
  });

  it('omits STUN from /api/config when STUN is off', async () => {
    const relay = await startRelay({ staticDir, stunPort: false });
    const body = JSON.parse((await rawRequest(relay.httpPort, '/api/config')).body);
    expect(body).toEqual({ iceServers: [], relay: { path: '/ws', tokenRequired: false } });
    expect(relay.stunPort).toBeUndefined();
  });

  it('answers CORS preflights with 204 and reports health', async () => {
    const relay = await startRelay({ staticDir });
    const preflight = await rawRequest(relay.httpPort, '/api/config', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.test', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');

    const health = await rawRequest(relay.httpPort, '/healthz');
    expect(health.status).toBe(200);
    expect(health.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    // No CORS on the app itself.
    expect((await rawRequest(relay.httpPort, '/')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await rawRequest(relay.httpPort, '/api/nothing')).status).toBe(404);
  });

  it('/healthz gives counts only to the operator (HEALTH_TOKEN, else RELAY_TOKEN)', async () => {
    const relay = await startRelay({ staticDir, token: 'relay-tok', healthToken: 'health-tok' });
    const [a] = await Promise.all([
      connect(wsUrl(relay), { headers: { Authorization: 'Bearer relay-tok' } }),
      connect(wsUrl(relay), { headers: { Authorization: 'Bearer relay-tok' } }),
    ]);
    await a.join('room');
    const health = (headers: Record<string, string> = {}) =>
      rawRequest(relay.httpPort, '/healthz', { headers }).then((answer) => JSON.parse(answer.body));
    expect(await health()).toEqual({ ok: true });
    expect(await health({ Authorization: 'Bearer wrong' })).toEqual({ ok: true });
    expect(await health({ Authorization: 'Bearer relay-tok' })).toEqual({ ok: true }); // HEALTH_TOKEN wins
    expect(await health({ Authorization: 'Bearer health-tok' })).toEqual({ ok: true, connections: 2, topics: 1 });
    const fallback = await startRelay({ staticDir, token: 'relay-tok' });
    const answer = await rawRequest(fallback.httpPort, '/healthz', { headers: { Authorization: 'Bearer relay-tok' } });
    expect(JSON.parse(answer.body)).toEqual({ ok: true, connections: 0, topics: 0 });
    // No token configured at all: nobody gets the counts over HTTP.
    const open = await startRelay({ staticDir });
    const plain = await rawRequest(open.httpPort, '/healthz', { headers: { Authorization: 'Bearer ' } });
    expect(JSON.parse(plain.body)).toEqual({ ok: true });
  });
});

describe('security headers', () => {
  it('puts CSP, frame, referrer and sniffing headers on everything, HSTS only with TLS', async () => {
    const relay = await startRelay({ staticDir });
    for (const path of ['/', '/assets/app-abc123.js', '/api/config', '/healthz', '/missing.js', '/.env', '/ws']) {
      const { headers } = await rawRequest(relay.httpPort, path);
      expect([path, headers['content-security-policy']]).toEqual([
        path,
        expect.stringContaining("frame-ancestors 'none'"),
      ]);
      expect([path, headers['referrer-policy'], headers['x-content-type-options']]).toEqual([
        path,
        'no-referrer',
        'nosniff',
      ]);
      expect(headers['strict-transport-security']).toBeUndefined();
    }
    const csp = (await rawRequest(relay.httpPort, '/')).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("media-src 'self' blob: mediastream:");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toMatch(/connect-src[^;]* ws: wss:/);
  });

  it('serves no source maps unless serveSourceMaps is set', async () => {
    writeFileSync(join(staticDir, 'assets', 'app-abc123.js.map'), '{"version":3,"sources":["secret-source.ts"]}');
    const relay = await startRelay({ staticDir });
    const refused = await rawRequest(relay.httpPort, '/assets/app-abc123.js.map');
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('secret-source');
    expect((await rawRequest(relay.httpPort, '/assets/APP-ABC123.JS.MAP')).status).toBe(404);
    const debug = await startRelay({ staticDir, serveSourceMaps: true });
    expect((await rawRequest(debug.httpPort, '/assets/app-abc123.js.map')).body).toContain('secret-source');
  });
});

describe('static downloads', () => {
  it('closes the file when a download is aborted', async () => {
    const big = join(staticDir, 'assets', 'big-0123.bin');
    writeFileSync(big, Buffer.alloc(32 * 1024 * 1024, 7));
    const relay = await startRelay({ staticDir });
    const openHandles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === big;
        } catch {
          return false;
        }
      }).length;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: relay.httpPort, path: '/assets/big-0123.bin' }, (res) => {
        res.once('data', () => {
          expect(openHandles()).toBe(1); // the relay is streaming it
          req.destroy(); // the client goes away mid-download
          resolve();
        });
      });
      req.on('error', () => {});
      req.end();
      setTimeout(() => reject(new Error('no data')), 5000);
    });
    const deadline = Date.now() + 3000;
    while (openHandles() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(openHandles()).toBe(0);
    // And the relay still serves.
    expect((await rawRequest(relay.httpPort, '/')).status).toBe(200);
  });
});
