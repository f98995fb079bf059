import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MqttTransportOptions } from '../../src/signaling/mqtt';
import type { Transport, TransportState } from '../../src/signaling/transport';
import type { RestartableBroker } from '../helpers/broker-process';
import { Inbox, roomTopic, sentinel } from '../helpers/inbox';
import { startMqttBroker } from '../helpers/mqtt-broker';
import type { TestMqttBroker } from '../helpers/mqtt-broker';
import { mqttHarness, testMqttTransport } from './mqtt-harness';
import { transportContract } from './transport-contract';
import type { ContractHarness } from './transport-contract';

/** The in-process aedes broker, restartable on its port. */
async function startAedes(): Promise<RestartableBroker> {
  let broker: TestMqttBroker | undefined = await startMqttBroker();
  const port = broker.port;
  return {
    url: broker.url,
    stop: async () => {
      await broker?.close();
      broker = undefined;
    },
    start: async () => {
      broker = await startMqttBroker({ port });
    },
    close: async () => {
      await broker?.close();
    },
  };
}

transportContract('MQTT on aedes', async () => mqttHarness(await startAedes()));

/** A URL on 127.0.0.1 where nothing listens (a port just freed). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}`;
}

describe('MQTT transport', () => {
  let broker: RestartableBroker;
  let harness: ContractHarness;
  const open: Transport[] = [];

  function transport(options: Partial<MqttTransportOptions> = {}): Transport {
    const t = testMqttTransport(broker.url, options);
    open.push(t);
    return t;
  }

  beforeAll(async () => {
    broker = await startAedes();
    harness = mqttHarness(broker);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await harness.close();
  });

  it('has one will per connection: the one set last, on its own topic', async () => {
    const [first, second] = [roomTopic(), roomTopic()];
    const k = harness.transport();
    open.push(k);
    new Inbox(k, first, 'bye-first');
    new Inbox(k, second, 'bye-second');
    const [b, c] = [transport(), transport()];
    const [bFirst, bSecond] = [new Inbox(b, first), new Inbox(b, second)];
    new Inbox(c, first);
    new Inbox(c, second);
    await Promise.all([k.connect(), b.connect(), c.connect()]);
    await sentinel(k, bSecond);
    harness.kill(k);
    await bSecond.receives('bye-second');
    await sentinel(c, bFirst);
    await sentinel(c, bSecond);
    expect(bFirst.messages).toEqual([]);
    expect(bSecond.messages).toEqual(['bye-second']);
  });

  it('ignores retained messages (a broker may hold one from another client)', async () => {
    const topic = roomTopic();
    const raw = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    await raw.publishAsync(topic, 'stale', { qos: 1, retain: true });
    await raw.endAsync();
    const [a, b] = [new Inbox(transport(), topic), new Inbox(transport(), topic)];
    await Promise.all([a.transport.connect(), b.transport.connect()]);
    await sentinel(a.transport, b); // b's SUBSCRIBE was answered with the retained message first
    expect(b.messages).toEqual([]);
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
    new Inbox(a, 'room/lazy');
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
