// @ts-check
/**
 * Porthole relay: a WebSocket topic fan-out, a STUN responder and a static host for the
 * built PWA, in one process. `createRelay(options)` starts everything.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolveConfig } from './config.js';
import { createHttpHandler } from './http.js';
import { createStunServer } from './stun.js';
import { reachableUrls } from './urls.js';
import { attachWebSocket } from './websocket.js';

export { configFromEnv, defaults } from './config.js';
export { closeCodes, errorCodes } from './frames.js';

/**
 * A running relay.
 *
 * @typedef {object} Relay
 * @property {Promise<void>} ready Resolves when HTTP(S)+WebSocket and STUN listen; rejects if either cannot (call close() then).
 * @property {() => Promise<void>} close Terminates every socket without publishing wills, closes the servers.
 * @property {number} httpPort The bound HTTP(S) port (the configured one until ready).
 * @property {number | undefined} stunPort The bound STUN port; undefined when STUN is off.
 * @property {() => string[]} urls Base URLs of the app, e.g. `['http://localhost:8080', 'http://192.168.1.5:8080']`.
 * @property {() => { connections: number, topics: number, forwarded: number }} stats Open WebSockets, topics with subscribers, `msg` frames delivered.
 * @property {() => 'up' | 'down' | undefined} redisState Whether Redis is reachable; undefined without REDIS_URL.
 * @property {() => Promise<void>} whenRedisUp Resolves once Redis is reachable (at once without REDIS_URL).
 */

/**
 * Starts a relay.
 *
 * Options (all optional; see `defaults` in config.js and the README for the env names):
 * - `httpHost` = `'0.0.0.0'`: bind address of HTTP(S) and `/ws`.
 * - `httpPort` = `8080`: HTTP(S) port; 0 = ephemeral.
 * - `stunHost` = httpHost: bind address of STUN.
 * - `stunPort` = `3478`: STUN UDP port; 0 = ephemeral; `false` = no STUN.
 * - `staticDir` = `<repo>/dist`: the built PWA.
 * - `tlsCert`, `tlsKey` = none: PEM file paths; both given = HTTPS and WSS.
 * - `token` = none: WebSocket clients must present it (`porthole.token.*` subprotocol, Bearer, or deprecated `?token=`).
 * - `healthToken` = none: Bearer token that unlocks the counts of `/healthz` (unset: `token` does).
 * - `turnUrls` = `[]`, with `turnSecret` (+ `turnTtlSeconds` = 3600: minted short-lived credentials)
 *   or `turnUsername` + `turnCredential` (long-term): TURN server advertised by `/api/config`.
 * - `redisUrl` = none: share topics with other relay instances through Redis; `redisPrefix` = `'porthole:'`.
 * - `trustedProxies` = `[]`: proxies whose `X-Forwarded-For` names the client address.
 * - `serveSourceMaps` = `false`: `*.map` files of the app are 404 unless set.
 * - `maxFrameBytes` = `65536`: larger frames close the socket with 1009.
 * - `maxTopicsPerSocket` = `8`, `maxSubscribersPerTopic` = `8`, `maxTopicLength` = `128`.
 * - `maxMessagesPerSecond` = `50`, `messageBurst` = `100`: per-socket token bucket.
 * - `maxMessagesPerSecondPerIp` = `200`, `messageBurstPerIp` = `400`: per-address token bucket.
 * - `maxConnectionsPerIp` = `64`: more WebSockets from one address (IPv6: /64) are closed with 1008.
 * - `maxConnectsPerSecondPerIp` = `10`: more upgrade attempts get HTTP 429.
 * - `maxWillBytesPerSocket` = `16384`, `maxWillBytesTotal` = 32 MiB: will budgets.
 * - `pingIntervalMs` = `15000`: a socket that has not answered the previous ping is terminated.
 *
 * @param {import('./config.js').RelayOptions} [options]
 * @returns {Relay}
 * @throws {Error} At once, when an option is invalid or a TLS file cannot be read.
 */
export function createRelay(options = {}) {
  const config = resolveConfig(options);
  const tls =
    config.tlsCert !== undefined && config.tlsKey !== undefined
      ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
      : undefined;
  const server = tls ? createHttpsServer(tls) : createHttpServer();
  const stun =
    config.stunPort === false
      ? undefined
      : createStunServer({ host: config.stunHost ?? config.httpHost, port: config.stunPort });
  const sockets = attachWebSocket(server, config);
  server.on(
    'request',
    createHttpHandler({
      config,
      stunPort: () => stun?.port,
      stats: () => sockets.stats(),
      redis: () => sockets.session.redisState(),
      tls: tls !== undefined,
    }),
  );
  // ioredis is loaded only when REDIS_URL is set (a single process is the default and needs none).
  const bus =
    config.redisUrl === undefined
      ? undefined
      : import('./redis-bus.js').then(({ createRedisBus }) => {
          const created = createRedisBus({
            url: /** @type {string} */ (config.redisUrl),
            prefix: config.redisPrefix,
            host: sockets.session.busHost,
          });
          sockets.session.attachBus(created);
          return created;
        });

  const listening = new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort, config.httpHost, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const ready = Promise.all([listening, stun?.ready, bus]).then(() => undefined);
  /** @type {Promise<void> | undefined} */
  let closed;

  return {
    ready,
    close() {
      closed ??= (async () => {
        await ready.catch(() => undefined);
        await sockets.close();
        await (await bus?.catch(() => undefined))?.close();
        await new Promise((resolve) => {
          server.close(() => resolve(undefined));
          server.closeAllConnections();
        });
        await stun?.close();
      })();
      return closed;
    },
    get httpPort() {
      const address = server.address();
      return typeof address === 'object' && address !== null ? address.port : config.httpPort;
    },
    get stunPort() {
      return stun?.port;
    },
    urls() {
      return reachableUrls(tls ? 'https' : 'http', config.httpHost, this.httpPort);
    },
    stats() {
      return sockets.stats();
    },
    redisState() {
      return sockets.session.redisState();
    },
    async whenRedisUp() {
      await (await bus)?.whenUp();
    },
  };
}
