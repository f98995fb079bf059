/**
 * A lossy, slow WebSocket proxy in front of the relay: every frame waits `delayMs` in each
 * direction (order kept), and `pub`/`msg` frames are dropped with probability `lossRate` from a
 * seeded PRNG. join/leave/error and anything unparsable always pass. `cutAll()` kills every
 * proxied connection at once (a client's TCP connections dying with its network).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

/** Options of {@link startLossyProxy}. */
export interface LossyProxyOptions {
  /** Where to forward, e.g. `ws://127.0.0.1:8080` (the request path is appended). */
  upstream: string;
  /** Port on 127.0.0.1 (0 = ephemeral). */
  port: number;
  /** Delay of every frame, each way. */
  delayMs: number;
  /** Share of `pub`/`msg` frames dropped, 0..1. */
  lossRate: number;
  /** PRNG seed (same seed, same drop sequence for the same frame order). */
  seed: number;
}

/** Counters of a running proxy. */
export interface LossyProxyStats {
  connections: number;
  forwarded: number;
  dropped: number;
}

/** A running proxy. */
export interface LossyProxy {
  /** `ws://127.0.0.1:PORT`. */
  url: string;
  stats(): LossyProxyStats;
  /** Changes the loss rate from now on. */
  setLossRate(lossRate: number): void;
  /** Terminates every proxied connection (both sides see it die); the proxy keeps listening. */
  cutAll(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The ops the proxy may drop: the sealed signaling payloads, never membership or errors. */
const droppableOps = new Set(['pub', 'msg']);

/** Whether a frame is a `pub`/`msg` JSON frame. */
function isDroppable(data: RawData, isBinary: boolean): boolean {
  if (isBinary) return false;
  try {
    const frame = JSON.parse(data.toString()) as { op?: unknown };
    return typeof frame.op === 'string' && droppableOps.has(frame.op);
  } catch {
    return false;
  }
}

/** Starts the proxy on 127.0.0.1. */
export async function startLossyProxy(options: LossyProxyOptions): Promise<LossyProxy> {
  const random = seededRandom(options.seed);
  let lossRate = options.lossRate;
  const stats: LossyProxyStats = { connections: 0, forwarded: 0, dropped: 0 };
  const pairs = new Set<[WebSocket, WebSocket]>();
  const server = createServer((_request, response) => {
    response.writeHead(426);
    response.end();
  });
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => [...protocols][0] ?? false });

  /** Forwards `from` → `to` after the delay, dropping some pub/msg frames; sends wait for `to` to open. */
  const pipe = (from: WebSocket, to: WebSocket): void => {
    from.on('message', (data, isBinary) => {
      if (isDroppable(data, isBinary) && random() < lossRate) {
        stats.dropped += 1;
        return;
      }
      // Equal delays on one timer queue keep the frames' order.
      setTimeout(() => {
        if (to.readyState === WebSocket.OPEN) {
          stats.forwarded += 1;
          to.send(data, { binary: isBinary });
        } else if (to.readyState === WebSocket.CONNECTING) {
          to.once('open', () => to.send(data, { binary: isBinary }));
        }
      }, options.delayMs);
    });
    from.on('close', () => setTimeout(() => to.terminate(), options.delayMs));
    from.on('error', () => to.terminate());
  };

  wss.on('connection', (client: WebSocket, request: IncomingMessage) => {
    stats.connections += 1;
    const protocol = request.headers['sec-websocket-protocol'];
    const upstream = new WebSocket(`${options.upstream}${request.url ?? '/'}`, protocol ? protocol.split(/,\s*/) : []);
    const pair: [WebSocket, WebSocket] = [client, upstream];
    pairs.add(pair);
    const forget = (): void => {
      pairs.delete(pair);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  wss.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1' }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}`,
    stats: () => ({ ...stats }),
    setLossRate: (rate) => {
      lossRate = rate;
    },
    cutAll: () => {
      for (const [client, upstream] of pairs) {
        client.terminate();
        upstream.terminate();
      }
      pairs.clear();
    },
    close: async () => {
      for (const [client, upstream] of pairs) {
        client.terminate();
        upstream.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
