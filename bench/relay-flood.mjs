// @ts-check
/**
 * The attacker of the benchmark's flood run, in its own process (so its CPU does not slow the
 * latency measurement): one client sending FLOOD_RATE messages/s from 127.0.0.2 (reconnecting
 * whenever the relay closes it) and 20 loops opening connections as fast as they can from
 * 127.0.0.3. Runs until its parent sends 'stop' (it answers with its tally) or disconnects.
 * argv: <relay ws URL> [messages per second, default 10000].
 */
import { WebSocket } from 'ws';

const [url = '', rateArg = '10000'] = process.argv.slice(2);
const rate = Number(rateArg);
const tally = {
  sent: 0,
  rateLimited: 0,
  closes: /** @type {Record<string, number>} */ ({}),
  opened: 0,
  refused: /** @type {Record<string, number>} */ ({}),
};
let running = true;
const startedAt = performance.now();

/** Counts one outcome. */
const count = (/** @type {Record<string, number>} */ map, /** @type {string | number} */ key) => {
  map[key] = (map[key] ?? 0) + 1;
};

async function flooder() {
  const perTick = Math.max(1, Math.round(rate / 100));
  while (running) {
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
    while (running && ws.readyState === WebSocket.OPEN) {
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

function stop() {
  running = false;
  for (const ws of held) ws.terminate();
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
});
process.on('disconnect', () => process.exit(0));
flooder();
for (let i = 0; i < 20; i += 1) churner();
