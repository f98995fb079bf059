// @ts-check
/**
 * Relay benchmark (`npm run bench:relay`): WebSocket fan-out throughput, latency and server CPU
 * per forwarded message, then server memory per idle connection. The relay runs in a child
 * process (bench/relay-server.mjs, --expose-gc) so its CPU and memory are its own; this process
 * is the load generator. Everything is on 127.0.0.1; the run ends by itself.
 *
 * Options (argv `--rooms=500` or env `ROOMS=500`):
 *   ROOMS    rooms of 2 clients in phase 1            (default 500)
 *   SECONDS  measured seconds of each phase-1 run     (default 3)
 *   RATE     total msgs/s of the fixed-rate run       (default 5000; 0 skips it)
 *   IDLE     idle connections in phase 2              (default 5000; 0 skips it)
 *   BYTES    size of one pub frame                    (default 300)
 *   BASELINE 1 = also run a bare `ws` server with the same protocol, as the floor (default 0)
 * Env RELAY_CPU_PROF=<dir> writes a V8 CPU profile of the relay process there (--cpu-prof).
 *
 * Reference figures (measured on the same machine kind, 500 rooms × 2, 300-byte messages):
 * peerjs-server ~18 ms CPU / 1000 msgs, 7.1 KiB / idle connection; socket.io ~24 ms, 13.8 KiB;
 * Mosquitto ~45 ms, 6.1 KiB (idle figures measured at ~20k connections).
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const SERVER_SCRIPT = fileURLToPath(new URL('./relay-server.mjs', import.meta.url));
const WARMUP_MS = 1000;
const DRAIN_MS = 500;
const CONNECT_CONCURRENCY = 200;
const CONNECT_TIMEOUT_MS = 10_000;
const IPC_TIMEOUT_MS = 10_000;
/** Whole-run watchdog: the benchmark never hangs. */
const WATCHDOG_MS = 120_000;
const MAX_LATENCY_SAMPLES = 2_000_000;
/** Open-files limit per process here is 20,000; stay clear of it. */
const MAX_IDLE_CONNECTIONS = 19_000;

const REFERENCES = [
  { name: 'peerjs-server', cpuMsPer1000: 18, idleKiB: 7.1 },
  { name: 'socket.io', cpuMsPer1000: 24, idleKiB: 13.8 },
  { name: 'Mosquitto', cpuMsPer1000: 45, idleKiB: 6.1 },
];

/** Reads an integer option from `--name=value` or env `NAME`. */
function option(
  /** @type {string} */ name,
  /** @type {number} */ fallback,
  /** @type {number} */ min,
  /** @type {number} */ max,
) {
  const flag = process.argv.find((a) => a.toLowerCase().startsWith(`--${name.toLowerCase()}=`));
  const raw = flag ? flag.slice(name.length + 3) : process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${raw}: expected an integer in ${min}..${max}`);
  }
  return value;
}

const ROOMS = option('ROOMS', 500, 1, 5000);
const SECONDS = option('SECONDS', 3, 1, 30);
const RATE = option('RATE', 5000, 0, 200_000);
const IDLE = option('IDLE', 5000, 0, MAX_IDLE_CONNECTIONS);
const BYTES = option('BYTES', 300, 120, 60_000);
const BASELINE = option('BASELINE', 0, 0, 1);

const startedAt = performance.now();
/** Progress on stderr, so a slow or stuck step is visible. */
const progress = (/** @type {string} */ text) =>
  process.stderr.write(`  … ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${text}\n`);

/** @type {import('node:child_process').ChildProcess | undefined} */
let relayChild;
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s — giving up`);
  relayChild?.kill('SIGKILL');
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

// ---------- The relay process ----------

/**
 * @typedef {{ connections: number, topics: number, forwarded: number }} RelayStats
 * @typedef {{ send(cmd: string): Promise<any>, port: number, child: import('node:child_process').ChildProcess }} RelayProcess
 */

