// @ts-check
/**
 * Early frames: a client may carry its first frames (the joins and the first publications of a
 * new connection, e.g. a viewer's hello) in the WebSocket handshake itself, so that they reach the
 * topic one round trip sooner — the relay's counterpart of MQTT's packets after CONNECT.
 *
 * The client offers, next to `porthole.v1`, the subprotocol `porthole.v1.early` and one entry
 * `porthole.frames.<base64url of the UTF-8 JSON array of frame texts>`. A relay that takes them
 * selects `porthole.v1.early` and handles each text exactly as if it were the socket's first
 * frames (rate limits, validation, error frames); a relay that does not (an older one, or an
 * entry that does not decode) selects `porthole.v1`, and the client sends them after the open.
 * The entry is never echoed. Its size is bounded by Node's header limit and {@link maxEarlyFramesChars}.
 */

/** The subprotocol selected when the relay took the early frames. */
export const earlySubprotocol = 'porthole.v1.early';

/** Prefix of the subprotocol entry carrying the early frames. */
export const earlyFramesPrefix = 'porthole.frames.';

/** Most early frames in one handshake (a join per topic and a few publications). */
export const maxEarlyFrames = 8;

/** Longest early-frames entry, in characters of base64url (the whole handshake is limited to 16 KiB by Node). */
export const maxEarlyFramesChars = 12_288;

/**
 * The early frames a client offered: the texts of the one well-formed `porthole.frames.` entry
 * when `porthole.v1.early` is offered too; undefined when none is offered or it does not decode
 * (then the relay selects plain `porthole.v1`). Each text is handled later like any frame.
 *
 * @param {Iterable<string>} protocols What the client offered.
 * @returns {string[] | undefined}
 */
export function earlyFrames(protocols) {
  const offered = [...protocols];
  if (!offered.includes(earlySubprotocol)) return undefined;
  const entries = offered.filter((p) => p.startsWith(earlyFramesPrefix));
  if (entries.length !== 1) return undefined;
  const encoded = /** @type {string} */ (entries[0]).slice(earlyFramesPrefix.length);
  if (encoded.length === 0 || encoded.length > maxEarlyFramesChars || !/^[A-Za-z0-9_-]+$/.test(encoded))
    return undefined;
  let value;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > maxEarlyFrames) return undefined;
  return value.every((text) => typeof text === 'string') ? value : undefined;
}
