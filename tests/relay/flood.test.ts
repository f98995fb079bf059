/**
 * Under attack, for a bounded time: one client sends 10 000 messages/s (reconnecting whenever it
 * is closed) and another opens connections as fast as it can. The relay stays up, answers them
 * only with the documented codes (rate-limited, 1008, HTTP 429), and rooms of other addresses
 * keep exchanging every message with low latency.
 */
import { connect as connectTcp } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, rawRequest, startRelay, type TestRelay, wsUrl, type Client } from './helpers.js';

const attackMs = 2000;

describe('flood', () => {
  it('throttles a 10k msgs/s flooder and a connection churner; other rooms keep working', async () => {
    const relay = await startRelay();
    const url = wsUrl(relay);
    const seen = {
      rateLimited: 0,
      otherErrors: 0,
      closes: new Map<number, number>(),
      refusals: new Map<number, number>(),
    };
    const count = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);
    let attacking = true;

    // Bystanders: three rooms, ping-pong every 20 ms, from their own address.
    const rooms = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const [a, b] = await Promise.all([
          connect(url, { localAddress: '127.0.0.1' }),
          connect(url, { localAddress: '127.0.0.1' }),
        ]);
        await a.join(`calm-${i}`);
        await b.join(`calm-${i}`);
        return { topic: `calm-${i}`, a, b };
      }),
    );
    const latencies: number[] = [];
    let sent = 0;
    const pingPong = async ({ topic, a, b }: { topic: string; a: Client; b: Client }) => {
      while (attacking) {
        const t0 = performance.now();
        a.pub(topic, `ping-${sent++}`);
        const got = await b.next(5000);
        expect(got).toMatchObject({ op: 'msg', topic });
        latencies.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    // The flooder: 100 frames every 10 ms, reconnecting when closed.
    const flooder = async () => {
      while (attacking) {
        const ws = new WebSocket(url, { localAddress: '127.0.0.2' });
        const opened = await new Promise<boolean>((resolve) => {
          ws.once('open', () => resolve(true));
          ws.once('unexpected-response', (_req, res) => {
            count(seen.refusals, res.statusCode ?? 0);
            resolve(false);
          });
          ws.once('error', () => resolve(false));
        });
        if (!opened) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        ws.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString());
          if (frame.code === 'rate-limited') seen.rateLimited += 1;
          else if (frame.op === 'error' && frame.code !== 'not-joined') seen.otherErrors += 1;
        });
        const closed = new Promise<void>((resolve) =>
          ws.once('close', (code) => {
            count(seen.closes, code);
            resolve();
          }),
        );
        ws.send(JSON.stringify({ op: 'join', topic: 'flood' }));
        while (attacking && ws.readyState === WebSocket.OPEN) {
          for (let i = 0; i < 100; i += 1) ws.send(JSON.stringify({ op: 'pub', topic: 'flood', data: `f${i}` }));
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        if (ws.readyState === WebSocket.OPEN) ws.terminate();
        await closed;
      }
    };

    // The churner: 20 loops opening connections back to back (and keeping what it gets).
    const held: WebSocket[] = [];
    const churn = { opened: 0, refused: new Map<number, number>(), closed: new Map<number, number>() };
    const churner = async () => {
      while (attacking) {
        const ws = new WebSocket(url, { localAddress: '127.0.0.3' });
        await new Promise<void>((resolve) => {
          ws.once('open', () => {
            churn.opened += 1;
            held.push(ws);
            resolve();
          });
          ws.once('close', (code) => count(churn.closed, code));
          ws.once('unexpected-response', (_req, res) => {
            count(churn.refused, res.statusCode ?? 0);
            resolve();
          });
          ws.once('error', () => resolve());
        });
      }
    };

    const stop = new Promise<void>((resolve) =>
      setTimeout(() => {
        attacking = false;
        resolve();
      }, attackMs),
    );
    await Promise.all([stop, ...rooms.map(pingPong), flooder(), ...Array.from({ length: 20 }, churner)]);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // The relay is up and answers.
    expect((await rawRequest(relay.httpPort, '/healthz')).status).toBe(200);
    // The flooder was throttled, then closed for flooding; its reconnects hit the address limits.
    expect(seen.rateLimited).toBeGreaterThan(0);
    expect(seen.closes.get(1008) ?? 0).toBeGreaterThan(0);
    expect(seen.otherErrors).toBe(0);
    for (const status of seen.refusals.keys()) expect(status).toBe(429);
    // The churner got at most 64 sockets held at once; the rest were refused (429) or closed (1008).
    const open = held.filter((ws) => ws.readyState === WebSocket.OPEN).length;
    expect(open).toBeLessThanOrEqual(64);
    expect((churn.refused.get(429) ?? 0) + (churn.closed.get(1008) ?? 0)).toBeGreaterThan(0);
    for (const status of churn.refused.keys()) expect(status).toBe(429);
    for (const code of churn.closed.keys()) expect([1008, 1005, 1006]).toContain(code);
    // Bystanders: every ping arrived, promptly.
    latencies.sort((x, y) => x - y);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? Number.POSITIVE_INFINITY;
    console.log(
      `flood test: ${latencies.length} bystander round trips, p50 ${latencies[latencies.length >> 1]?.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
        `flooder: ${seen.rateLimited} rate-limited, closes ${JSON.stringify([...seen.closes])}, refusals ${JSON.stringify([...seen.refusals])}; ` +
        `churner: ${churn.opened} opened, refused ${JSON.stringify([...churn.refused])}, closed ${JSON.stringify([...churn.closed])}`,
    );
    expect(latencies.length).toBeGreaterThan(10); // one round trip every 20 ms per room, on a machine that may be busy
    expect(p99).toBeLessThan(1000);
    for (const { topic, a, b } of rooms) {
      a.frames.length = 0;
      b.frames.length = 0;
      b.pub(topic, 'after');
      expect(await a.next()).toEqual({ op: 'msg', topic, data: 'after' });
    }
    for (const ws of held) ws.terminate();
  }, 20_000);

  it('reads nothing more from a socket it closed for flooding, and cuts it soon after its 1008', async () => {
    const relay = await startRelay();
    const result = await streamPastClose(relay, { floodFirst: true });
    expect(result.closeCode).toBe(1008);
    expect(result.outcome).toBe('cut'); // not the 30 s closing handshake of a peer that never answers
    // Only the kernel's socket buffers (a few MB on loopback) took more of the backlog.
    expect(result.readAfterClose).toBeLessThan(backlogBytes / 2);
    expect((await rawRequest(relay.httpPort, '/healthz')).status).toBe(200);
  }, 20_000);

  it('reads nothing from a porthole.v1 client it refuses for its token (4401), and cuts it soon after', async () => {
    const relay = await startRelay({ token: 'right-token' });
    const result = await streamPastClose(relay, { protocol: 'porthole.v1' });
    expect(result.closeCode).toBe(4401);
    expect(result.outcome).toBe('cut');
    expect(result.readAfterClose).toBeLessThan(backlogBytes / 2);
  }, 20_000);

  it('reads nothing from a socket over its address limit (1008), and cuts it soon after', async () => {
    const relay = await startRelay({ maxConnectionsPerIp: 1 });
    const first = await connect(wsUrl(relay), { localAddress: '127.0.0.5' });
    const result = await streamPastClose(relay, { localAddress: '127.0.0.5' });
    expect(result.closeCode).toBe(1008);
    expect(result.outcome).toBe('cut');
    expect(result.readAfterClose).toBeLessThan(backlogBytes / 2);
    expect(await first.join('still-here')).toMatchObject({ op: 'joined' });
  }, 20_000);

  it("does not close a socket as a flooder for frames its address's bucket dropped (a neighbour drained it)", async () => {
    // A generous socket rate with a small burst (3 × 10 drops in 5 s mean flood), a small address rate.
    const relay = await startRelay({
      maxMessagesPerSecond: 1000,
      messageBurst: 10,
      maxMessagesPerSecondPerIp: 20,
      messageBurstPerIp: 20,
    });
    const url = wsUrl(relay);
    const [neighbour, victim] = await Promise.all([
      connect(url, { localAddress: '127.0.0.6' }),
      connect(url, { localAddress: '127.0.0.6' }),
    ]);
    // The neighbour drains the shared address bucket (and is closed for its own flood).
    for (let i = 0; i < 500; i += 1) neighbour.ws.send(JSON.stringify({ op: 'pub', topic: 'n', data: `${i}` }));
    // The victim sends 100 frames at 200/s: well inside its own socket's rate.
    for (let i = 0; i < 100; i += 1) {
      victim.ws.send(JSON.stringify({ op: 'pub', topic: 'v', data: `${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(victim.ws.readyState).toBe(WebSocket.OPEN);
    expect(victim.frames.some((f) => f.code === 'rate-limited')).toBe(true); // it was throttled, not thrown out
  }, 20_000);
});

