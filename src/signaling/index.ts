/**
 * Signaling entry point: builds the transport for a {@link SignalingChoice}. The MQTT transport
 * module is small; mqtt.js itself is loaded lazily by it on the first connect().
 */
import type { SignalingChoice } from './defaults';
import { createMqttTransport } from './mqtt';
import { createRelayTransport } from './relay';
import type { Transport } from './transport';

export type { SignalingChoice } from './defaults';
export type { Transport, TransportStatus, TransportState, SubscribeOptions } from './transport';

/** Creates the transport for `choice` (not connected yet: call connect()). */
export function createTransport(choice: SignalingChoice): Transport {
  return choice.kind === 'relay'
    ? createRelayTransport({ url: choice.url })
    : createMqttTransport({ urls: choice.urls });
}
