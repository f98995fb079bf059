// @ts-check
/**
 * The attacker of the benchmark's flood run, in its own process (so its CPU does not slow the
 * latency measurement): one client sending FLOOD_RATE messages/s from 127.0.0.2 (reconnecting
 * whenever the relay closes it) and 20 loops opening connections as fast as they can from
 * 127.0.0.3. Runs until its parent sends 'stop' (it answers with its tally) or disconnects;
 * 'pause' closes every socket and waits, 'resume' starts again.
 * argv: <relay ws URL> [messages per second, default 10000] ['paused': start paused].
 */
import { WebSocket } from 'ws';

const [url = '', rateArg = '10000', startArg = ''] = process.argv.slice(2);
const rate = Number(rateArg);
const tally = {
  sent: 0,
  rateLimited: 0,
  closes: /** @type {Record<string, number>} */ ({}),
  opened: 0,
  refused: /** @type {Record<string, number>} */ ({}),
};
let running = true;
let paused = startArg === 'paused';
/** @type {Array<() => void>} */
let waiting = [];
/** Resolves once the attacker is resumed (at once when it is not paused). */
const unpaused = () => (paused ? new Promise((resolve) => waiting.push(() => resolve(undefined))) : Promise.resolve());
/** True while the attack should go on. */
const active = () => running && !paused;
const startedAt = performance.now();

/** Counts one outcome. */
const count = (/** @type {Record<string, number>} */ map, /** @type {string | number} */ key) => {
  map[key] = (map[key] ?? 0) + 1;
};

async function flooder() {
  const perTick = Math.max(1, Math.round(rate / 100));
  while (running) {
    await unpaused();
    if (!running) return;
    const ws = new WebSocket(url, { localAddress: '127.0.0.2', perMessageDeflate: false });
    const opened = await new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', (_req, res) => {
        count(tally.refused, res.statusCode ?? 0);
        resolve(false);
      });
      ws.once('error', () => resolve(false));
    });
    if (!opened) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    ws.on('message', (/** @type {Buffer} */ data) => {
      if (data.includes('rate-limited')) tally.rateLimited += 1;
    });
    const closed = new Promise((resolve) => ws.once('close', (code) => resolve(count(tally.closes, code))));
    ws.send(JSON.stringify({ op: 'join', topic: 'flood' }));
    while (active() && ws.readyState === WebSocket.OPEN) {
      for (let i = 0; i < perTick; i += 1) ws.send(JSON.stringify({ op: 'pub', topic: 'flood', data: `flood-${i}` }));
      tally.sent += perTick;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (ws.readyState === WebSocket.OPEN) ws.terminate();
    await closed;
  }
}

/** @type {WebSocket[]} */
const held = [];
async function churner() {
  while (running) {
    await unpaused();
    if (!running) return;
    const ws = new WebSocket(url, { localAddress: '127.0.0.3', perMessageDeflate: false });
    await new Promise((resolve) => {
      ws.once('open', () => {
        tally.opened += 1;
        held.push(ws);
        resolve(undefined);
      });
      ws.once('unexpected-response', (_req, res) => {
        count(tally.refused, res.statusCode ?? 0);
        resolve(undefined);
      });
      ws.once('error', () => resolve(undefined));
    });
  }
}

/** Closes the held connections. */
function release() {
  for (const ws of held.splice(0)) ws.terminate();
}

function stop() {
  running = false;
  paused = false;
  for (const wake of waiting.splice(0)) wake();
  release();
  setTimeout(() => {
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const busyPercent = Math.round((100 * cpuMs) / (performance.now() - startedAt));
    process.send?.({ tally: { ...tally, busyPercent } }, () => process.exit(0));
    if (!process.connected) process.exit(0);
  }, 200);
}
process.on('message', (message) => {
  if (message === 'stop') stop();
  if (message === 'pause') {
    paused = true;
    release();
  }
  if (message === 'resume') {
    paused = false;
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  }
});
process.on('disconnect', () => process.exit(0));
flooder();
for (let i = 0; i < 20; i += 1) churner();
