// @ts-check
/**
 * The HTTP routes: `/api/config` (ICE servers and relay info), `/healthz`, CORS for both,
 * security headers on everything, and everything else to the static app.
 */
import { bearerToken, presentedToken, tokenMatches } from './auth.js';
import { securityHeaders } from './headers.js';
import { createStaticHandler, sendText } from './static.js';
import { mintTurnCredential } from './turn.js';

/** Path of the WebSocket endpoint. */
export const wsPath = '/ws';

/** Methods the relay answers. */
const allowedMethods = 'GET, HEAD, OPTIONS';

/**
 * What the HTTP routes need to know about the running relay.
 *
 * @typedef {object} HttpContext
 * @property {import('./config.js').RelayConfig} config The relay's configuration.
 * @property {() => number | undefined} stunPort The bound STUN port; undefined when STUN is off.
 * @property {() => { connections: number, topics: number }} stats Live counters for /healthz.
 * @property {() => 'up' | 'down' | undefined} redis Redis state; undefined when REDIS_URL is not set.
 * @property {boolean} tls Whether the server speaks HTTPS (adds HSTS).
 */

/**
 * Host part of a Host header (port removed, IPv6 bracketed); undefined when absent or odd.
 *
 * @param {string | undefined} header
 */
export function hostFromHeader(header) {
  if (header === undefined) return undefined;
  const bracketed = /^\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\](?::\d+)?$/.exec(header);
  if (bracketed) return `[${bracketed[1]}]`;
  const plain = /^([A-Za-z0-9.-]+)(?::\d+)?$/.exec(header);
  return plain?.[1];
}

/**
 * Formats an address for a URL: IPv6 literals get brackets.
 *
 * @param {string} host
 */
export function urlHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The body of `GET /api/config` for a request that arrived with `host`. TURN credentials go only
 * to callers that may use the relay: anyone when no RELAY_TOKEN is set, else those presenting it.
 * With TURN_SECRET they are minted per request and expire after TURN_TTL_SECONDS.
 *
 * @param {HttpContext} context
 * @param {string} host Bracketed if IPv6.
 * @param {boolean} authorized Whether the caller presented the token (or none is needed).
 * @param {number} [nowMs] Clock (for tests).
 */
export function clientConfig(context, host, authorized, nowMs = Date.now()) {
  const { config } = context;
  /** @type {Array<{ urls: string | string[], username?: string, credential?: string }>} */
  const iceServers = [];
  const stunPort = context.stunPort();
  if (stunPort !== undefined) iceServers.push({ urls: `stun:${host}:${stunPort}` });
  if (config.turnUrls.length > 0 && authorized) {
    const { username, credential } =
      config.turnSecret === undefined
        ? { username: config.turnUsername ?? '', credential: config.turnCredential ?? '' }
        : mintTurnCredential(config.turnSecret, config.turnTtlSeconds, { nowMs });
    iceServers.push({ urls: [...config.turnUrls], username, credential });
  }
  return { iceServers, relay: { path: wsPath, tokenRequired: config.token !== undefined } };
}

/**
 * The body of `GET /healthz`: liveness for anyone (plus the Redis state when clustered), the
 * counts only for the operator (Bearer HEALTH_TOKEN, or RELAY_TOKEN when HEALTH_TOKEN is unset).
 *
 * @param {HttpContext} context
 * @param {import('node:http').IncomingMessage} req
 */
export function healthBody(context, req) {
  const redis = context.redis();
  /** @type {{ ok: true, redis?: 'up' | 'down', connections?: number, topics?: number }} */
  const body = redis === undefined ? { ok: true } : { ok: true, redis };
  const operatorToken = context.config.healthToken ?? context.config.token;
  if (operatorToken !== undefined && tokenMatches(bearerToken(req), operatorToken)) {
    const { connections, topics } = context.stats();
    Object.assign(body, { connections, topics });
  }
  return body;
}

/**
 * Creates the request listener for the HTTP(S) server.
 *
 * @param {HttpContext} context
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createHttpHandler(context) {
  const serveStatic = createStaticHandler(context.config.staticDir, {
    serveSourceMaps: context.config.serveSourceMaps,
  });
  const headers = Object.entries(securityHeaders({ tls: context.tls }));

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function route(req, res) {
    const target = req.url ?? '/';
    const rawPath = target.split(/[?#]/, 1)[0] ?? '/';
    const isApi = rawPath === '/healthz' || rawPath === '/api' || rawPath.startsWith('/api/');
    for (const [name, value] of headers) res.setHeader(name, value);
    if (isApi) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', allowedMethods);
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Porthole-Token');
      res.setHeader('Access-Control-Max-Age', '86400');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: allowedMethods }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', allowedMethods);
      return sendText(res, 405, 'method not allowed\n');
    }
    if (rawPath === '/healthz') return sendJson(res, healthBody(context, req));
    if (rawPath === '/api/config') {
      const host = hostFromHeader(req.headers.host) ?? urlHost(req.socket.localAddress ?? '127.0.0.1');
      const { token } = context.config;
      const authorized = token === undefined || tokenMatches(presentedToken(req), token);
      return sendJson(res, clientConfig(context, host, authorized));
    }
    if (isApi) return sendText(res, 404, 'not found\n');
    if (rawPath === wsPath) res.setHeader('Upgrade', 'websocket');
    if (rawPath === wsPath) return sendText(res, 426, 'this is the WebSocket endpoint: connect with ws:// or wss://\n');
    return serveStatic(req, res, rawPath);
  }

  return (req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
}

/**
 * Answers 200 with a JSON body, never cached.
 *
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} body
 */
function sendJson(res, body) {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
