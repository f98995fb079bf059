// @ts-check
/**
 * Relay benchmark (`npm run bench:relay`). The relays run in child processes
 * (bench/relay-server.mjs, --expose-gc) so their CPU and memory are their own; this process is
 * the load generator. Everything on 127.0.0.1; the run ends by itself.
 *
 * 1. One instance: 500 rooms × 2 clients, ping-pong (flat out) and a fixed rate: forwarded msgs/s,
 *    latency p50/p99, server CPU per 1000 forwarded messages.
 * 2. Two instances sharing Redis (REDIS_URL; redis-server started here when installed): the
 *    same rooms with one client on each instance, so every message crosses Redis.
 * 3. Flood: the relay with its default limits; other rooms' latency at the fixed rate, unloaded
 *    and while one client sends 10 000 msgs/s and another opens connections as fast as it can
 *    (bench/relay-flood.mjs, its own process, paused and resumed), in FLOOD_ROUNDS interleaved
 *    pairs of short windows. Target: p99 under flood < 2× unloaded, over all windows' samples.
 * 4. Idle memory per connection: the relay, and Mosquitto in the same run when installed
 *    (bench/relay-mosquitto.mjs), both RSS from the same kind of idle clients in rooms of two.
 *
 * Options (argv `--rooms=500` or env `ROOMS=500`):
 *   ROOMS    rooms of 2 clients                      (default 500)
 *   SECONDS  measured seconds of each run            (default 3)
 *   RATE     total msgs/s of the fixed-rate runs     (default 5000; 0 skips them and the flood run)
 *   IDLE     idle connections in phase 4             (default 5000; 0 skips it)
 *   BYTES    size of one pub frame                   (default 300)
 *   TWO      1 = the two-instance run                (default 1; skipped without redis-server)
 *   FLOOD    1 = the flood run                       (default 1)
 *   FLOOD_ROUNDS  unloaded + flooded pairs of windows, interleaved (default 10)
 *   FLOOD_SECONDS measured seconds of each flood-run window (default 1)
 *   ONE      1 = the one-instance run and its idle memory (default 1)
 *   BASELINE 1 = also a bare `ws` server with the same protocol, as the floor (default 0)
 * Env RELAY_CPU_PROF=<dir> writes V8 CPU profiles of the relay processes; RELAY_ENTRY=<path of
 * another relay's src/index.js> benchmarks that one instead (before/after comparisons).
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  closeClients,
  fmt,
  openClients,
  percentile,
  runTraffic,
  sleep,
  startRelayProcess,
  topicName,
} from './relay-clients.mjs';
import { mosquittoPath, openIdleMqtt, rssKiB, startMosquitto } from './relay-mosquitto.mjs';

/** Whole-run watchdog: the benchmark never hangs. */
const WATCHDOG_MS = 300_000;
/** Open-files limit per process here is 20,000; stay clear of it. */
const MAX_IDLE_CONNECTIONS = 19_000;
const FLOOD_SCRIPT = fileURLToPath(new URL('./relay-flood.mjs', import.meta.url));
/** Messages/s of the flooding client. */
const FLOOD_RATE = 10_000;

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
const TWO = option('TWO', 1, 0, 1);
const FLOOD = option('FLOOD', 1, 0, 1);
const ONE = option('ONE', 1, 0, 1);
const FLOOD_ROUNDS = option('FLOOD_ROUNDS', 10, 1, 40);
const FLOOD_SECONDS = option('FLOOD_SECONDS', 1, 1, 10);
const BASELINE = option('BASELINE', 0, 0, 1);

const startedAt = performance.now();
/** Progress on stderr, so a slow or stuck step is visible. */
const progress = (/** @type {string} */ text) =>
  process.stderr.write(`  … ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${text}\n`);

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s — giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

/** @typedef {import('./relay-clients.mjs').RunResult} RunResult */
/** @typedef {import('./relay-clients.mjs').RelayProcess} RelayProcess */

