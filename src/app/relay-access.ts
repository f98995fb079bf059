/**
 * Access to a relay that needs a token: which relay a room would use, whether this device lacks
 * its token (then the app asks before connecting), the relay's `/api/config` fetched with the
 * token kept for it (a relay with a token hands TURN credentials only to token holders; they stay
 * in memory, never in storage or links), and word from an open room that the relay refused it.
 * No DOM here: it runs in Node under test.
 */
import type { Role, RouteParams } from '../protocol/link';
import { type AppConfig, appConfigTimeoutMs, fetchAppConfig } from '../signaling/app-config';
import { forgetRelayToken, loadRelayToken, relayOrigin } from '../storage/relay-token';
import { linkParamsFromSettings, loadSettings } from '../storage/settings-store';

/** How long one fetched `/api/config` is reused (the gate and the room share it), in ms. */
export const relayConfigReuseMs = 10_000;

const cache = new Map<string, { at: number; config: Promise<AppConfig | null> }>();
/**
 * Origins whose config said they need no token, for the page's life: a link to them opens without
 * waiting for their config again. Forgotten when the relay refuses (it may have been given a token since).
 */
const openRelays = new Set<string>();

/** Remembers `origin` as needing no token when its config says so (no answer proves nothing). */
function noteConfig(origin: string, config: AppConfig | null): void {
  if (config && !config.relay?.tokenRequired) openRelays.add(origin);
}
const refusalListeners = new Set<(origin: string) => void>();

/**
 * `${origin}/api/config`, with the token kept for `origin` (as a Bearer header), reused for
 * {@link relayConfigReuseMs}; null when there is no relay there.
 */
export function fetchRelayConfig(origin: string, fetchImpl: typeof fetch = fetch): Promise<AppConfig | null> {
  const now = Date.now();
  const cached = cache.get(origin);
  if (cached && now - cached.at < relayConfigReuseMs) return cached.config;
  const config = fetchAppConfig(origin, fetchImpl, appConfigTimeoutMs, loadRelayToken(origin));
  cache.set(origin, { at: now, config });
  // Only while this fetch is the cached one: an answer that outlived a forget (a refusal) is stale.
  config.then((c) => cache.get(origin)?.config === config && noteConfig(origin, c)).catch(() => undefined);
  return config;
}

/** Drops the cached config of `origin`, and what it said about tokens (after its token changed or was refused). */
export function forgetRelayConfig(origin: string): void {
  cache.delete(origin);
  openRelays.delete(origin);
}

/** What {@link relayNeedingToken} needs to know about the room about to open. */
export interface RelayGateOptions {
  /** The room's side: a sender without `via` in its link uses its saved settings' transport. */
  role: Role;
  /** The link's parameters (`via` picks the transport). */
  params: Pick<RouteParams, 'via'>;
  /** The page's URL: without `via`, the relay that served the page is the one used. */
  pageUrl: string;
  /** Loads a relay's config (default {@link fetchRelayConfig}). */
  fetchConfig?: (origin: string) => Promise<AppConfig | null>;
}

/**
 * The origin of the relay the room would use when that relay needs a token and this device has
 * none for it (the app asks for it before connecting); undefined otherwise (MQTT, no relay, a
 * relay without a token, or a token already kept). Only the relay that served the page is asked
 * for beforehand (its config is fetched for the room anyway); a relay elsewhere, named by `via`,
 * is not waited for: if it needs a token, its refusal (close 4401) brings the question. Nor is one
 * whose config said, earlier in the page's life, that it needs none (a refusal forgets that).
 */
export async function relayNeedingToken(options: RelayGateOptions): Promise<string | undefined> {
  const saved =
    options.role === 'sender' && !options.params.via ? linkParamsFromSettings(loadSettings()).via : undefined;
  const via = options.params.via ?? saved;
  if (via?.kind === 'mqtt') return undefined;
  const origin = relayOrigin(options.pageUrl);
  if (via !== undefined && relayOrigin(via.url) !== origin) return undefined;
  if (origin === undefined || loadRelayToken(origin) !== undefined || openRelays.has(origin)) return undefined;
  const config = await (options.fetchConfig ?? fetchRelayConfig)(origin);
  noteConfig(origin, config);
  return config?.relay?.tokenRequired ? origin : undefined;
}

/** What the token screen says about the relay that asks: its host, and whether the page came from elsewhere. */
export interface TokenPrompt {
  /** The asking relay's host (and port), shown prominently. */
  host: string;
  /**
   * The host that served this page when the relay is another server (a link named it with `via`:
   * anyone can make such a link, and a relay they run can ask for a token); undefined when the
   * relay served this page.
   */
  otherThanPage?: string;
}

/** How the token screen presents the relay at `origin` to a page at `pageUrl`. */
export function tokenPrompt(origin: string, pageUrl: string): TokenPrompt {
  const host = hostOf(origin);
  const page = relayOrigin(pageUrl);
  return page === undefined || page === origin ? { host } : { host, otherThanPage: hostOf(page) };
}

/** The host (and port) of an origin, or the origin itself when it does not parse. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

/** Calls `listener` with the relay's origin whenever a room's relay refuses this device's token; returns the unsubscribe. */
export function onRelayTokenRefused(listener: (origin: string) => void): () => void {
  refusalListeners.add(listener);
  return () => void refusalListeners.delete(listener);
}

/** A room's relay refused the token kept for `relayUrl`: it is forgotten, and the app is told (to ask again). */
export function relayTokenRefused(relayUrl: string): void {
  const origin = relayOrigin(relayUrl);
  if (origin === undefined) return;
  forgetRelayToken(origin);
  forgetRelayConfig(origin);
  for (const listener of [...refusalListeners]) listener(origin);
}
