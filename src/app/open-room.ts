/**
 * How a room is opened: which signaling transport and which ICE servers a page uses (the link's
 * choice, else the relay that served the page, else the public defaults).
 */
import type { IceServerSpec, Via } from '../protocol/link';
import { type AppConfig, copyIceServer, type IceServerConfig } from '../signaling/app-config';
import type { SignalingChoice } from '../signaling/create-transport';

/** Public MQTT-over-WebSocket brokers, in failover order (the default transport). */
export const publicMqttBrokers: readonly string[] = [
  'wss://broker.emqx.io:8084/mqtt',
  'wss://broker.hivemq.com:8884/mqtt',
  'wss://test.mosquitto.org:8081/mqtt',
];

/** Public STUN servers used when neither the link nor a relay supplies ICE servers. */
export const publicStunServers: readonly IceServerConfig[] = [
  { urls: 'stun:stun.l.google.com:19302' },
  { urls: 'stun:stun.cloudflare.com:3478' },
];

/**
 * Picks the signaling transport: an explicit `via` wins; else the relay that served the page
 * (same host, `wss:` when the page is `https:`, `?token=` added when given); else the public
 * MQTT brokers with failover.
 */
export function chooseSignaling(
  via: Via | undefined,
  config: AppConfig | null,
  pageUrl: string,
  relayToken?: string,
): SignalingChoice {
  if (via?.kind === 'relay') return { kind: 'relay', url: via.url };
  if (via?.kind === 'mqtt') return { kind: 'mqtt', urls: [via.url] };
  if (config?.relay) {
    const page = new URL(pageUrl);
    const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = relayToken === undefined ? '' : `?token=${encodeURIComponent(relayToken)}`;
    return { kind: 'relay', url: `${scheme}//${page.host}${config.relay.path}${query}` };
  }
  return { kind: 'mqtt', urls: [...publicMqttBrokers] };
}

/** ICE servers for a peer connection: the link's first, then the relay's; public STUN if none. */
export function chooseIceServers(config: AppConfig | null, linkIce?: readonly IceServerSpec[]): IceServerConfig[] {
  const servers: IceServerConfig[] = [...(linkIce ?? []).map(copyIceServer), ...(config?.iceServers ?? [])];
  return servers.length > 0 ? servers : publicStunServers.map(copyIceServer);
}
