// @ts-check
/**
 * Short-lived TURN credentials, in the "TURN REST API" scheme that coturn's `use-auth-secret` /
 * `static-auth-secret` understands: username `<expiry unix seconds>:<id>`, password
 * base64(HMAC-SHA1(secret, username)). The TURN server recomputes the password from the secret
 * and refuses usernames whose expiry has passed, so nothing long-lived is handed out.
 */
import { createHmac, randomBytes } from 'node:crypto';

/**
 * The credential for `username` under `secret`.
 *
 * @param {string} secret The shared secret (coturn `static-auth-secret`).
 * @param {string} username `expiry:id`.
 * @returns {string} base64 HMAC-SHA1.
 */
export function turnPassword(secret, username) {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * Mints a credential valid for `ttlSeconds` from `nowMs`.
 *
 * @param {string} secret
 * @param {number} ttlSeconds
 * @param {object} [options]
 * @param {number} [options.nowMs=Date.now()] Clock (for tests).
 * @param {string} [options.id] The part after the colon; default a random id (no user is named).
 * @returns {{ username: string, credential: string, expiresAt: number }} expiresAt in unix seconds.
 */
export function mintTurnCredential(secret, ttlSeconds, options = {}) {
  const expiresAt = Math.floor((options.nowMs ?? Date.now()) / 1000) + ttlSeconds;
  const username = `${expiresAt}:${options.id ?? randomBytes(6).toString('base64url')}`;
  return { username, credential: turnPassword(secret, username), expiresAt };
}