/** What a client writes after the relay's close frame: far more than the kernel's buffers hold. */
const backlogBytes = 48 * 1024 * 1024;

/** A client frame: text, masked with a zero key (allowed: the key need not be secret). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/**
 * A hand-made client that ignores the relay's close frame and keeps writing, as a flooder with
 * megabytes queued does (ws itself would stop and answer the close): it upgrades, optionally
 * floods until the relay closes it, then writes {@link backlogBytes} more. Resolves with the close
 * code it got, whether the relay cut the connection within 10 s, and how many bytes the kernel
 * took from it after the close frame (what the relay read, plus the socket buffers).
 */
async function streamPastClose(
  relay: TestRelay,
  options: { floodFirst?: boolean; protocol?: string; localAddress?: string },
): Promise<{ closeCode: number; outcome: string; readAfterClose: number }> {
  const { port } = new URL(wsUrl(relay));
  const socket = connectTcp({
    host: '127.0.0.1',
    port: Number(port),
    localAddress: options.localAddress ?? '127.0.0.4',
  });
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
      (options.protocol ? `Sec-WebSocket-Protocol: ${options.protocol}\r\n` : '') +
      '\r\n',
  );
  const server = { text: '', closeCode: 0 };
  let pending = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    if (!server.text.includes('\r\n\r\n')) {
      server.text += data.toString('latin1');
      const end = server.text.indexOf('\r\n\r\n');
      if (end < 0) return;
      data = Buffer.from(server.text.slice(end + 4), 'latin1');
    }
    pending = Buffer.concat([pending, data]);
    // Server frames are unmasked: a 7-bit length, or 126/127 and a 16/64-bit one.
    while (pending.length >= 2) {
      let length = (pending[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) break;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) break;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (pending.length < offset + length) break;
      if (((pending[0] ?? 0) & 0x0f) === 0x8) server.closeCode = pending.readUInt16BE(offset);
      pending = pending.subarray(offset + length);
    }
  });
  socket.on('error', () => undefined);
  const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const chunk = Buffer.concat(
    Array.from({ length: 1024 }, () =>
      clientFrame(JSON.stringify({ op: 'pub', topic: 'flood', data: 'x'.repeat(60) })),
    ),
  );
  /** Bytes the kernel took from this socket so far (what is still queued here excluded). */
  const sent = () => socket.bytesWritten - socket.writableLength;
  const upgradedBy = Date.now() + 5000;
  while (!server.text.includes('\r\n\r\n') && !socket.destroyed && Date.now() < upgradedBy) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(server.text).toMatch(/^HTTP\/1\.1 101/);
  if (options.floodFirst) {
    socket.write(clientFrame(JSON.stringify({ op: 'join', topic: 'flood' })));
    while (server.closeCode === 0 && !socket.destroyed) {
      for (let i = 0; i < 16; i += 1) socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } else {
    const closedBy = Date.now() + 5000;
    while (server.closeCode === 0 && !socket.destroyed && Date.now() < closedBy) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const sentAtClose = sent();
  for (let written = 0; written < backlogBytes && !socket.destroyed; written += chunk.length) socket.write(chunk);
  let sentBeforeCut = sentAtClose;
  const watch = setInterval(() => {
    if (!socket.destroyed) sentBeforeCut = sent();
  }, 20);
  const limit = new Promise<string>((resolve) => setTimeout(() => resolve('not cut within 10 s'), 10_000));
  const outcome = await Promise.race([cut.then(() => 'cut'), limit]);
  clearInterval(watch);
  socket.destroy();
  const readAfterClose = sentBeforeCut - sentAtClose;
  console.log(`close ${server.closeCode}: ${outcome}, ${readAfterClose} bytes taken after the close frame`);
  return { closeCode: server.closeCode, outcome, readAfterClose };
}
