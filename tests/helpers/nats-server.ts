/**
 * Debian's nats-server (2.9) as a test MQTT broker. Its MQTT needs JetStream and a server name;
 * MQTT over WebSocket goes to the `websocket` listener at the path `/mqtt` (other paths speak
 * the NATS protocol). Skip the tests when {@link natsServerBinary} is undefined.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrokerProcess, findBinary, freePorts, type RestartableBroker } from './broker-process';

/** The nats-server executable, or undefined when it is not installed (`apt-get install nats-server`). */
export const natsServerBinary = findBinary('nats-server');

/** The config; `-1` = any free port for the listeners the tests do not use. */
function config(dir: string, wsPort: number): string {
  return [
    'server_name: porthole_test',
    'listen: "127.0.0.1:-1"',
    `jetstream { store_dir: ${JSON.stringify(path.join(dir, 'jetstream'))}, max_memory_store: 64MB, max_file_store: 64MB }`,
    'mqtt { listen: "127.0.0.1:-1" }',
    `websocket { listen: "127.0.0.1:${wsPort}", no_tls: true }`,
    '',
  ].join('\n');
}

/** Starts nats-server on a free port; `url` is its `ws://127.0.0.1:PORT/mqtt` MQTT-over-WebSocket endpoint. */
export async function startNatsServer(): Promise<RestartableBroker> {
  const binary = natsServerBinary;
  if (binary === undefined) throw new Error('nats-server is not installed (apt-get install nats-server)');
  const dir = await mkdtemp(path.join(tmpdir(), 'porthole-nats-'));
  const [wsPort] = (await freePorts(1)) as [number];
  const file = path.join(dir, 'nats.conf');
  await writeFile(file, config(dir, wsPort));
  const launch = () => BrokerProcess.start(binary, ['-c', file], [wsPort], 'nats-server');
  let running = await launch();
  return {
    url: `ws://127.0.0.1:${wsPort}/mqtt`,
    stop: () => running.stop(),
    start: async () => {
      running = await launch();
    },
    close: async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
