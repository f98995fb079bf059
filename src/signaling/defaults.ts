/**
 * Defaults and the choice of signaling: public MQTT brokers and STUN servers, the relay's
 * `/api/config`, and which transport and ICE servers a page uses.
 */
import type { IceServerSpec, Via } from '../protocol/link';

/** Public MQTT-over-WebSocket brokers, in failover order (the default transport). */
export const publicMqttBrokers: readonly string[] = [
  'wss://broker.emqx.io:8084/mqtt',
  'wss://broker.hivemq.com:8884/mqtt',
  'wss://test.mosquitto.org:8081/mqtt',
];

/** An ICE server as `RTCPeerConnection` takes it. */
export interface IceServerConfig {
  /** One or more `stun:`/`turn:`/`turns:` URLs. */
  urls: string | string[];
  /** TURN username. */
  username?: string;
  /** TURN credential. */
  credential?: string;
}

/** Public STUN servers used when neither the link nor a relay supplies ICE servers. */
export const publicStunServers: readonly IceServerConfig[] = [
  { urls: 'stun:stun.l.google.com:19302' },
  { urls: 'stun:stun.cloudflare.com:3478' },
];

/** What a relay serving the page advertises at `GET /api/config`. */
export interface AppConfig {
  /** The relay's own STUN plus any TURN servers it advertises. */
  iceServers: IceServerConfig[];
  /** Present when the origin runs a relay: its WebSocket path and whether it needs a token. */
  relay?: { path: string; tokenRequired: boolean };
}

/** Where signaling goes: MQTT brokers in failover order, or one relay. */
export type SignalingChoice = { kind: 'mqtt'; urls: string[] } | { kind: 'relay'; url: string };

/** How long the page waits for `/api/config` before going without it, in ms. */
export const appConfigTimeoutMs = 1500;

/** Fetches and validates `${origin}/api/config`; null on any failure (no relay, bad JSON, timeout). */
export async function fetchAppConfig(
  origin: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = appConfigTimeoutMs,
): Promise<AppConfig | null> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(null);
    }, timeoutMs);
  });
  const load = async (): Promise<AppConfig | null> => {
    const response = await fetchImpl(`${origin.replace(/\/+$/, '')}/api/config`, {
      signal: controller.signal,
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return null;
    return parseAppConfig(await response.json());
  };
  try {
    return await Promise.race([load(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Validates a parsed `/api/config` body; null unless the shape is exactly right. */
export function parseAppConfig(value: unknown): AppConfig | null {
  if (!isRecord(value) || !Array.isArray(value.iceServers)) return null;
  const iceServers: IceServerConfig[] = [];
  for (const server of value.iceServers) {
    const parsed = parseIceServer(server);
    if (!parsed) return null;
    iceServers.push(parsed);
  }
  const config: AppConfig = { iceServers };
  if (value.relay !== undefined) {
    const { relay } = value;
    if (!isRecord(relay) || typeof relay.path !== 'string' || !relay.path.startsWith('/')) return null;
    if (typeof relay.tokenRequired !== 'boolean') return null;
    config.relay = { path: relay.path, tokenRequired: relay.tokenRequired };
  }
  return config;
}

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

function parseIceServer(value: unknown): IceServerConfig | null {
  if (!isRecord(value)) return null;
  const { urls, username, credential } = value;
  const validUrls =
    (typeof urls === 'string' && urls !== '') ||
    (Array.isArray(urls) && urls.length > 0 && urls.every((url) => typeof url === 'string' && url !== ''));
  if (!validUrls) return null;
  if (username !== undefined && typeof username !== 'string') return null;
  if (credential !== undefined && typeof credential !== 'string') return null;
  return copyIceServer({ urls: urls as string | string[], username, credential });
}

function copyIceServer(server: IceServerConfig): IceServerConfig {
  const copy: IceServerConfig = { urls: Array.isArray(server.urls) ? [...server.urls] : server.urls };
  if (server.username !== undefined) copy.username = server.username;
  if (server.credential !== undefined) copy.credential = server.credential;
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