/** Prints one run; returns its figures. @param {RunResult} r */
function printRun(r) {
  const perSecond = (r.forwarded * 1000) / r.wallMs;
  const cpuPer1000 = r.forwarded > 0 ? (r.serverCpuMs / r.forwarded) * 1000 : Number.NaN;
  const p50 = percentile(r.latency, 50);
  const p99 = percentile(r.latency, 99);
  console.log(`\n  ${r.name}, ${fmt(r.wallMs / 1000)} s measured`);
  console.log(
    `    forwarded (relay count)        ${fmt(perSecond, 0).padStart(10)} msgs/s   (${fmt(r.forwarded, 0)} msgs; clients got ${fmt(r.received, 0)})`,
  );
  console.log(
    `    latency p50 / p99 / max        ${fmt(p50, 2).padStart(10)} / ${fmt(p99, 2)} / ${fmt(r.latency.at(-1) ?? Number.NaN, 2)} ms`,
  );
  console.log(
    `    server CPU per 1000 forwarded  ${fmt(cpuPer1000, 2).padStart(10)} ms       (relays busy ${fmt((100 * r.serverCpuMs) / r.wallMs, 0)}% of a core; load generator ${fmt((100 * r.clientCpuMs) / r.wallMs, 0)}%)`,
  );
  console.log(
    `    relay event-loop delay p99/max ${fmt(r.loopDelayP99Ms, 2).padStart(10)} / ${fmt(r.loopDelayMaxMs, 2)} ms`,
  );
  return { perSecond, cpuPer1000, p50, p99 };
}

/**
 * Opens the rooms (client a on `urlOf(a)`, b on `urlOf(b)`), runs ping-pong and fixed rate.
 *
 * @param {RelayProcess[]} relays
 * @param {(i: number) => string} urlOf client i's relay URL
 * @param {string} label
 * @param {(i: number) => string | undefined} [addressOf]
 */
async function trafficSuite(relays, urlOf, label, addressOf) {
  progress(`${label}: opening ${2 * ROOMS} clients`);
  const t = performance.now();
  const clients = await openClients(urlOf, 2 * ROOMS, (i) => topicName('room-', i >> 1), addressOf);
  const rooms = Array.from({ length: ROOMS }, (_, r) => ({
    topic: topicName('room-', r),
    a: /** @type {import('ws').WebSocket} */ (clients[2 * r]),
    b: /** @type {import('ws').WebSocket} */ (clients[2 * r + 1]),
  }));
  console.log(
    `${label}: ${ROOMS} rooms × 2 clients, ${BYTES}-byte pub frames (opened and joined in ${fmt((performance.now() - t) / 1000, 2)} s)`,
  );
  progress(`${label}: ping-pong run`);
  const pingpong = printRun(
    await runTraffic(relays, rooms, { mode: 'pingpong', rate: RATE, seconds: SECONDS, bytes: BYTES }),
  );
  let rate;
  if (RATE > 0) {
    progress(`${label}: fixed-rate run`);
    rate = printRun(await runTraffic(relays, rooms, { mode: 'rate', rate: RATE, seconds: SECONDS, bytes: BYTES }));
  }
  return { clients, rooms, pingpong, rate };
}

/** Idle memory of the relay: RSS and heap+external growth per connection. @param {RelayProcess} relay */
async function idleRelay(relay) {
  await sleep(300);
  const before = await relay.send('memory');
  if (before.stats.connections !== 0) throw new Error(`relay still has ${before.stats.connections} connections`);
  progress(`opening ${IDLE} idle relay clients`);
  const url = `ws://127.0.0.1:${relay.port}/ws`;
  const clients = await openClients(
    () => url,
    IDLE,
    (i) => topicName('idle-', i >> 1),
  );
  await sleep(500);
  const after = await relay.send('memory');
  const n = after.stats.connections;
  /** @param {NodeJS.MemoryUsage} m */
  const heap = (m) => m.heapUsed + m.external;
  const result = {
    connections: n,
    rssKiB: (after.memory.rss - before.memory.rss) / 1024 / n,
    heapKiB: (heap(after.memory) - heap(before.memory)) / 1024 / n,
  };
  await closeClients(clients);
  return result;
}

