// @ts-check
/**
 * The relay benchmark's load generator parts (bench/relay.mjs): relay child processes over IPC,
 * WebSocket clients that join rooms, and one measured traffic window (throughput, latency, server
 * CPU). Everything on 127.0.0.1 (clients may bind other 127.x addresses).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const SERVER_SCRIPT = fileURLToPath(new URL('./relay-server.mjs', import.meta.url));
const WARMUP_MS = 1000;
const DRAIN_MS = 500;
const CONNECT_CONCURRENCY = 200;
const CONNECT_TIMEOUT_MS = 10_000;
const IPC_TIMEOUT_MS = 10_000;
const MAX_LATENCY_SAMPLES = 2_000_000;

/** Sleeps. */
export function sleep(/** @type {number} */ ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * @typedef {{ connections: number, topics: number, forwarded: number }} RelayStats
 * @typedef {{ send(cmd: string): Promise<any>, port: number, child: import('node:child_process').ChildProcess, stop(): Promise<void> }} RelayProcess
 */

/**
 * Forks a relay process (bench/relay-server.mjs) and waits for its port.
 *
 * @param {'relay' | 'baseline' | 'defaults'} mode
 * @param {Record<string, unknown>} [extra] Options merged into the relay's.
 * @returns {Promise<RelayProcess>}
 */
export async function startRelayProcess(mode, extra = {}) {
  const child = fork(SERVER_SCRIPT, [mode, JSON.stringify(extra)], {
    execArgv: [
      '--expose-gc',
      // As `npm start` runs the relay (relay/package.json); RELAY_NODE_FLAGS replaces it.
      ...(process.env.RELAY_NODE_FLAGS ?? '--max-semi-space-size=1').split(' ').filter((flag) => flag !== ''),
      ...(process.env.RELAY_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RELAY_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.on('exit', () => child.kill());
  let nextId = 1;
  /** @type {Map<number, (value: any) => void>} */
  const pending = new Map();
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay process did not start within 10 s')), IPC_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`relay process exited early (code ${code})`)));
    child.on('message', (/** @type {any} */ m) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
        return;
      }
      if (m?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`relay process failed:\n${m.error}`));
        return;
      }
      const answer = pending.get(m?.id);
      if (answer) {
        pending.delete(m.id);
        answer(m);
      }
    });
  });
  /** @type {RelayProcess['send']} */
  const send = (cmd) => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`IPC ${cmd} timed out`));
      }, IPC_TIMEOUT_MS);
      pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send({ id, cmd });
    });
  };
  return {
    child,
    port,
    send,
    async stop() {
      const exited = new Promise((resolve) => {
        if (child.exitCode !== null) resolve(undefined);
        child.once('exit', resolve);
      });
      await send('close').catch(() => undefined);
      await Promise.race([exited, sleep(5000)]); // let it exit by itself (and write a CPU profile)
      child.kill();
    },
  };
}

/**
 * Opens one WebSocket client.
 *
 * @param {string} url
 * @param {string} [localAddress] Source address (a 127.x address).
 * @returns {Promise<WebSocket>}
 */
export function connect(url, localAddress) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connect timed out'));
    }, CONNECT_TIMEOUT_MS);
    ws.once('open', () => {
      clearTimeout(timer);
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Joins `topic` and waits for the relay's `joined` answer.
 *
 * @param {WebSocket} ws
 * @param {string} topic
 * @returns {Promise<void>}
 */
export function join(ws, topic) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`join ${topic} timed out`)), CONNECT_TIMEOUT_MS);
    const onMessage = (/** @type {Buffer} */ data) => {
      const frame = JSON.parse(data.toString());
      if (frame.topic !== topic) return;
      ws.off('message', onMessage);
      clearTimeout(timer);
      if (frame.op === 'joined') resolve();
      else reject(new Error(`join ${topic}: ${data}`));
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ op: 'join', topic }));
  });
}

/**
 * Opens `count` clients, client i on `urlOf(i)` joined to `topicOf(i)`, from `addressOf(i)`.
 *
 * @param {(i: number) => string} urlOf
 * @param {number} count
 * @param {(i: number) => string} topicOf
 * @param {(i: number) => string | undefined} [addressOf]
 * @returns {Promise<WebSocket[]>}
 */
export async function openClients(urlOf, count, topicOf, addressOf = () => undefined) {
  /** @type {WebSocket[]} */
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const ws = await connect(urlOf(i), addressOf(i));
      await join(ws, topicOf(i));
      clients[i] = ws;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return clients;
}

/** Closes clients and waits until every one is closed (bounded). */
export async function closeClients(/** @type {WebSocket[]} */ clients) {
  await Promise.all(
    clients.map(
      (ws) =>
        new Promise((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve(undefined);
          const timer = setTimeout(() => {
            ws.terminate();
            resolve(undefined);
          }, 2000);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
          ws.close();
        }),
    ),
  );
}

/** A room topic shaped like the app's (43 base64url characters, a 256-bit HKDF output). */
export function topicName(/** @type {string} */ prefix, /** @type {number} */ i) {
  return `${prefix}${String(i).padStart(6, '0')}`.padEnd(43, 'x');
}

