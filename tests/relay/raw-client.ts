/**
 * A WebSocket client written by hand over a raw TCP socket, for attacks the `ws` client cannot
 * stage: it performs the upgrade, writes masked frames, and reads only when told to — so a test
 * can make a reader that never reads, deterministically.
 */
import { connect as netConnect, type Socket } from 'node:net';

/** A raw client: frames go out, nothing is read unless `read` was true. */
export interface RawClient {
  socket: Socket;
  /** Sends one masked text frame. */
  sendText(text: string): void;
  /** Resolves when the connection closes (a paused socket notices only once resumed or destroyed). */
  closed: Promise<void>;
}

/** Encodes a client → server text frame (masked, as the protocol requires). */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  const head =
    length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  if (length >= 65_536) throw new Error('frame too long for this helper');
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) masked[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([head, mask, masked]);
}

/**
 * Opens a TCP connection to the relay, writes the upgrade request and then whatever frames the
 * test sends. With `read: false` the socket is paused before any byte is read: the 101 answer and
 * everything after it stay in the kernel's buffers, and the relay's queue to it grows.
 */
export function rawClient(port: number, options: { read: boolean }): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host: '127.0.0.1' });
    if (!options.read) socket.pause();
    const closed = new Promise<void>((done) => {
      socket.once('close', () => done());
    });
    socket.on('error', () => {});
    socket.once('connect', () => {
      socket.write(
        [
          'GET /ws HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Key: ${Buffer.alloc(16, 7).toString('base64')}`,
          '',
          '',
        ].join('\r\n'),
      );
      resolve({ socket, closed, sendText: (text) => socket.write(maskedTextFrame(text)) });
    });
    socket.once('error', reject);
  });
}
