/**
 * Opening and closing one relay socket (src/signaling/relay-socket.ts), against `ws` servers:
 * why an open failed, and a close that leaves what a handshake joined.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { closeSocket, OpenFailure, openSocket } from '../../src/signaling/relay-socket';

const Impl = WebSocket as unknown as typeof globalThis.WebSocket;
const servers: WebSocketServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A `ws` server recording each socket's frames and close code. */
async function recordingServer() {
  const frames: string[] = [];
  const closes: number[] = [];
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (ws) => {
    ws.on('message', (data) => frames.push(data.toString()));
    ws.on('close', (code) => closes.push(code));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  servers.push(server);
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`, frames, closes };
}

describe('openSocket', () => {
  it('resolves once open', async () => {
    const server = await recordingServer();
    const { socket, opened } = openSocket(Impl, server.url, ['porthole.v1'], 2000);
    await opened;
    expect(socket.readyState).toBe(1);
    socket.close();
  });

  it('says whether it timed out or failed', async () => {
    const held: Socket[] = [];
    const silent = createServer((connection) => void held.push(connection)); // never answers the upgrade
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = openSocket(Impl, `ws://127.0.0.1:${port}`, ['porthole.v1'], 200);
    const timedOut = await slow.opened.catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(OpenFailure);
    expect(timedOut).toMatchObject({ timedOut: true, message: 'timed out after 200 ms' });
    for (const connection of held) connection.destroy();
    await new Promise((resolve) => silent.close(resolve));

    const closed = await recordingServer();
    await new Promise((resolve) => servers.pop()?.close(resolve)); // nobody listens there now
    const refused = await openSocket(Impl, closed.url, ['porthole.v1'], 2000).opened.catch((error: unknown) => error);
    expect(refused).toMatchObject({ timedOut: false });
  });
});

describe('openSocket timing out', () => {
  it('leaves what the handshake joined when the server upgrades it late, and closes with 1000', async () => {
    const frames: string[] = [];
    const closes: number[] = [];
    const server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info, done) => void setTimeout(() => done(true), 150), // a slow network
    });
    server.on('connection', (ws) => {
      ws.on('message', (data) => frames.push(data.toString()));
      ws.on('close', (code) => closes.push(code));
    });
    await new Promise((resolve) => server.once('listening', resolve));
    servers.push(server);
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { opened } = openSocket(Impl, url, ['porthole.v1'], 100, ['room']);
    await expect(opened).rejects.toMatchObject({ timedOut: true });
    await expect.poll(() => closes).toEqual([1000]);
    expect(frames).toEqual([JSON.stringify({ op: 'leave', topic: 'room' })]);
  });
});

describe('closeSocket', () => {
  it('leaves the given topics first, on a socket still opening or open, and closes with 1000', async () => {
    const server = await recordingServer();
    const opening = new Impl(server.url, ['porthole.v1']);
    await closeSocket(opening, 2000, ['a', 'b']);
    const open = openSocket(Impl, server.url, ['porthole.v1'], 2000);
    await open.opened;
    await closeSocket(open.socket, 2000, ['c']);
    const plain = openSocket(Impl, server.url, ['porthole.v1'], 2000);
    await plain.opened;
    await closeSocket(plain.socket, 2000);
    await expect.poll(() => server.closes).toEqual([1000, 1000, 1000]);
    expect(server.frames).toEqual(['a', 'b', 'c'].map((topic) => JSON.stringify({ op: 'leave', topic })));
  });
});
