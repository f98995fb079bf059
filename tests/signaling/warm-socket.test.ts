/**
 * The socket opened ahead for a viewer link: the relay transport takes it (one connection to the
 * relay, not two), whether it is still opening or open already, and so does the MQTT transport;
 * a socket for another relay, one that closed, or one never taken is not used and is closed. Real
 * relay and aedes, the `ws` package in the place of the browser's WebSocket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { createRelayTransport, relayProtocols } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import {
  dropWarmSocket,
  hasWarmSocket,
  takeWarmSocket,
  warmSocket,
  warmSocketHoldMs,
} from '../../src/signaling/warm-socket';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';
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

/** A relay transport using the global WebSocket (as in the browser), connected. */
async function connected(): Promise<Transport> {
  const t = createRelayTransport({ url, connectTimeoutMs: 2000 });
  transports.push(t);
  await t.connect();
  return t;
}

/** Whether `t` carries messages: a second transport publishes on a topic `t` joined. */
async function carries(t: Transport): Promise<void> {
  const inbox = new Inbox(t, roomTopic());
  const other = createRelayTransport({ url, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
  transports.push(other);
  await other.connect();
  other.subscribe(inbox.topic, () => undefined); // the relay forwards only from sockets that joined
  await sentinel(other, inbox);
  other.publish(inbox.topic, 'through the socket opened ahead');
  await inbox.receives('through the socket opened ahead');
}

describe('a socket opened ahead', () => {
  it('is taken by the transport while it is still opening: one connection to the relay', async () => {
    const made = stubWebSocket();
    warmSocket(url, relayProtocols());
    const t = await connected();
    expect(made).toHaveLength(1);
    await carries(t);
  });

  it('is taken once it is open already (no open event is left to wait for)', async () => {
    const made = stubWebSocket();
    warmSocket(url, relayProtocols());
    await until(() => made[0]?.readyState === WebSocket.OPEN, 'the socket open');
    const t = await connected();
    expect(made).toHaveLength(1);
    await carries(t);
  });

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
