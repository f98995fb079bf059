/**
 * Debian's nats-server (2.9) as a test MQTT broker. Its MQTT needs JetStream and a server name;
 * MQTT over WebSocket goes to the `websocket` listener at the path `/mqtt` (other paths speak
 * the NATS protocol). Skip the tests when {@link natsServerBinary} is undefined.
 */
import path from 'node:path';
import { findBinary, type RestartableBroker, startConfiguredBroker } from './broker-process';

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
export function startNatsServer(): Promise<RestartableBroker> {
  return startConfiguredBroker({
    binary: natsServerBinary,
    label: 'nats-server',
    portCount: 1,
    config: (dir, [wsPort]) => config(dir, wsPort ?? 0),
  });
}
