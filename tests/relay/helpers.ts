/**
 * Shared helpers for the relay tests: start a relay on an ephemeral port, connect real `ws`
 * clients that collect frames, wait for the next frame (or assert none comes), raw HTTP.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach } from 'vitest';
import WebSocket, { type ClientOptions } from 'ws';
import { createRelay } from '../../relay/src/index.js';

/** What a relay started by a test looks like. */
export type TestRelay = ReturnType<typeof createRelay>;

/** Options of createRelay. */
export type RelayOptions = NonNullable<Parameters<typeof createRelay>[0]>;

const running: TestRelay[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await Promise.all(running.splice(0).map((relay) => relay.close()));
});

/** Starts a relay on 127.0.0.1, ephemeral port, no STUN unless asked; closed after the test. */
export async function startRelay(options: RelayOptions = {}): Promise<TestRelay> {
  const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, ...options });
  running.push(relay);
  await relay.ready;
  return relay;
}

/** The `/ws` URL of a relay (plus an optional query string). */
export function wsUrl(relay: TestRelay, query = '', scheme = 'ws'): string {
  return `${scheme}://127.0.0.1:${relay.httpPort}/ws${query}`;
}

/** A parsed server frame. */
export type Frame = { op: string; topic?: string; data?: string; code?: string; message?: string; peers?: number };

/** A WebSocket client that queues every frame it receives. */
export class Client {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  /** Resolves with the close code and reason once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    ws.on('error', () => {});
  }

  /** Sends a JSON frame (or a raw string/buffer as is). */
  send(frame: object | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** Resolves with the next frame; rejects after `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift() as Frame;
  }

  /** Rejects if any frame arrives within `ms`. */
  async expectNone(ms = 200): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.frames.length > 0) throw new Error(`unexpected frame ${JSON.stringify(this.frames[0])}`);
  }

  /** Joins `topic` (with an optional will) and returns the `joined` answer. */
  async join(topic: string, will?: string): Promise<Frame> {
    this.send(will === undefined ? { op: 'join', topic } : { op: 'join', topic, will });
    const frame = await this.next();
    if (frame.op !== 'joined') throw new Error(`join ${topic}: ${JSON.stringify(frame)}`);
    return frame;
  }

  /** Publishes `data` on `topic`. */
  pub(topic: string, data: string): void {
    this.send({ op: 'pub', topic, data });
  }
}

/** Opens a client; resolves once the socket is open. */
export async function connect(url: string, options: ClientOptions = {}, protocols?: string[]): Promise<Client> {
  const ws = protocols === undefined ? new WebSocket(url, options) : new WebSocket(url, protocols, options);
  clients.push(ws);
  const client = new Client(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
  });
  return client;
}

/** Tries to open a WebSocket and resolves with the HTTP status of the refused upgrade. */
export async function refusedStatus(url: string, options: ClientOptions = {}, protocols?: string[]): Promise<number> {
  const ws = protocols === undefined ? new WebSocket(url, options) : new WebSocket(url, protocols, options);
  clients.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('upgrade unexpectedly accepted')));
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Checks that A and B (joined to `topic`) still exchange messages both ways. */
export async function assertExchange(a: Client, b: Client, topic: string, tag: string): Promise<void> {
  a.pub(topic, `${tag}-a`);
  const atB = await b.next();
  if (atB.op !== 'msg' || atB.data !== `${tag}-a`) throw new Error(`B got ${JSON.stringify(atB)}`);
  b.pub(topic, `${tag}-b`);
  const atA = await a.next();
  if (atA.op !== 'msg' || atA.data !== `${tag}-b`) throw new Error(`A got ${JSON.stringify(atA)}`);
}

/** An HTTP answer read in full. */
export type HttpAnswer = { status: number; headers: IncomingHttpHeaders; body: string };

/** Sends a request with a raw, unnormalized path (fetch would normalize `..`). */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; tls?: boolean } = {},
): Promise<HttpAnswer> {
  const send = options.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
