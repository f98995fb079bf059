/**
 * The relay's wire format as the app speaks it: the frames it receives (validated; anything else
 * is ignored) and the subprotocols and token encoding of the handshake. Types of every frame and
 * error code: relay/src/wire.d.ts.
 */

/** The subprotocol the relay speaks. */
export const relaySubprotocol = 'porthole.v1';
/** Prefix of the subprotocol entry that carries the token. */
export const tokenSubprotocolPrefix = 'porthole.token.';

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
  let binary = '';
  for (const byte of new TextEncoder().encode(token)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