/** Idle memory of Mosquitto in the same run (undefined when not installed). */
async function idleMosquitto() {
  const binary = mosquittoPath();
  if (binary === undefined) {
    console.log('\nMosquitto: not installed (apt-get install mosquitto) — skipped');
    return undefined;
  }
  const broker = await startMosquitto(binary);
  try {
    await sleep(300);
    const before = rssKiB(broker.pid);
    progress(`opening ${IDLE} idle Mosquitto clients`);
    const clients = await openIdleMqtt(broker.url, IDLE);
    await sleep(500);
    const after = rssKiB(broker.pid);
    await closeClients(clients);
    return { connections: clients.length, rssKiB: (after - before) / clients.length };
  } finally {
    await broker.stop();
  }
}

/** Starts redis-server on a free port (undefined when not installed or it never started). */
async function startRedis() {
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) {
    console.log('\n=== two relay instances: redis-server not installed — skipped ===');
    return undefined;
  }
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let port = 0;
  // A random port may be taken: a few tries.
  for (let attempt = 0; attempt < 3 && child === undefined; attempt += 1) {
    port = 20_000 + Math.floor(Math.random() * 20_000);
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    process.on('exit', () => started.kill('SIGKILL'));
    await sleep(300);
    if (started.exitCode === null) child = started;
  }
  if (child === undefined) {
    console.log('\n=== two relay instances: redis-server did not start (3 tries) — skipped ===');
    return undefined;
  }
  /** CPU ms of the Redis process so far (/proc/<pid>/stat utime + stime, 100 ticks/s). */
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  return { url: `redis://127.0.0.1:${port}`, cpuMs, stop: () => child.kill('SIGTERM') };
}

/**
 * Phase 3: other rooms' latency at RATE, unloaded and under a flood from other addresses. One
 * attacker process runs throughout and is paused and resumed between FLOOD_ROUNDS pairs of short
 * windows (FLOOD_SECONDS each; the pair's order alternates), so the stalls of a shared virtual
 * machine — tens of milliseconds, in unloaded runs as often as in flooded ones — fall on both
 * sides alike instead of deciding one long run; the p99s are of all windows' samples together.
 */
