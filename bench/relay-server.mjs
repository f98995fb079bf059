// @ts-check
/**
 * The relay under test, in its own process (started by bench/relay.mjs with --expose-gc and an
 * IPC channel) so that its CPU time and memory are measured apart from the load generator.
 *
 * IPC protocol (parent → child → parent, each request carries an `id` echoed in the answer):
 * - on start the child sends `{ type: 'ready', port }` (or `{ type: 'failed', error }`)
 * - `{ id, cmd: 'cpu' }`    → `{ id, cpu: process.cpuUsage(), stats, loopDelay }` (no GC: GC would add
 *   CPU); `loopDelay` = the event loop's delay p99 and max (ms) since the previous `cpu` request
 * - `{ id, cmd: 'memory' }` → `{ id, memory: process.memoryUsage(), stats }` after `global.gc()`
 * - `{ id, cmd: 'close' }`  → `{ id, closed: true }`, then the process exits
 *
 * argv: `baseline` (a bare ws server), `defaults` (the relay with its default limits: the flood
 * run), or `relay` (limits raised, the default); a second argument is JSON merged into the
 * options (e.g. `{"redisUrl":"redis://127.0.0.1:6390"}`). Env RELAY_ENTRY points at another
 * relay's index.js (to compare before/after a change).
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Limits raised far above anything the benchmark does, so only the fan-out is measured. */
const BENCH_OPTIONS = {
  httpHost: '127.0.0.1',
  httpPort: 0,
  stunPort: /** @type {false} */ (false),
  maxConnectionsPerIp: 1_000_000,
  maxMessagesPerSecond: 1_000_000,
  messageBurst: 1_000_000,
  maxSubscribersPerTopic: 16,
  maxTopicsPerSocket: 8,
  pingIntervalMs: 3_600_000,
  maxConnectsPerSecondPerIp: 1_000_000,
  maxMessagesPerSecondPerIp: 1_000_000,
  messageBurstPerIp: 1_000_000,
};

/** The relay with its default limits (only the bench's own plumbing set). */
const DEFAULT_LIMIT_OPTIONS = {
  httpHost: '127.0.0.1',
  httpPort: 0,
  stunPort: /** @type {false} */ (false),
};

const send = (/** @type {unknown} */ message) => process.send?.(message);

/** How late the relay's event loop runs, in 1 ms steps (reset at every `cpu` request). */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

/** The loop delay since the last call (ms), then a fresh histogram. */
function takeLoopDelay() {
  const figures = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
  loopDelay.reset();
  return figures;
}

/** Runs a full collection (twice: the second pass frees what the first one's finalizers released). */
function collectGarbage() {
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  gc?.();
  gc?.();
}

/**
 * The floor to compare against (`node relay-server.mjs baseline`): the same wire protocol on a
 * bare `ws` server — JSON parse, Map of Sets, JSON.stringify per publish — with no limits,
 * validation, wills or heartbeat. Same `{ ready, close, httpPort, stats() }` face as createRelay.
 */
async function createBaseline() {
  const { createServer } = await import('node:http');
  const { WebSocketServer } = await import('ws');
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });
  /** @type {Map<string, Set<import('ws').WebSocket>>} */
  const topics = new Map();
  let connections = 0;
  let forwarded = 0;
  wss.on('connection', (ws) => {
    connections++;
    /** @type {Set<string>} */
    const mine = new Set();
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.op === 'join') {
        let subscribers = topics.get(frame.topic);
        if (!subscribers) {
          subscribers = new Set();
          topics.set(frame.topic, subscribers);
        }
        subscribers.add(ws);
        mine.add(frame.topic);
        ws.send(JSON.stringify({ op: 'joined', topic: frame.topic, peers: subscribers.size - 1 }));
      } else if (frame.op === 'pub') {
        const text = JSON.stringify({ op: 'msg', topic: frame.topic, data: frame.data });
        for (const peer of topics.get(frame.topic) ?? []) {
          if (peer !== ws) {
            peer.send(text);
            forwarded++;
          }
        }
      }
    });
    ws.on('close', () => {
      connections--;
      for (const topic of mine) {
        const subscribers = topics.get(topic);
        subscribers?.delete(ws);
        if (subscribers?.size === 0) topics.delete(topic);
      }
    });
  });
  const ready = new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return {
    ready,
    get httpPort() {
      const address = server.address();
      return typeof address === 'object' && address !== null ? address.port : 0;
    },
    stats: () => ({ connections, topics: topics.size, forwarded }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        wss.close();
        server.close(() => resolve(undefined));
      }),
  };
}

try {
  const [mode = 'relay', extra = '{}'] = process.argv.slice(2);
  const entry = process.env.RELAY_ENTRY ?? '../relay/src/index.js';
  const options = { ...(mode === 'defaults' ? DEFAULT_LIMIT_OPTIONS : BENCH_OPTIONS), ...JSON.parse(extra) };
  /** Another relay version may not know every option: pass only those its defaults name. */
  const createRelay = async () => {
    const mod = await import(entry);
    return mod.createRelay(Object.fromEntries(Object.entries(options).filter(([key]) => key in mod.defaults)));
  };
  const relay = mode === 'baseline' ? await createBaseline() : await createRelay();
  await relay.ready;
  if ('whenRedisUp' in relay && options.redisUrl) await relay.whenRedisUp();
  process.on('message', async (/** @type {any} */ request) => {
    const { id, cmd } = request ?? {};
    if (cmd === 'cpu') send({ id, cpu: process.cpuUsage(), stats: relay.stats(), loopDelay: takeLoopDelay() });
    else if (cmd === 'memory') {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 50));
      collectGarbage();
      send({ id, memory: process.memoryUsage(), stats: relay.stats(), gc: typeof globalThis.gc === 'function' });
    } else if (cmd === 'close') {
      await relay.close();
      send({ id, closed: true });
      process.disconnect?.();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0)); // the parent died: do not linger
  send({ type: 'ready', port: relay.httpPort });
} catch (err) {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}
