/** The MQTT transport's options, and the options every Porthole connection gives mqtt.js. */
import type { IClientOptions } from 'mqtt';

/** The mqtt.js module, as `import('mqtt')` returns it. */
export type MqttModule = typeof import('mqtt');

/** Options of `createMqttTransport` (mqtt.ts). */
export interface MqttTransportOptions {
  /** Broker WebSocket URLs (`ws:`/`wss:`), in failover order. At least one. */
  urls: string[];
  /** Time allowed for one URL to answer CONNECT with CONNACK, in ms. Default 4000. */
  connectTimeoutMs?: number;
  /** Loads mqtt.js. Default: `() => import('mqtt')` (a lazy chunk). Tests may override it. */
  mqtt?: () => Promise<MqttModule>;
  /** Prefix of the random MQTT client id. Default `porthole_`. */
  clientIdPrefix?: string;
  /** Delay before reconnect attempt n (1-based), in ms. Default: reconnectDelayMs (reconnector.ts). */
  reconnectDelayMs?: (attempt: number) => number;
  /**
   * The WebSocket class sockets are made with (default: the page's, in a browser). With one, the
   * subscription and the queued messages are written right after CONNECT (mqtt-early.ts);
   * without (Node), mqtt.js makes its own sockets and waits for CONNACK. Tests pass `ws`.
   */
  WebSocketImpl?: typeof WebSocket;
}

/** What one connection's options depend on. */
export interface ConnectionOptions {
  /** Prefix of the random client id. */
  clientIdPrefix: string;
  /** Time allowed for CONNACK, in ms. */
  connectTimeoutMs: number;
  /** The connection's Last Will, if any (QoS 0, not retained). */
  will?: { topic: string; will: string };
  /** Makes the connection's socket (the transport's own, see mqtt-early.ts); absent: mqtt.js makes it. */
  createWebsocket?: (url: string, protocols: string[]) => WebSocket;
}

/**
 * MQTT 3.1.1, clean session, no reconnects of mqtt.js's own (the transport's reconnector does
 * that), a random client id, and no write cache (below).
 */
export function mqttClientOptions(options: ConnectionOptions): IClientOptions {
  const { will, createWebsocket } = options;
  return {
    ...(createWebsocket ? { createWebsocket } : {}),
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    // No cache of the 65 536 two-byte numbers: mqtt-packet builds it on the first packet written
    // (65 536 Buffers, 100–200 ms of a busy page's main thread, in the middle of every join);
    // our few packets make their numbers as they go.
    writeCache: false,
    connectTimeout: options.connectTimeoutMs,
    clientId: options.clientIdPrefix + Array.from(crypto.getRandomValues(new Uint8Array(6)), hexByte).join(''),
    ...(will ? { will: { topic: will.topic, payload: will.will, qos: 0, retain: false } } : {}),
  };
}

/** One byte as two lowercase hex digits. */
function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
