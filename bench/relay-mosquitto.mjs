// @ts-check
/**
 * Mosquitto side by side with the relay in the benchmark's idle-memory phase: starts Debian's
 * `mosquitto` (when installed) on free 127.0.0.1 ports with a WebSocket listener — 2.0.11 needs a
 * plain `listener` too, and `socket_domain ipv4` to bind the address asked — and opens idle MQTT
 * clients over WebSocket by hand (CONNECT + SUBSCRIBE to a room topic, as the app's MQTT path
 * does). Its memory is read from /proc/<pid>/status (VmRSS).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

const CONNECT_CONCURRENCY = 100;
const CONNECT_TIMEOUT_MS = 10_000;

/** The mosquitto binary, or undefined when it is not installed. */
export function mosquittoPath() {
  if (existsSync('/usr/sbin/mosquitto')) return '/usr/sbin/mosquitto';
  const found = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A free TCP port on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Resident memory of a process, KiB (VmRSS). */
export function rssKiB(/** @type {number} */ pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

/**
 * Starts mosquitto; resolves once its WebSocket listener accepts an MQTT client.
 *
 * @param {string} binary
 * @returns {Promise<{ pid: number, url: string, stop(): Promise<void> }>}
 */
export async function startMosquitto(binary) {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-bench-mosquitto-'));
  const [plainPort, wsPort] = [await freePort(), await freePort()];
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      'per_listener_settings false',
      'allow_anonymous true',
      'persistence false',
      'log_dest none',
      `listener ${plainPort} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      'socket_domain ipv4',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-c', config], { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGKILL'));
  const url = `ws://127.0.0.1:${wsPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode})`);
    const client = await openMqtt(url, 'probe', 'porthole/probe').catch(() => undefined);
    if (client) {
      client.terminate();
      break;
    }
    if (Date.now() > deadline) throw new Error('mosquitto did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: /** @type {number} */ (child.pid),
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An MQTT remaining-length varint. */
function varint(/** @type {number} */ n) {
  const bytes = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

/** An MQTT UTF-8 string (2-byte length + bytes). */
function mqttString(/** @type {string} */ text) {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** CONNECT (MQTT 3.1.1, clean session, keepalive 1 hour: idle for the whole measurement). */
function connectPacket(/** @type {string} */ clientId) {
  const body = Buffer.concat([mqttString('MQTT'), Buffer.from([4, 0x02, 0x0e, 0x10]), mqttString(clientId)]);
  return Buffer.concat([Buffer.from([0x10]), varint(body.length), body]);
}

/** SUBSCRIBE (packet id 1, QoS 0). */
function subscribePacket(/** @type {string} */ topic) {
  const body = Buffer.concat([Buffer.from([0, 1]), mqttString(topic), Buffer.from([0])]);
  return Buffer.concat([Buffer.from([0x82]), varint(body.length), body]);
}

/**
 * Opens one MQTT-over-WebSocket client: CONNECT, then SUBSCRIBE; resolves after SUBACK.
 *
 * @param {string} url
 * @param {string} clientId
 * @param {string} topic
 * @returns {Promise<WebSocket>}
 */
export function openMqtt(url, clientId, topic) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'mqtt', { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('MQTT connect timed out'));
    }, CONNECT_TIMEOUT_MS);
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.once('open', () => ws.send(connectPacket(clientId)));
    ws.on('message', (/** @type {Buffer} */ data) => {
      const type = data[0] ?? 0;
      if (type === 0x20) ws.send(subscribePacket(topic));
      else if (type === 0x90) {
        clearTimeout(timer);
        ws.removeAllListeners('message');
        resolve(ws);
      }
    });
  });
}

/**
 * Opens `count` idle MQTT clients in rooms of two.
 *
 * @param {string} url
 * @param {number} count
 * @returns {Promise<WebSocket[]>}
 */
export async function openIdleMqtt(url, count) {
  /** @type {WebSocket[]} */
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      clients[i] = await openMqtt(url, `idle-${i}`, `porthole/idle-${String(i >> 1).padStart(6, '0')}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return clients;
}