/**
 * @typedef {object} RunResult
 * @property {string} name
 * @property {number} wallMs measured wall time
 * @property {number} forwarded `msg` frames the relays delivered in the window (their own count)
 * @property {number} received `msg` frames the clients got in the window
 * @property {number} serverCpuMs relay processes' CPU (user + system) in the window
 * @property {number} loopDelayP99Ms the relays' worst event-loop delay p99 in the window (ms)
 * @property {number} loopDelayMaxMs the relays' longest event-loop delay in the window (ms)
 * @property {number} clientCpuMs load generator CPU in the window
 * @property {number[]} latency sorted latencies (ms) of messages received in the window
 */

/**
 * Runs one measured window over `rooms`: 'pingpong' keeps one message in flight per room (the
 * relays run flat out); 'rate' sends `rate` msgs/s in total.
 *
 * @param {RelayProcess[]} relays Whose CPU and forwarded counts are summed.
 * @param {Array<{ topic: string, a: WebSocket, b: WebSocket }>} rooms
 * @param {{ mode: 'pingpong' | 'rate', rate: number, seconds: number, bytes: number, name?: string }} run
 * @returns {Promise<RunResult>}
 */
export async function runTraffic(relays, rooms, run) {
  const padLength = Math.max(
    0,
    run.bytes - JSON.stringify({ op: 'pub', topic: rooms[0]?.topic ?? '', data: '' }).length - 14,
  );
  const pad = 'A'.repeat(padLength);
  let running = true;
  let measuring = false;
  let received = 0;
  const samples = new Float64Array(MAX_LATENCY_SAMPLES);
  let sampleCount = 0;
  /** @type {Array<() => void>} */
  const cleanups = [];

  const pub = (/** @type {WebSocket} */ ws, /** @type {string} */ topic) => {
    const data = `${performance.now().toFixed(3).padStart(13, '0')}|${pad}`;
    ws.send(JSON.stringify({ op: 'pub', topic, data }));
  };

  for (const { topic, a, b } of rooms) {
    for (const self of [a, b]) {
      const onMessage = (/** @type {Buffer} */ raw) => {
        const now = performance.now();
        const frame = JSON.parse(raw.toString());
        if (frame.op !== 'msg') return;
        if (measuring) {
          received++;
          if (sampleCount < MAX_LATENCY_SAMPLES) samples[sampleCount++] = now - parseFloat(frame.data);
        }
        if (run.mode === 'pingpong' && running) pub(self, topic);
      };
      self.on('message', onMessage);
      cleanups.push(() => self.off('message', onMessage));
    }
  }

  /** @type {NodeJS.Timeout | undefined} */
  let ticker;
  if (run.mode === 'pingpong') {
    for (const { topic, a } of rooms) pub(a, topic);
  } else {
    const senders = rooms.flatMap(({ topic, a, b }) => [
      { ws: a, topic },
      { ws: b, topic },
    ]);
    const started = performance.now();
    let sent = 0;
    let cursor = 0;
    ticker = setInterval(() => {
      // At most 50 ms worth at once: after a stall of this process, no self-made burst.
      const due = Math.min(
        Math.ceil(run.rate / 20),
        Math.floor((run.rate * (performance.now() - started)) / 1000) - sent,
      );
      for (let i = 0; i < due; i++) {
        const s = senders[cursor++ % senders.length];
        if (s) pub(s.ws, s.topic);
      }
      sent = Math.max(
        sent + Math.max(0, due),
        Math.floor((run.rate * (performance.now() - started)) / 1000) - run.rate / 20,
      );
    }, 5);
  }

  const sample = async () => Promise.all(relays.map((relay) => relay.send('cpu')));
  const cpuTotal = (/** @type {any[]} */ answers) =>
    answers.reduce((sum, m) => sum + m.cpu.user + m.cpu.system, 0) / 1000;
  const forwardedTotal = (/** @type {any[]} */ answers) => answers.reduce((sum, m) => sum + m.stats.forwarded, 0);
  await sleep(WARMUP_MS);
  const cpu0 = await sample();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  await sleep(run.seconds * 1000);
  measuring = false;
  const t1 = performance.now();
  const cpu1 = await sample();
  const client1 = process.cpuUsage(client0);
  running = false;
  if (ticker) clearInterval(ticker);
  await sleep(DRAIN_MS);
  for (const cleanup of cleanups) cleanup();

  const latency = Array.from(samples.subarray(0, sampleCount)).sort((x, y) => x - y);
  return {
    name: run.name ?? (run.mode === 'pingpong' ? 'ping-pong (1 in flight per room)' : `fixed rate ${run.rate} msgs/s`),
    wallMs: t1 - t0,
    forwarded: forwardedTotal(cpu1) - forwardedTotal(cpu0),
    received,
    serverCpuMs: cpuTotal(cpu1) - cpuTotal(cpu0),
    loopDelayP99Ms: Math.max(...cpu1.map((m) => m.loopDelay?.p99Ms ?? Number.NaN)),
    loopDelayMaxMs: Math.max(...cpu1.map((m) => m.loopDelay?.maxMs ?? Number.NaN)),
    clientCpuMs: (client1.user + client1.system) / 1000,
    latency,
  };
}

/** Formats a number with fixed digits. */
export const fmt = (/** @type {number} */ n, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The p-th percentile of sorted numbers. */
export const percentile = (/** @type {number[]} */ sorted, /** @type {number} */ p) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
