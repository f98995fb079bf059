/**
 * The relay's `GET /api/config`: what a relay serving the page advertises (its STUN, TURN, and
 * whether its WebSocket needs a token), fetched with a timeout and validated field by field.
 */
import { encodeRelayToken } from './relay-wire';

/** An ICE server as `RTCPeerConnection` takes it. */
export interface IceServerConfig {
  /** One or more `stun:`/`turn:`/`turns:` URLs. */
  urls: string | string[];
  /** TURN username. */
  username?: string;
  /** TURN credential. */
  credential?: string;
}

/** What a relay serving the page advertises at `GET /api/config`. */
export interface AppConfig {
  /** The relay's own STUN plus any TURN servers it advertises. */
  iceServers: IceServerConfig[];
  /** Present when the origin runs a relay: its WebSocket path and whether it needs a token. */
  relay?: { path: string; tokenRequired: boolean };
}

/**
 * How long the page waits for `/api/config` before going without it, in ms. Hosts without a relay
 * answer 404 at once; this only bounds a host that hangs, and must outlast a busy relay (a page that
 * gives up too early picks the public brokers instead of the relay that served it).
 */
export const appConfigTimeoutMs = 5000;

/**
 * Fetches and validates `${origin}/api/config`; null on any failure (no relay, bad JSON, timeout).
 * `token`, the relay's access token kept for `origin`, goes as base64url in the `Porthole-Token`
 * header (never in the URL): a relay with a token hands TURN credentials only to callers that
 * present it.
 */
export async function fetchAppConfig(
  origin: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = appConfigTimeoutMs,
  token?: string,
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
      headers:
        token === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'porthole-token': encodeRelayToken(token) },
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

/** A deep copy of an ICE server entry (callers may mutate theirs). */
export function copyIceServer(server: IceServerConfig): IceServerConfig {
  const copy: IceServerConfig = { urls: Array.isArray(server.urls) ? [...server.urls] : server.urls };
  if (server.username !== undefined) copy.username = server.username;
  if (server.credential !== undefined) copy.credential = server.credential;
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
