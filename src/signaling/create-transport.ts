/**
 * Signaling entry point: builds the transport for a {@link SignalingChoice}. The MQTT transport
 * module is small; mqtt.js itself is loaded lazily by it on the first connect().
 */
import { createMqttTransport } from './mqtt';
import { createRelayTransport } from './relay';
import type { Transport } from './transport';

/** Where signaling goes: MQTT brokers in failover order, or one relay. */
export type SignalingChoice = { kind: 'mqtt'; urls: string[] } | { kind: 'relay'; url: string };

export type { Transport, TransportStatus, TransportState, SubscribeOptions } from './transport';

/** Creates the transport for `choice` (not connected yet: call connect()). */
export function createTransport(choice: SignalingChoice): Transport {
  return choice.kind === 'relay'
    ? createRelayTransport({ url: choice.url })
    : createMqttTransport({ urls: choice.urls });
}
