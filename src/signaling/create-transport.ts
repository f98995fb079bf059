/**
 * Signaling entry point: builds the transport for a {@link SignalingChoice}. The MQTT transport
 * module is small; mqtt.js itself is loaded lazily by it on the first connect().
 */
import { createMqttTransport } from './mqtt';
import { createRelayTransport } from './relay';
import type { Transport } from './transport';

/**
 * Where signaling goes: MQTT brokers in failover order, or one relay (with the access token kept
 * for it on this device, when it needs one: sent in the WebSocket handshake, never in the URL).
 */
export type SignalingChoice = { kind: 'mqtt'; urls: string[] } | { kind: 'relay'; url: string; token?: string };

export type { Transport, TransportStatus, TransportState, TransportProblem, SubscribeOptions } from './transport';

/** Creates the transport for `choice` (not connected yet: call connect()). */
export function createTransport(choice: SignalingChoice): Transport {
  if (choice.kind === 'mqtt') return createMqttTransport({ urls: choice.urls });
  return createRelayTransport(
    choice.token === undefined ? { url: choice.url } : { url: choice.url, token: choice.token },
  );
}
