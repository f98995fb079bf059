/**
 * The relay's wire format as the app speaks it: the frames it receives (validated; anything else
 * is ignored) and the subprotocols and token encoding of the handshake. Types of every frame and
 * error code: relay/src/wire.d.ts.
 */

/** The subprotocol the relay speaks. */
export const relaySubprotocol = 'porthole.v1';
/** Prefix of the subprotocol entry that carries the token. */
export const tokenSubprotocolPrefix = 'porthole.token.';
/** Selected by a relay that took the frames carried in the handshake (see {@link earlyFramesOffer}). */
export const relayEarlySubprotocol = 'porthole.v1.early';
/** Prefix of the subprotocol entry that carries early frames. */
export const earlyFramesPrefix = 'porthole.frames.';
/** Most frames a relay takes in a handshake. */
export const maxEarlyFrames = 8;
/**
 * Longest early-frames entry the app offers, in characters (a relay takes up to 12 288): the
 * whole header line stays under 8 KiB, the default limit of nginx (`large_client_header_buffers`)
 * and Apache in front of a relay. A first connection's join with its will and the hello take
 * about 4 000.
 */
export const earlyFramesBudgetChars = 6_144;

/** The first frames of a connection, carried in its handshake. */
export interface EarlyFramesOffer {
  /** How many of the frames given (from the first) the entry carries. */
  count: number;
  /** The subprotocols to offer after the usual ones: `porthole.v1.early` and the frames entry. */
  protocols: string[];
}

/**
 * The subprotocol entries that carry as many of `frames` (from the first, at most
 * {@link maxEarlyFrames}) as fit in {@link earlyFramesBudgetChars}; undefined when not even the
 * first fits. A relay that takes them selects {@link relayEarlySubprotocol}.
 */
export function earlyFramesOffer(frames: readonly string[]): EarlyFramesOffer | undefined {
  for (let count = Math.min(frames.length, maxEarlyFrames); count > 0; count -= 1) {
    const json = JSON.stringify(frames.slice(0, count));
    // Unpadded base64 of n bytes is ceil(4n / 3) characters: one too long is not encoded at all.
    if (Math.ceil((utf8ByteLength(json) * 4) / 3) > earlyFramesBudgetChars) continue;
    const entry = base64urlUtf8(json);
    if (entry.length <= earlyFramesBudgetChars)
      return { count, protocols: [relayEarlySubprotocol, earlyFramesPrefix + entry] };
  }
  return undefined;
}

/** Bytes of `text`'s UTF-8 as TextEncoder writes it (a lone surrogate as U+FFFD, three bytes), without encoding it. */
function utf8ByteLength(text: string): number {
  let bytes = text.length; // one per UTF-16 unit, plus what each unit past ASCII adds below
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: four bytes for two units
      i += 1;
    } else bytes += 2;
  }
  return bytes;
}

/** A validated frame from the relay. */
export type RelayFrame =
  | { op: 'msg'; topic: string; data: string }
  | { op: 'joined'; topic: string; peers: number }
  | { op: 'error'; code: string | number; message: string; topic?: string };

/** Parses one frame from the relay; null when it is not a well-formed frame we know. */
export function parseRelayFrame(raw: unknown): RelayFrame | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  const { op, topic, data, peers, code, message } = frame;
  if (op === 'msg' && typeof topic === 'string' && typeof data === 'string') return { op, topic, data };
  if (op === 'joined' && typeof topic === 'string' && typeof peers === 'number') return { op, topic, peers };
  if (op === 'error' && (typeof code === 'string' || typeof code === 'number')) {
    const error: RelayFrame = { op, code, message: typeof message === 'string' ? message : '' };
    return typeof topic === 'string' ? { ...error, topic } : error;
  }
  return null;
}

/** The subprotocols to offer: `porthole.v1`, plus `porthole.token.<base64url of the UTF-8 token>` when given. */
export function relayProtocols(token?: string): string[] {
  if (token === undefined || token === '') return [relaySubprotocol];
  return [relaySubprotocol, `${tokenSubprotocolPrefix}${encodeRelayToken(token)}`];
}

/** A token as the relay reads it from a subprotocol entry or the `Porthole-Token` header: base64url of its UTF-8, unpadded. */
export function encodeRelayToken(token: string): string {
  return base64urlUtf8(token);
}

/** Base64url of `text`'s UTF-8, unpadded. */
function base64urlUtf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
