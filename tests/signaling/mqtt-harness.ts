/**
 * The contract harness for the MQTT transport against any broker (aedes, Mosquitto, NATS):
 * mqtt.js is wrapped so that the harness sees every client a transport opens, and can kill the
 * newest one by destroying its socket (the broker sees it die without DISCONNECT).
 */
import type { MqttClient } from 'mqtt';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { createMqttTransport } from '../../src/signaling/mqtt';
import type { MqttModule, MqttTransportOptions } from '../../src/signaling/mqtt';
import type { Transport } from '../../src/signaling/transport';
import type { RestartableBroker } from '../helpers/broker-process';
import type { ContractHarness } from './transport-contract';

/** Time a test transport allows a broker to answer CONNECT, in ms. */
const testConnectTimeoutMs = 2000;

/** mqtt.js, with every client it connects pushed onto `clients`. */
function recordingMqtt(clients: MqttClient[]): () => Promise<MqttModule> {
  return async () => {
    const mqtt = await import('mqtt');
    const connect = mqtt.connect ?? (mqtt as unknown as { default: MqttModule }).default.connect;
    const recording = (...args: Parameters<typeof connect>): MqttClient => {
      const client = connect(...args);
      clients.push(client);
      return client;
    };
    return { ...mqtt, connect: recording } as unknown as MqttModule;
  };
}

/**
 * An MQTT transport to `url` for tests: short timeouts, `reconnectDelayMs` between retries, and
 * sockets made with `ws` (as a browser's WebSocket would be: packets written before CONNACK).
 */
export function testMqttTransport(url: string, options: Partial<MqttTransportOptions> = {}): Transport {
  return createMqttTransport({
    urls: [url],
    connectTimeoutMs: testConnectTimeoutMs,
    reconnectDelayMs: () => 50,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    ...options,
  });
}

/** The harness for the contract: MQTT transports to `broker`, killed by destroying their socket. */
export function mqttHarness(broker: RestartableBroker): ContractHarness {
  const clientsOf = new Map<Transport, MqttClient[]>();
  return {
    transport(options) {
      const clients: MqttClient[] = [];
      const delayMs = options?.reconnectDelayMs ?? 50;
      const t = testMqttTransport(broker.url, { mqtt: recordingMqtt(clients), reconnectDelayMs: () => delayMs });
      clientsOf.set(t, clients);
      return t;
    },
    endpoint: broker.url,
    kill(t) {
      const client = clientsOf.get(t)?.at(-1);
      expect(client?.connected).toBe(true);
      client?.stream.destroy();
    },
    afterKill: 'reconnects',
    willChanges: 'next-connection',
    server: { stop: () => broker.stop(), start: () => broker.start() },
    close: () => broker.close(),
  };
}
