/**
 * Debian's Mosquitto as a test broker: its own config in a temp dir, a WebSocket listener on a
 * free port of 127.0.0.1 (plus a plain one: Mosquitto 2.0 starts no websockets-only config),
 * anonymous, no persistence. Skip the tests when {@link mosquittoBinary} is undefined.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrokerProcess, findBinary, freePorts, type RestartableBroker } from './broker-process';

/** The mosquitto executable, or undefined when it is not installed (`apt-get install mosquitto`). */
export const mosquittoBinary = findBinary('mosquitto');

/** The config: `socket_domain ipv4` on each listener, or the websockets one ignores its bind address. */
function config(plainPort: number, wsPort: number): string {
  return [
    'allow_anonymous true',
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    `listener ${plainPort} 127.0.0.1`,
    'socket_domain ipv4',
    `listener ${wsPort} 127.0.0.1`,
    'protocol websockets',
    'socket_domain ipv4',
    '',
  ].join('\n');
}

/** Starts Mosquitto on free ports; `url` is its `ws://127.0.0.1:PORT/mqtt` listener. */
export async function startMosquitto(): Promise<RestartableBroker> {
  const binary = mosquittoBinary;
  if (binary === undefined) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const dir = await mkdtemp(path.join(tmpdir(), 'porthole-mosquitto-'));
  await chmod(dir, 0o755); // run as root, Mosquitto drops to its own user
  const [plainPort, wsPort] = (await freePorts(2)) as [number, number];
  const file = path.join(dir, 'mosquitto.conf');
  await writeFile(file, config(plainPort, wsPort));
  const launch = () => BrokerProcess.start(binary, ['-c', file], [plainPort, wsPort], 'mosquitto');
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
