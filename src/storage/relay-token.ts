/**
 * Relay access tokens, kept on this device only: localStorage under `porthole.relayTokens` as a
 * JSON object `{ "<relay origin>": "<token>" }`, one per relay (origin as `http(s)://host:port`,
 * also for the relay's `ws(s):` URL). A token is never put into a link, a URL or a log; the app
 * presents it only to the relay it belongs to. Every read is validated; storage that refuses
 * (quota, privacy mode) is ignored.
 */
import { defaultStorage, type StorageLike } from './web-storage';

/** The localStorage key of the tokens. */
export const relayTokensStorageKey = 'porthole.relayTokens';
/** Longest token kept, in characters (longer input is refused by {@link saveRelayToken}). */
export const maxRelayTokenChars = 512;

/** The origin a relay URL's token is stored under: `ws:`→`http:`, `wss:`→`https:`; undefined when not a URL. */
export function relayOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const scheme = { 'ws:': 'http:', 'wss:': 'https:', 'http:': 'http:', 'https:': 'https:' }[parsed.protocol];
    return scheme === undefined ? undefined : `${scheme}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/** Whether `token` can be kept and sent: 1–512 characters, not only spaces. */
export function isValidRelayToken(token: string): boolean {
  return token.trim() !== '' && token.length <= maxRelayTokenChars;
}

/** Reads the stored map; never throws. */
function read(storage: StorageLike | undefined): Record<string, string> {
  try {
    const text = storage?.getItem(relayTokensStorageKey);
    if (text === null || text === undefined) return {};
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Record<string, string> = {};
    for (const [origin, token] of Object.entries(value)) {
      if (typeof token === 'string' && isValidRelayToken(token)) out[origin] = token;
    }
    return out;
  } catch {
    return {};
  }
}

/** Writes the map (removed when empty); never throws. */
function write(storage: StorageLike | undefined, tokens: Record<string, string>): void {
  try {
    if (Object.keys(tokens).length === 0) storage?.removeItem(relayTokensStorageKey);
    else storage?.setItem(relayTokensStorageKey, JSON.stringify(tokens));
  } catch {
    // Without storage the person is asked again next time.
  }
}

/** The token kept for the relay at `url` (any of its http/ws URLs), if any. */
export function loadRelayToken(url: string, storage: StorageLike | undefined = defaultStorage()): string | undefined {
  const origin = relayOrigin(url);
  return origin === undefined ? undefined : read(storage)[origin];
}

/** Keeps `token` for the relay at `url` on this device; false when the URL or the token is not valid. */
export function saveRelayToken(
  url: string,
  token: string,
  storage: StorageLike | undefined = defaultStorage(),
): boolean {
  const origin = relayOrigin(url);
  if (origin === undefined || !isValidRelayToken(token)) return false;
  write(storage, { ...read(storage), [origin]: token });
  return true;
}

/** Forgets the token kept for the relay at `url`. */
export function forgetRelayToken(url: string, storage: StorageLike | undefined = defaultStorage()): void {
  const origin = relayOrigin(url);
  if (origin === undefined) return;
  const tokens = read(storage);
  if (!(origin in tokens)) return;
  delete tokens[origin];
  write(storage, tokens);
}
