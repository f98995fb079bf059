/**
 * The socket opened ahead for a viewer link that names a broker: the MQTT transport takes it (one
 * connection, not two); a socket for another server or other subprotocols, one that closed, or one
 * never taken is not used and is closed. (The relay transport opens its own: its handshake carries
 * its first frames.) Real relay and aedes, the `ws` package in the place of the browser's WebSocket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { relayProtocols } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import {
  dropWarmSocket,
  hasWarmSocket,
  takeWarmSocket,
  warmSocket,
  warmSocketHoldMs,
} from '../../src/signaling/warm-socket';
import { until } from '../helpers/inbox';
import { startMqttBroker } from '../helpers/mqtt-broker';
import { testMqttTransport } from './mqtt-harness';

let relay: ReturnType<typeof createRelay>;
let url: string;
const transports: Transport[] = [];

beforeAll(async () => {
  relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, maxConnectsPerSecondPerIp: 10_000 });
  await relay.ready;
  url = `ws://127.0.0.1:${relay.httpPort}/ws`;
});

afterAll(() => relay.close());

afterEach(async () => {
  dropWarmSocket();
  await Promise.all(transports.splice(0).map((t) => t.close()));
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await until(() => relay.stats().connections === 0, 'every connection closed');
});

/** The browser's WebSocket, as the `ws` package (Node 20 has none), recording every socket made. */
function stubWebSocket(): WebSocket[] {
  const made: WebSocket[] = [];
  class Recorded extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('error', () => undefined); // the browser's socket reports errors as events, never throws
      made.push(this);
    }
  }
  vi.stubGlobal('WebSocket', Recorded);
  return made;
}

describe('a socket opened ahead', () => {
  it('is not taken for another URL or other subprotocols, and not once it closed', async () => {
    const made = stubWebSocket();
    warmSocket(url, relayProtocols('a token'));
    expect(hasWarmSocket(url, relayProtocols('a token'))).toBe(true);
    expect(hasWarmSocket(url, relayProtocols())).toBe(false);
    expect(takeWarmSocket(url, relayProtocols())).toBeUndefined();
    expect(takeWarmSocket(`${url}?other`, relayProtocols('a token'))).toBeUndefined();
    await until(() => made[0]?.readyState === WebSocket.OPEN, 'the socket open');
    made[0]!.close();
    await until(() => made[0]?.readyState === WebSocket.CLOSED, 'the socket closed');
    expect(takeWarmSocket(url, relayProtocols('a token'))).toBeUndefined();
  });

  it('is closed when not taken in time, or when another replaces it', async () => {
    const made = stubWebSocket();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    warmSocket(url, relayProtocols());
    warmSocket(url, relayProtocols('another'));
    expect(made[0]!.readyState).toBeGreaterThanOrEqual(WebSocket.CLOSING);
    vi.advanceTimersByTime(warmSocketHoldMs);
    expect(made[1]!.readyState).toBeGreaterThanOrEqual(WebSocket.CLOSING);
    expect(takeWarmSocket(url, relayProtocols('another'))).toBeUndefined();
  });

  it('ignores a URL that does not parse', () => {
    const made = stubWebSocket();
    warmSocket('not a url', relayProtocols());
    expect(takeWarmSocket('not a url', relayProtocols())).toBeUndefined();
    expect(made).toHaveLength(0);
  });
});

describe('a socket opened ahead for an MQTT broker', () => {
  it('carries the MQTT transport: one client, and its loss is the transport’s', async () => {
    const broker = await startMqttBroker();
    try {
      const made = stubWebSocket();
      warmSocket(broker.url, ['mqtt']);
      const t = testMqttTransport(broker.url);
      transports.push(t);
      await t.connect();
      expect(made).toHaveLength(1);
      expect(broker.clientIds()).toHaveLength(1);
      // In Node, mqtt.js makes its own sockets with the `ws` package (not the stubbed global), so
      // the counts above hold either way: the loss of the socket opened ahead is what proves the
      // transport runs on it.
      made[0]!.terminate();
      await until(
        () => t.status.state === 'reconnecting' || t.status.state === 'connecting',
        'the transport to see the loss',
      );
    } finally {
      await Promise.all(transports.splice(0).map((t) => t.close()));
      await broker.close();
    }
  });
});
