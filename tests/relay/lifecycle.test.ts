/**
 * createRelay as a whole: STUN started with it, ports and URLs, ready rejecting on a taken
 * port, close() idempotent and safe before ready.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { createRelay } from '../../relay/src/index.js';
import { connect, rawRequest, startRelay, wsUrl } from './helpers.js';

/** Sends one STUN Binding request to 127.0.0.1:port and resolves with the raw answer. */
function stunBinding(port: number): Promise<{ request: Buffer; response: Buffer }> {
  const socket = createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request
  request.writeUInt16BE(0, 2); // no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomBytes(12).copy(request, 8);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no STUN answer within 2 s'));
    }, 2000);
    socket.once('message', (response) => {
      clearTimeout(timer);
      socket.close();
      resolve({ request, response });
    });
    socket.send(request, port, '127.0.0.1');
  });
}

describe('createRelay', () => {
  it('starts STUN with the relay and reports both ports', async () => {
    const relay = await startRelay({ stunPort: 0 });
    expect(relay.httpPort).toBeGreaterThan(0);
    expect(relay.stunPort).toBeGreaterThan(0);
    expect(relay.stunPort).not.toBe(3478);
    const { request, response } = await stunBinding(relay.stunPort!);
    expect(response.readUInt16BE(0)).toBe(0x0101); // Binding success response
    expect(response.subarray(8, 20).equals(request.subarray(8, 20))).toBe(true); // same transaction
    expect(relay.urls()).toEqual([`http://127.0.0.1:${relay.httpPort}`]);
  });

  it('lists localhost for a wildcard bind', async () => {
    const relay = await startRelay({ httpHost: '0.0.0.0' });
    const urls = relay.urls();
    expect(urls[0]).toBe(`http://localhost:${relay.httpPort}`);
    for (const url of urls) expect(url).toMatch(/^http:\/\/[^/]+:\d+$/);
  });

  it('rejects ready when the HTTP port is taken, and still closes', async () => {
    const first = await startRelay();
    const second = createRelay({ httpHost: '127.0.0.1', httpPort: first.httpPort, stunPort: false });
    await expect(second.ready).rejects.toThrow(/EADDRINUSE/);
    await second.close();
    expect((await rawRequest(first.httpPort, '/healthz')).status).toBe(200);
  });

  it('closes idempotently, even before ready, and frees the port', async () => {
    const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: 0 });
    const closing = relay.close();
    expect(relay.close()).toBe(closing);
    await closing;
    const again = await startRelay();
    const client = await connect(wsUrl(again));
    await again.close();
    expect((await client.closed).code).toBe(1006);
    await expect(rawRequest(again.httpPort, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });
});
