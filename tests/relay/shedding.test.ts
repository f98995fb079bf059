/**
 * How the relay sheds a flood cheaply, on the real relay: the 429 of an upgrade over its
 * address's connect rate is held for its Retry-After second (a client retrying at once waits),
 * and a socket over its message rate gets one `rate-limited` per run of dropped frames and is not
 * read until a token is back (its bytes wait in the kernel).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { connect, startRelay, wsUrl } from './helpers.js';
import { maskedTextFrame, rawClient } from './raw-client.js';

type UpgradeAnswer = { status: number; retryAfter: string | undefined; ms: number };

/** Attempts a WebSocket upgrade from `localAddress`; resolves with the status and how long it took. */
function upgrade(port: number, localAddress = '127.0.0.1'): Promise<UpgradeAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/ws',
      localAddress,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.alloc(16, 3).toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, retryAfter: undefined, ms: performance.now() - started });
    });
    req.on('response', (res) => {
      res.resume();
      const retryAfter = res.headers['retry-after'];
      resolve({ status: res.statusCode ?? 0, retryAfter, ms: performance.now() - started });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('connection storm', () => {
  it('holds the 429 of an upgrade over the connect rate for its Retry-After second; others are not held', async () => {
    const relay = await startRelay({ maxConnectsPerSecondPerIp: 1, maxConnectionsPerIp: 1 });
    // The connect bucket holds 1 + 1 attempts.
    expect((await upgrade(relay.httpPort)).status).toBe(101);
    expect((await upgrade(relay.httpPort)).status).toBe(101);
    const [held, elsewhere] = await Promise.all([upgrade(relay.httpPort), upgrade(relay.httpPort, '127.0.0.4')]);
    expect(held).toMatchObject({ status: 429, retryAfter: '1' });
    expect(held.ms).toBeGreaterThanOrEqual(900);
    expect(elsewhere.status).toBe(101);
    expect(elsewhere.ms).toBeLessThan(held.ms);
  });

  it('answers held refusals at once when the relay closes', async () => {
    const relay = await startRelay({ maxConnectsPerSecondPerIp: 1, maxConnectionsPerIp: 1 });
    await upgrade(relay.httpPort);
    await upgrade(relay.httpPort);
    const held = upgrade(relay.httpPort);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = performance.now();
    await relay.close();
    expect(performance.now() - closing).toBeLessThan(800);
    expect(await held).toMatchObject({ status: 429 });
  });
});

describe('message flood', () => {
  it('answers the first dropped frame of a run only, and reads the socket again once a token is back', async () => {
    const relay = await startRelay({ maxMessagesPerSecond: 2, messageBurst: 3 });
    const listener = await connect(wsUrl(relay));
    await listener.join('run');
    const flooder = await rawClient(relay.httpPort, { read: true });
    let received = '';
    flooder.socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    const rateLimitedCount = () => received.split('"rate-limited"').length - 1;
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => received.includes('101 Switching Protocols'));
    // One write, so that the relay reads it at once: 3 tokens (join, p0, p1), then 6 dropped
    // (fewer than the 3 × burst that would close it for flooding).
    const frames = [
      { op: 'join', topic: 'run' },
      { op: 'pub', topic: 'run', data: 'p0' },
      { op: 'pub', topic: 'run', data: 'p1' },
      ...Array.from({ length: 6 }, (_, i) => ({ op: 'pub', topic: 'run', data: `d${i}` })),
    ];
    flooder.socket.write(Buffer.concat(frames.map((frame) => maskedTextFrame(JSON.stringify(frame)))));
    await until(() => rateLimitedCount() > 0);
    expect((await listener.next()).data).toBe('p0');
    expect((await listener.next()).data).toBe('p1');
    await listener.expectNone(100);
    expect(rateLimitedCount()).toBe(1);
    // The socket is not read for the 500 ms a token takes: then this frame gets through (read at
    // once, it would have been dropped, silently, as part of the same run).
    const sentAt = performance.now();
    flooder.sendText(JSON.stringify({ op: 'pub', topic: 'run', data: 'late' }));
    expect((await listener.next(3000)).data).toBe('late');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(300);
    // A frame got through: the next dropped frame starts a new run, answered again.
    flooder.sendText(JSON.stringify({ op: 'pub', topic: 'run', data: 'over' }));
    await until(() => rateLimitedCount() === 2);
    await listener.expectNone(100);
    flooder.socket.destroy();
  });
});
