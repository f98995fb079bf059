import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMqttTransport } from '../../src/signaling/mqtt';
import type { MqttTransportOptions } from '../../src/signaling/mqtt';
import type { Transport, TransportState } from '../../src/signaling/transport';
import { startMqttBroker } from '../helpers/mqtt-broker';
import type { TestMqttBroker } from '../helpers/mqtt-broker';

/** Polls `condition` every 10 ms; fails with `what` after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A URL on 127.0.0.1 where nothing listens (a port just freed). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}`;
}

let broker: TestMqttBroker;
const open: Transport[] = [];

function transport(options: Partial<MqttTransportOptions> = {}): Transport {
  const t = createMqttTransport({ urls: [broker.url], connectTimeoutMs: 1000, reconnectDelayMs: () => 50, ...options });
  open.push(t);
  return t;
}

/** Subscribes and records what arrives. */
function inbox(t: Transport, topic: string, will?: string): string[] {
  const got: string[] = [];
  t.subscribe(topic, (data) => got.push(data), will === undefined ? undefined : { will });
  return got;
}

beforeAll(async () => {
  broker = await startMqttBroker();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await broker.close();
});

describe('MQTT transport', () => {
  it('exchanges messages both ways and never hands back its own', async () => {
    const a = transport();
    const b = transport();
    const gotA = inbox(a, 'room/1');
    const gotB = inbox(b, 'room/1');
    await Promise.all([a.connect(), b.connect()]);
    await until(() => broker.subscribers('room/1') === 2, 'two subscribers');
    a.publish('room/1', 'from-a');
    b.publish('room/1', 'from-b');
    await until(() => gotA.length === 1 && gotB.length === 1, 'both messages');
    await sleep(100);
    expect(gotA).toEqual(['from-b']);
    expect(gotB).toEqual(['from-a']);
    expect(a.status.state).toBe('connected');
    expect(a.endpoint).toBe(broker.url);
  });

  it('keeps topics apart and stops delivering after unsubscribe', async () => {
    const a = transport();
    const b = transport();
    const gotA = inbox(a, 'room/a');
    const gotB: string[] = [];
    const offB = b.subscribe('room/b', (data) => gotB.push(data));
    await Promise.all([a.connect(), b.connect()]);
    await until(() => broker.subscribers('room/a') === 1 && broker.subscribers('room/b') === 1, 'subscriptions');
    b.publish('room/a', 'for-a');
    a.publish('room/b', 'for-b');
    await until(() => gotA.length === 1 && gotB.length === 1, 'deliveries');
    offB();
    await until(() => broker.subscribers('room/b') === 0, 'unsubscribe');
    a.publish('room/b', 'too-late');
    await sleep(100);
    expect(gotA).toEqual(['for-a']);
    expect(gotB).toEqual(['for-b']);
  });

  it('publishes the will when the connection dies, the newest will after a reconnect', async () => {
    const a = transport({ clientIdPrefix: 'porthole_will_' });
    const b = transport();
    inbox(a, 'room/w', 'bye-1');
    const gotB = inbox(b, 'room/w');
    await Promise.all([a.connect(), b.connect()]);
    await until(() => broker.subscribers('room/w') === 2, 'two subscribers');
    a.setWill('room/w', 'bye-2'); // takes effect at the next connection
    expect(broker.dropClients('porthole_will_')).toBe(1);
    await until(() => gotB.length === 1, 'first will');
    expect(gotB).toEqual(['bye-1']);
    await until(() => a.status.state === 'connected' && broker.subscribers('room/w') === 2, 'reconnect');
    expect(broker.dropClients('porthole_will_')).toBe(1);
    await until(() => gotB.length === 2, 'second will');
    expect(gotB).toEqual(['bye-1', 'bye-2']);
  });

  it('does not publish the will after close()', async () => {
    const a = transport({ clientIdPrefix: 'porthole_quit_' });
    const b = transport();
    inbox(a, 'room/q', 'bye');
    const gotB = inbox(b, 'room/q');
    await Promise.all([a.connect(), b.connect()]);
    await until(() => broker.subscribers('room/q') === 2, 'two subscribers');
    await a.close();
    expect(a.status.state).toBe('closed');
    await until(() => !broker.clientIds().some((id) => id.startsWith('porthole_quit_')), 'disconnect');
    await sleep(200);
    expect(gotB).toEqual([]);
  });

  it('fails over to the next URL and reports it as the endpoint', async () => {
    const dead = await deadUrl();
    const a = transport({ urls: [dead, broker.url] });
    expect(a.endpoint).toBe(dead);
    await a.connect();
    expect(a.endpoint).toBe(broker.url);
    expect(a.status).toMatchObject({ state: 'connected', endpoint: broker.url, attempt: 0 });
  });

  it('rejects the first connect() naming every URL when all fail, then keeps retrying', async () => {
    const [dead1, dead2] = [await deadUrl(), await deadUrl()];
    const a = transport({ urls: [dead1, dead2], reconnectDelayMs: () => 60_000 });
    const states: TransportState[] = [];
    a.onStatus((status) => states.push(status.state));
    const error = await a.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(dead1);
    expect((error as Error).message).toContain(dead2);
    expect(states[0]).toBe('connecting');
    expect(a.status).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(a.status.error).toContain(dead1);
  });

  it('starts loading mqtt.js when the transport is made (overlapping key derivation), once', async () => {
    let loads = 0;
    const loader = () => {
      loads += 1;
      return import('mqtt');
    };
    expect(loads).toBe(0);
    const a = transport({ mqtt: loader });
    expect(loads).toBe(1);
    inbox(a, 'room/lazy');
    a.publish('room/lazy', 'queued');
    await a.connect();
    await a.connect();
    expect(loads).toBe(1);
  });

  it('reports a failed mqtt.js load and loads again on the next attempt', async () => {
    let loads = 0;
    const a = transport({
      mqtt: () => (++loads === 1 ? Promise.reject(new Error('chunk failed')) : import('mqtt')),
      reconnectDelayMs: () => 60_000,
    });
    await expect(a.connect()).rejects.toThrow('could not load mqtt.js: chunk failed');
    expect(a.status.state).toBe('reconnecting');
    await a.connect(); // retries at once
    expect(loads).toBe(2);
    expect(a.status.state).toBe('connected');
  });
});

