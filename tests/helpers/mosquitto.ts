/**
 * Debian's Mosquitto as a test broker: its own config in a temp dir, a WebSocket listener on a
 * free port of 127.0.0.1 (plus a plain one: Mosquitto 2.0 starts no websockets-only config),
 * anonymous, no persistence. Skip the tests when {@link mosquittoBinary} is undefined.
 */
import { findBinary, type RestartableBroker, startConfiguredBroker } from './broker-process';

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
export function startMosquitto(): Promise<RestartableBroker> {
  return startConfiguredBroker({
    binary: mosquittoBinary,
    label: 'mosquitto',
    portCount: 2,
    config: (_dir, [plainPort, wsPort]) => config(plainPort ?? 0, wsPort ?? 0),
  });
}