/** Forks the relay process and waits for its port. @returns {Promise<RelayProcess>} */
async function startRelay(/** @type {'relay' | 'baseline'} */ kind) {
  const child = fork(SERVER_SCRIPT, kind === 'baseline' ? ['baseline'] : [], {
    execArgv: [
      '--expose-gc',
      ...(process.env.RELAY_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RELAY_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  relayChild = child;
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
  return {
    child,
    port,
    send(cmd) {
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
    },
  };
}

// ---------- Clients ----------

/** Opens one WebSocket client. @returns {Promise<WebSocket>} */
function connect(/** @type {string} */ url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
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

/** Joins `topic` and waits for the relay's `joined` answer. @returns {Promise<void>} */
function join(/** @type {WebSocket} */ ws, /** @type {string} */ topic) {
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
 * Opens `count` clients, client i joined to `topicOf(i)`, `CONNECT_CONCURRENCY` at a time.
 * @param {string} url @param {number} count @param {(i: number) => string} topicOf
 * @returns {Promise<WebSocket[]>}
 */
async function openClients(url, count, topicOf) {
  /** @type {WebSocket[]} */
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const ws = await connect(url);
      await join(ws, topicOf(i));
      clients[i] = ws;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return clients;
}

/** Closes clients and waits until every one is closed (bounded). */
async function closeClients(/** @type {WebSocket[]} */ clients) {
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
function topicName(/** @type {string} */ prefix, /** @type {number} */ i) {
  return `${prefix}${String(i).padStart(6, '0')}`.padEnd(43, 'x');
}

// ---------- Phase 1: throughput and latency ----------

/**
 * @typedef {object} RunResult
 * @property {string} name
 * @property {number} wallMs measured wall time
 * @property {number} forwarded `msg` frames the relay delivered in the window (its own count)
 * @property {number} received `msg` frames the clients got in the window
 * @property {number} serverCpuMs relay process CPU (user + system) in the window
 * @property {number} clientCpuMs load generator CPU in the window
 * @property {number[]} latency sorted latencies (ms) of messages received in the window
 */

/**
 * Runs one measured window over `rooms`: 'pingpong' keeps one message in flight per room
 * (each delivery is answered at once: the relay runs flat out); 'rate' sends RATE msgs/s in total.
 * @param {RelayProcess} relay @param {Array<{ topic: string, a: WebSocket, b: WebSocket }>} rooms
 * @param {'pingpong' | 'rate'} mode
 * @returns {Promise<RunResult>}
 */
async function runTraffic(relay, rooms, mode) {
  const padLength = Math.max(
    0,
    BYTES - JSON.stringify({ op: 'pub', topic: rooms[0]?.topic ?? '', data: '' }).length - 14,
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
        if (mode === 'pingpong' && running) pub(self, topic);
      };
      self.on('message', onMessage);
      cleanups.push(() => self.off('message', onMessage));
    }
  }

  /** @type {NodeJS.Timeout | undefined} */
  let ticker;
  if (mode === 'pingpong') {
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
      const due = Math.floor((RATE * (performance.now() - started)) / 1000) - sent;
      for (let i = 0; i < due; i++) {
        const s = senders[cursor++ % senders.length];
        if (s) pub(s.ws, s.topic);
      }
      sent += Math.max(0, due);
    }, 5);
  }

  await sleep(WARMUP_MS);
  const cpu0 = await relay.send('cpu');
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  await sleep(SECONDS * 1000);
  measuring = false;
  const t1 = performance.now();
  const cpu1 = await relay.send('cpu');
  const client1 = process.cpuUsage(client0);
  running = false;
  if (ticker) clearInterval(ticker);
  await sleep(DRAIN_MS);
  for (const cleanup of cleanups) cleanup();

  const latency = Array.from(samples.subarray(0, sampleCount)).sort((x, y) => x - y);
  return {
    name: mode === 'pingpong' ? `ping-pong (1 in flight per room)` : `fixed rate ${RATE} msgs/s`,
    wallMs: t1 - t0,
    forwarded: cpu1.stats.forwarded - cpu0.stats.forwarded,
    received,
    serverCpuMs: (cpu1.cpu.user + cpu1.cpu.system - cpu0.cpu.user - cpu0.cpu.system) / 1000,
    clientCpuMs: (client1.user + client1.system) / 1000,
    latency,
  };
}

// ---------- Phase 2: idle memory ----------

/**
 * @typedef {{ rssKiB: number, heapKiB: number, connections: number, gc: boolean, before: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage }} IdleResult
 */

/** Opens IDLE idle clients (rooms of two) and measures the relay's memory before and after. */
async function runIdle(/** @type {RelayProcess} */ relay, /** @type {string} */ url) {
  await sleep(300);
  const before = await relay.send('memory');
  progress(`opening ${IDLE} idle clients`);
  if (before.stats.connections !== 0) throw new Error(`relay still has ${before.stats.connections} connections`);
  const clients = await openClients(url, IDLE, (i) => topicName('idle-', i >> 1));
  await sleep(500);
  progress('measuring memory');
  const after = await relay.send('memory');
  const connections = after.stats.connections;
  /** @param {NodeJS.MemoryUsage} m */
  const heapPlusExternal = (m) => m.heapUsed + m.external;
  /** @type {IdleResult} */
  const result = {
    connections,
    gc: after.gc,
    rssKiB: (after.memory.rss - before.memory.rss) / 1024 / connections,
    heapKiB: (heapPlusExternal(after.memory) - heapPlusExternal(before.memory)) / 1024 / connections,
    before: before.memory,
    after: after.memory,
  };
  await closeClients(clients);
  return result;
}

// ---------- Output ----------

const fmt = (/** @type {number} */ n, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percentile = (/** @type {number[]} */ sorted, /** @type {number} */ p) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
const MiB = (/** @type {number} */ bytes) => `${fmt(bytes / 1048576)} MiB`;

/** Prints one phase-1 run. @param {RunResult} r */
function printRun(r) {
  const perSecond = (r.forwarded * 1000) / r.wallMs;
  const cpuPer1000 = r.forwarded > 0 ? (r.serverCpuMs / r.forwarded) * 1000 : NaN;
  console.log(`\n  ${r.name}, ${fmt(r.wallMs / 1000)} s measured`);
  console.log(
    `    forwarded (relay count)        ${fmt(perSecond, 0).padStart(10)} msgs/s   (${fmt(r.forwarded, 0)} msgs; clients got ${fmt(r.received, 0)})`,
  );
  console.log(
    `    latency p50 / p99 / max        ${fmt(percentile(r.latency, 50), 2).padStart(10)} / ${fmt(percentile(r.latency, 99), 2)} / ${fmt(r.latency.at(-1) ?? NaN, 2)} ms`,
  );
  console.log(
    `    server CPU per 1000 forwarded  ${fmt(cpuPer1000, 2).padStart(10)} ms       (relay busy ${fmt((100 * r.serverCpuMs) / r.wallMs, 0)}% of a core; load generator ${fmt((100 * r.clientCpuMs) / r.wallMs, 0)}%)`,
  );
  return cpuPer1000;
}

/**
 * @typedef {{ label: string, pingpongCpu: number, rateCpu: number, idle: IdleResult | undefined }} SuiteResult
 */

/**
 * Runs phase 1 and phase 2 against one server process and prints them.
 * @param {'relay' | 'baseline'} kind
 * @returns {Promise<SuiteResult>}
 */
async function suite(kind) {
  const label = kind === 'relay' ? 'porthole relay' : 'bare ws baseline';
  progress(`starting the ${label} process`);
  const relay = await startRelay(kind);
  const url = `ws://127.0.0.1:${relay.port}/ws`;
  try {
    console.log(`\n=== ${label} ===`);
    progress(`opening ${2 * ROOMS} clients`);
    const t = performance.now();
    const clients = await openClients(url, 2 * ROOMS, (i) => topicName('room-', i >> 1));
    const rooms = Array.from({ length: ROOMS }, (_, r) => ({
      topic: topicName('room-', r),
      a: /** @type {WebSocket} */ (clients[2 * r]),
      b: /** @type {WebSocket} */ (clients[2 * r + 1]),
    }));
    console.log(
      `Phase 1: ${ROOMS} rooms × 2 clients, ${BYTES}-byte pub frames (opened and joined in ${fmt((performance.now() - t) / 1000, 2)} s)`,
    );
    progress('ping-pong run');
    const pingpongCpu = printRun(await runTraffic(relay, rooms, 'pingpong'));
    let rateCpu = NaN;
    if (RATE > 0) {
      progress('fixed-rate run');
      rateCpu = printRun(await runTraffic(relay, rooms, 'rate'));
    }
    progress('closing phase-1 clients');
    await closeClients(clients);

    /** @type {IdleResult | undefined} */
    let idle;
    if (IDLE > 0) {
      const t2 = performance.now();
      idle = await runIdle(relay, url);
      console.log(
        `\nPhase 2: ${fmt(idle.connections, 0)} idle connections (rooms of 2, opened in ${fmt((performance.now() - t2) / 1000, 1)} s)${idle.gc ? '' : ' — WARNING: no global.gc in the server process'}`,
      );
      console.log(
        `    RSS            ${MiB(idle.before.rss)} → ${MiB(idle.after.rss)}   = ${fmt(idle.rssKiB, 2)} KiB per idle connection`,
      );
      console.log(
        `    heap+external  ${MiB(idle.before.heapUsed + idle.before.external)} → ${MiB(idle.after.heapUsed + idle.after.external)}   = ${fmt(idle.heapKiB, 2)} KiB per idle connection`,
      );
    }
    return { label, pingpongCpu, rateCpu, idle };
  } finally {
    const exited = new Promise((resolve) => {
      if (relay.child.exitCode !== null) resolve(undefined);
      relay.child.once('exit', resolve);
    });
    await relay.send('close').catch(() => undefined);
    await Promise.race([exited, sleep(5000)]); // let it exit by itself (and write a CPU profile)
    relay.child.kill();
  }
}

async function main() {
  console.log(
    `Porthole relay benchmark — node ${process.version}, ${availableParallelism()} CPUs, server in a child process, 127.0.0.1`,
  );
  console.log(`ROOMS=${ROOMS} SECONDS=${SECONDS} RATE=${RATE} IDLE=${IDLE} BYTES=${BYTES} BASELINE=${BASELINE}`);
  const results = [await suite('relay')];
  if (BASELINE) results.push(await suite('baseline'));

  console.log('\nComparison (server CPU ms per 1000 forwarded msgs; server KiB per idle connection):');
  console.log(`  ${'server'.padEnd(34)}${'CPU ms/1000'.padStart(12)}${'KiB/idle'.padStart(26)}`);
  for (const r of results) {
    const idleText = r.idle ? `${fmt(r.idle.rssKiB, 1)} RSS / ${fmt(r.idle.heapKiB, 1)} heap` : 'skipped';
    console.log(
      `  ${`${r.label} (ping-pong)`.padEnd(34)}${fmt(r.pingpongCpu, 1).padStart(12)}${idleText.padStart(26)}`,
    );
    if (RATE > 0) console.log(`  ${`${r.label} (${RATE}/s)`.padEnd(34)}${fmt(r.rateCpu, 1).padStart(12)}`);
  }
  for (const ref of REFERENCES) {
    console.log(
      `  ${`${ref.name} (reference)`.padEnd(34)}${fmt(ref.cpuMsPer1000, 1).padStart(12)}${fmt(ref.idleKiB, 1).padStart(26)}`,
    );
  }
  if (IDLE > 0 && IDLE < 20_000)
    console.log(`  (the references' idle figures are at ~20k connections; this run used ${IDLE})`);
  console.log(
    `  machine load average (1 min) at the end: ${fmt(loadavg()[0] ?? NaN, 2)} — other processes inflate latency and CPU figures`,
  );
}

function sleep(/** @type {number} */ ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  },
);
