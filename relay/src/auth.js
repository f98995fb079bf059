// @ts-check
/**
 * The optional access token: where a request carries it (a `Sec-WebSocket-Protocol` entry, a
 * `Porthole-Token` header, an `Authorization: Bearer` header, or — deprecated — the `token` query
 * parameter), and a constant-time check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { earlyFrames, earlySubprotocol } from './early.js';

/** The subprotocol the relay speaks; selected whenever a client offers it. */
export const subprotocol = 'porthole.v1';

/** Prefix of the subprotocol entry that carries the token (base64url of its UTF-8 bytes). */
export const tokenProtocolPrefix = 'porthole.token.';

/**
 * HTTP header that carries the token as base64url of its UTF-8 bytes, like the subprotocol entry:
 * what a browser's `fetch` can send for any token (a Bearer value must be ASCII without spaces).
 */
export const tokenHeader = 'porthole-token';

/**
 * The subprotocols a WebSocket upgrade offers, in order.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string[]}
 */
export function offeredProtocols(req) {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The token carried as `porthole.token.<base64url>` in `Sec-WebSocket-Protocol`, if any.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
export function protocolToken(req) {
  const entry = offeredProtocols(req).find((p) => p.startsWith(tokenProtocolPrefix));
  if (entry === undefined) return undefined;
  return decodeToken(entry.slice(tokenProtocolPrefix.length));
}

/**
 * The token carried as base64url in the `Porthole-Token` header, if any.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
export function headerToken(req) {
  const value = req.headers[tokenHeader];
  return typeof value === 'string' ? decodeToken(value.trim()) : undefined;
}

/**
 * Decodes base64url (no padding) to UTF-8; undefined when it is not base64url.
 *
 * @param {string} encoded
 */
function decodeToken(encoded) {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/**
 * The token of an `Authorization: Bearer <token>` header, if any.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
export function bearerToken(req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The token a request presents: the subprotocol entry, else the `Porthole-Token` header, else a
 * Bearer header, else the `token` query parameter (deprecated: query strings end up in proxy logs).
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
export function presentedToken(req) {
  return protocolToken(req) ?? headerToken(req) ?? bearerToken(req) ?? queryToken(req.url ?? '/');
}

/**
 * The `token` query parameter of a request target, if any (never throws).
 *
 * @param {string} target
 */
function queryToken(target) {
  if (!target.includes('token=')) return undefined;
  try {
    return new URL(target, 'http://relay.invalid').searchParams.get('token') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compares tokens in constant time (both are hashed first, so lengths leak nothing either).
 *
 * @param {string | undefined} presented
 * @param {string} expected
 */
export function tokenMatches(presented, expected) {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether `req` may open a WebSocket: always when no token is configured.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {string | undefined} token The configured RELAY_TOKEN.
 */
export function isAuthorized(req, token) {
  return token === undefined || tokenMatches(presentedToken(req), token);
}

/**
 * The subprotocol to select for an upgrade: `porthole.v1.early` when the client offered it with
 * early frames that decode (early.js), else `porthole.v1` when offered (never a token or frames entry).
 *
 * @param {Set<string>} protocols What the client offered (ws passes a Set).
 * @returns {string | false}
 */
export function selectProtocol(protocols) {
  if (!protocols.has(subprotocol)) return false;
  return earlyFrames(protocols) === undefined ? subprotocol : earlySubprotocol;
}
