// @ts-check
/**
 * The optional access token: where a WebSocket upgrade carries it, and a constant-time check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The token a request presents: the `token` query parameter of the URL (browsers cannot set
 * headers on a WebSocket), else an `Authorization: Bearer <token>` header.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
export function presentedToken(req) {
  const query = queryToken(req.url ?? '/');
  if (query !== undefined) return query;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The `token` query parameter of a request target, if any (never throws).
 *
 * @param {string} target
 */
function queryToken(target) {
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