async function floodSuite() {
  const relay = await startRelayProcess('defaults');
  const url = `ws://127.0.0.1:${relay.port}/ws`;
  // Real clients come from many addresses: 16 per address keeps each within the default limits.
  const addressOf = (/** @type {number} */ i) => `127.0.1.${1 + ((i >> 4) % 250)}`;
  /** @type {number[]} */
  const unloadedSamples = [];
  /** @type {number[]} */
  const floodedSamples = [];
  const loopDelayP99Ms = { unloaded: 0, flooded: 0 };
  const attacker = fork(FLOOD_SCRIPT, [url, String(FLOOD_RATE), 'paused'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.on('exit', () => attacker.kill());
  /** Sends the attacker a command and lets the relay settle (held sockets closed, buckets refilled). */
  const tell = async (/** @type {'pause' | 'resume'} */ command) => {
    attacker.send(command);
    await sleep(command === 'pause' ? 1000 : 500);
  };
  try {
    console.log(
      `\n=== flood: the relay with its default limits, ${FLOOD_ROUNDS} pairs of ${FLOOD_SECONDS} s windows, ${RATE} msgs/s in other rooms ===`,
    );
    const { clients, rooms } = await openRooms(url, addressOf);
    for (let round = 1; round <= FLOOD_ROUNDS; round += 1) {
      const order = round % 2 === 1 ? ['unloaded', 'flooded'] : ['flooded', 'unloaded'];
      /** @type {Record<string, number>} */
      const p99 = {};
      /** @type {Record<string, number>} */
      const stallMs = {};
      for (const kind of order) {
        if (kind === 'flooded') await tell('resume');
        progress(`flood pair ${round}: ${kind}`);
        const run = await runTraffic([relay], rooms, {
          mode: 'rate',
          rate: RATE,
          seconds: FLOOD_SECONDS,
          bytes: BYTES,
        });
        if (kind === 'flooded') await tell('pause');
        run.latency.sort((x, y) => x - y);
        p99[kind] = percentile(run.latency, 99);
        stallMs[kind] = run.loopDelayMaxMs;
        (kind === 'flooded' ? floodedSamples : unloadedSamples).push(...run.latency);
        const side = /** @type {'unloaded' | 'flooded'} */ (kind);
        loopDelayP99Ms[side] = Math.max(loopDelayP99Ms[side], run.loopDelayP99Ms);
      }
      console.log(
        `    pair ${round}: p99 ${fmt(p99.flooded ?? Number.NaN, 2)} ms flooded, ${fmt(p99.unloaded ?? Number.NaN, 2)} ms unloaded; the relay's longest stall ${fmt(stallMs.flooded ?? Number.NaN, 1)} / ${fmt(stallMs.unloaded ?? Number.NaN, 1)} ms`,
      );
    }
    const tally = await new Promise((resolve) => {
      attacker.once('message', (/** @type {any} */ m) => resolve(m.tally));
      attacker.send('stop');
      setTimeout(() => resolve(undefined), 3000);
    });
    console.log(`    attacker tally (while resumed): ${JSON.stringify(tally)}`);
    await closeClients(clients);
  } finally {
    attacker.kill();
    await relay.stop();
  }
  unloadedSamples.sort((x, y) => x - y);
  floodedSamples.sort((x, y) => x - y);
  const result = {
    unloaded: { p50: percentile(unloadedSamples, 50), p99: percentile(unloadedSamples, 99) },
    flooded: { p50: percentile(floodedSamples, 50), p99: percentile(floodedSamples, 99) },
    loopDelayP99Ms,
  };
  console.log(
    `    all windows: other rooms' p99 ${fmt(result.flooded.p99, 2)} ms under flood vs ${fmt(result.unloaded.p99, 2)} ms unloaded = ${fmt(result.flooded.p99 / result.unloaded.p99, 2)}× (target < 2×); p50 ${fmt(result.flooded.p50, 2)} vs ${fmt(result.unloaded.p50, 2)} ms`,
  );
  console.log(
    `    relay event-loop delay p99, worst window: ${fmt(loopDelayP99Ms.flooded, 2)} ms under flood vs ${fmt(loopDelayP99Ms.unloaded, 2)} ms unloaded`,
  );
  return result;
}

/**
 * Opens ROOMS rooms on one URL (no runs).
 * @param {string} url @param {(i: number) => string | undefined} addressOf
 */
async function openRooms(url, addressOf) {
  const clients = await openClients(
    () => url,
    2 * ROOMS,
    (i) => topicName('room-', i >> 1),
    addressOf,
  );
  const rooms = Array.from({ length: ROOMS }, (_, r) => ({
    topic: topicName('room-', r),
    a: /** @type {import('ws').WebSocket} */ (clients[2 * r]),
    b: /** @type {import('ws').WebSocket} */ (clients[2 * r + 1]),
  }));
  return { clients, rooms };
}

async function main() {
  console.log(
    `Porthole relay benchmark — node ${process.version}, ${availableParallelism()} CPUs, servers in child processes, 127.0.0.1`,
  );
  console.log(
    `ROOMS=${ROOMS} SECONDS=${SECONDS} RATE=${RATE} IDLE=${IDLE} BYTES=${BYTES} ONE=${ONE} TWO=${TWO} FLOOD=${FLOOD} BASELINE=${BASELINE}${process.env.RELAY_ENTRY ? ` RELAY_ENTRY=${process.env.RELAY_ENTRY}` : ''}`,
  );

  // 1. One instance (+ its idle memory).
  let single;
  let idle;
  if (ONE) {
    progress('starting one relay');
    const one = await startRelayProcess('relay');
    console.log('\n=== one relay instance ===');
    single = await trafficSuite([one], () => `ws://127.0.0.1:${one.port}/ws`, 'one instance');
    await closeClients(single.clients);
    idle = IDLE > 0 ? await idleRelay(one) : undefined;
    await one.stop();
  }

  // 2. Two instances over Redis.
  let two;
  let redisCpuPer1000 = Number.NaN;
  if (TWO) {
    const redis = await startRedis();
    if (redis !== undefined) {
      try {
        const extra = { redisUrl: redis.url, redisPrefix: 'bench:' };
        const relays = [await startRelayProcess('relay', extra), await startRelayProcess('relay', extra)];
        console.log('\n=== two relay instances sharing Redis (each room: one client on each instance) ===');
        const redis0 = redis.cpuMs();
        two = await trafficSuite(relays, (i) => `ws://127.0.0.1:${relays[i % 2]?.port}/ws`, 'two instances');
        const redisCpu = redis.cpuMs() - redis0;
        await closeClients(two.clients);
        for (const relay of relays) await relay.stop();
        const total = ((two.pingpong.perSecond + (two.rate?.perSecond ?? 0)) * SECONDS) / 1;
        redisCpuPer1000 = total > 0 ? (redisCpu / total) * 1000 : Number.NaN;
        console.log(
          `    redis-server CPU over both runs (incl. warm-up): ~${fmt(redisCpuPer1000, 2)} ms per 1000 forwarded (not in the figures above)`,
        );
      } finally {
        redis.stop();
      }
    }
  }

  // 3. Flood.
  const flood = FLOOD && RATE > 0 ? await floodSuite() : undefined;

  // 4. Mosquitto idle memory, same run.
  const mosquitto = IDLE > 0 && ONE ? await idleMosquitto() : undefined;

  // Baseline (optional).
  let baseline;
  if (BASELINE) {
    const bare = await startRelayProcess('baseline');
    console.log('\n=== bare ws baseline ===');
    baseline = await trafficSuite([bare], () => `ws://127.0.0.1:${bare.port}/ws`, 'baseline');
    await closeClients(baseline.clients);
    await bare.stop();
  }

  console.log('\nSummary');
  const row = (
    /** @type {string} */ name,
    /** @type {{ perSecond: number, p50: number, p99: number, cpuPer1000: number } | undefined} */ r,
  ) =>
    r &&
    console.log(
      `  ${name.padEnd(40)}${fmt(r.perSecond, 0).padStart(10)} msgs/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms  CPU ${fmt(r.cpuPer1000, 1).padStart(5)} ms/1000`,
    );
  row('one instance, ping-pong', single?.pingpong);
  row(`one instance, ${RATE} msgs/s`, single?.rate);
  row('two instances + Redis, ping-pong', two?.pingpong);
  row(`two instances + Redis, ${RATE} msgs/s`, two?.rate);
  row('bare ws baseline, ping-pong', baseline?.pingpong);
  if (flood) {
    console.log(
      `  flood: relay event-loop delay p99 (worst window) ${fmt(flood.loopDelayP99Ms.flooded, 2)} ms vs ${fmt(flood.loopDelayP99Ms.unloaded, 2)} ms unloaded`,
    );
    console.log(
      `  flood (${FLOOD_ROUNDS} pairs of ${FLOOD_SECONDS} s windows): other rooms' p99 ${fmt(flood.flooded.p99, 2)} ms vs ${fmt(flood.unloaded.p99, 2)} ms unloaded (${fmt(flood.flooded.p99 / flood.unloaded.p99, 2)}×, target < 2×)`,
    );
  }
  if (idle) {
    console.log(
      `  idle memory per connection (${fmt(idle.connections, 0)} connections, RSS): relay ${fmt(idle.rssKiB, 2)} KiB (heap+external ${fmt(idle.heapKiB, 2)} KiB)` +
        (mosquitto ? `, Mosquitto ${fmt(mosquitto.rssKiB, 2)} KiB (same run)` : ''),
    );
  }
  console.log(
    `  machine load average (1 min) at the end: ${fmt(loadavg()[0] ?? Number.NaN, 2)} — other processes inflate latency and CPU figures`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  },
);
