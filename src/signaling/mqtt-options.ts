/** The options every Porthole connection gives mqtt.js. */
import type { IClientOptions } from 'mqtt';

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
