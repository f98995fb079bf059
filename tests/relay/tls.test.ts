/**
 * HTTPS and WSS on one server when tlsCert/tlsKey are given (self-signed cert made by openssl).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, rawRequest, startRelay, wsUrl } from './helpers.js';

let dir: string;
let hasOpenssl = true;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-relay-tls-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<title>tls-index</title>');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  } catch {
    hasOpenssl = false;
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS', () => {
  it('serves HTTPS and WSS on the same port', async (context) => {
    if (!hasOpenssl) {
      context.skip('openssl is not installed: cannot make a test certificate');
      return;
    }
    const relay = await startRelay({
      staticDir: join(dir, 'dist'),
      tlsCert: join(dir, 'cert.pem'),
      tlsKey: join(dir, 'key.pem'),
    });
    expect(relay.urls()).toEqual([`https://127.0.0.1:${relay.httpPort}`]);
    const page = await rawRequest(relay.httpPort, '/', { tls: true });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<title>tls-index</title>');
    expect(page.headers['strict-transport-security']).toBe('max-age=15552000');
    const api = await rawRequest(relay.httpPort, '/api/config', { tls: true });
    expect(api.headers['strict-transport-security']).toBe('max-age=15552000');
    const [a, b] = await Promise.all([
      connect(wsUrl(relay, '', 'wss'), { rejectUnauthorized: false }),
      connect(wsUrl(relay, '', 'wss'), { rejectUnauthorized: false }),
    ]);
    await a.join('secure');
    await b.join('secure');
    a.pub('secure', 'over-wss');
    expect(await b.next()).toEqual({ op: 'msg', topic: 'secure', data: 'over-wss' });
    // Plain HTTP on the TLS port does not get the app.
    await expect(rawRequest(relay.httpPort, '/')).rejects.toThrow();
  });
});