describe('MQTT transport across a broker restart', () => {
  const fakeWindow = new EventTarget();

  beforeAll(() => {
    (globalThis as { window?: EventTarget }).window = fakeWindow;
  });
  afterAll(() => {
    delete (globalThis as { window?: EventTarget }).window;
  });

  it('reconnects by itself, re-subscribes and delivers what was queued while down', async () => {
    const port = broker.port;
    const fast = transport({ reconnectDelayMs: () => 50 });
    // The publisher waits (a long schedule) until the browser says it is back online.
    const slow = transport({ reconnectDelayMs: () => 60_000 });
    const gotFast = inbox(fast, 'room/r');
    const gotSlow = inbox(slow, 'room/r');
    const fastStates: TransportState[] = [];
    const slowStates: TransportState[] = [];
    fast.onStatus((status) => fastStates.push(status.state));
    slow.onStatus((status) => slowStates.push(status.state));
    await Promise.all([fast.connect(), slow.connect()]);

    await broker.close();
    await until(() => fast.status.state === 'reconnecting' && slow.status.state === 'reconnecting', 'the drop');
    slow.publish('room/r', 'sent-while-down');
    await sleep(200); // fast keeps failing against the dead port meanwhile
    expect(fast.status.attempt).toBeGreaterThan(1);

    broker = await startMqttBroker({ port });
    await until(() => fast.status.state === 'connected', 'fast to reconnect by itself', 3000);
    await until(() => broker.subscribers('room/r') === 1, 'fast to re-subscribe');
    expect(slow.status.state).toBe('reconnecting');
    fakeWindow.dispatchEvent(new Event('online'));
    await until(() => gotFast.length === 1, 'the queued message');
    expect(gotFast).toEqual(['sent-while-down']);
    expect(slow.status.state).toBe('connected');

    await until(() => broker.subscribers('room/r') === 2, 'slow to re-subscribe');
    fast.publish('room/r', 'after-restart');
    await until(() => gotSlow.length === 1, 'a message the other way');
    expect(gotSlow).toEqual(['after-restart']);
    expect(fastStates.slice(0, 2)).toEqual(['connecting', 'connected']);
    expect(fastStates.slice(2)).toContain('reconnecting');
    expect(fastStates.at(-1)).toBe('connected');
    expect(slowStates.at(-1)).toBe('connected');
  });
});
