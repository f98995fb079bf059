import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAppConfig } from '../../src/signaling/app-config';
/** What the fake relay answers on `/api/config`, switched per test case through the path prefix. */
const routes: Record<string, (response: ServerResponse) => void> = {
  good: (r) =>
    json(r, {
      iceServers: [{ urls: 'stun:127.0.0.1:3478' }, { urls: ['turn:h:3478'], username: 'u', credential: 'c' }],
      relay: { path: '/ws', tokenRequired: false },
    }),
  'no-relay': (r) => json(r, { iceServers: [] }),
  'bad-json': (r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"iceServers":'),
  'not-object': (r) => json(r, [1, 2]),
  'no-ice': (r) => json(r, { relay: { path: '/ws', tokenRequired: false } }),
  'bad-urls': (r) => json(r, { iceServers: [{ urls: 42 }] }),
  'empty-urls': (r) => json(r, { iceServers: [{ urls: [] }] }),
  'bad-username': (r) => json(r, { iceServers: [{ urls: 'turn:h', username: 7 }] }),
  'bad-relay': (r) => json(r, { iceServers: [], relay: { path: 'ws', tokenRequired: false } }),
  'bad-token-flag': (r) => json(r, { iceServers: [], relay: { path: '/ws', tokenRequired: 'no' } }),
  missing: (r) => r.writeHead(404).end('not found'),
  slow: (r) => setTimeout(() => json(r, { iceServers: [] }), 1000),
};

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const [, name, rest] = /^\/([^/]+)(\/.*)$/.exec(request.url ?? '') ?? [];
    const route = name === undefined ? undefined : routes[name];
    if (rest !== '/api/config' || !route) return void response.writeHead(404).end();
    route(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchAppConfig', () => {
  it('returns a validated config', async () => {
    expect(await fetchAppConfig(`${base}/good`)).toEqual({
      iceServers: [{ urls: 'stun:127.0.0.1:3478' }, { urls: ['turn:h:3478'], username: 'u', credential: 'c' }],
      relay: { path: '/ws', tokenRequired: false },
    });
    expect(await fetchAppConfig(`${base}/no-relay/`)).toEqual({ iceServers: [] });
  });

  it.each([
    'bad-json',
    'not-object',
    'no-ice',
    'bad-urls',
    'empty-urls',
    'bad-username',
    'bad-relay',
    'bad-token-flag',
    'missing',
    'nothing-here',
  ])('returns null for %s', async (name) => {
    expect(await fetchAppConfig(`${base}/${name}`)).toBeNull();
  });

  it('returns null on timeout, without waiting for the server', async () => {
    const startMs = Date.now();
    expect(await fetchAppConfig(`${base}/slow`, fetch, 100)).toBeNull();
    expect(Date.now() - startMs).toBeLessThan(800);
  });

  it('returns null when the fetch itself fails', async () => {
    const failing = (() => Promise.reject(new TypeError('offline'))) as typeof fetch;
    expect(await fetchAppConfig(base, failing)).toBeNull();
  });
});

describe('fetchAppConfig from a relay with a token', () => {
  it('gets TURN credentials only with the token, which goes in the Porthole-Token header (any characters), never in the URL', async () => {
    const { createRelay } = await import('../../relay/src/index.js');
    const relay = createRelay({
      httpHost: '127.0.0.1',
      httpPort: 0,
      stunPort: false,
      token: 'open sesame 芝麻',
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: 'turn-rest-secret',
    });
    await relay.ready;
    const urls: string[] = [];
    const recording: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    try {
      const origin = `http://127.0.0.1:${relay.httpPort}`;
      const anonymous = await fetchAppConfig(origin, recording);
      expect(anonymous).toEqual({ iceServers: [], relay: { path: '/ws', tokenRequired: true } });
      const wrong = await fetchAppConfig(origin, recording, undefined, 'wrong');
      expect(wrong?.iceServers).toEqual([]);
      const holder = await fetchAppConfig(origin, recording, undefined, 'open sesame 芝麻');
      expect(holder?.iceServers).toEqual([
        { urls: ['turn:127.0.0.1:3478'], username: expect.stringMatching(/^\d+:/), credential: expect.any(String) },
      ]);
      expect(urls.every((url) => url === `${origin}/api/config`)).toBe(true);
    } finally {
      await relay.close();
    }
  });
});
