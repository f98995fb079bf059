// @ts-check
/**
 * The relay's configuration: one defaults object, environment parsing, option validation.
 * Every setting has one camelCase option name (for createRelay) and one env variable.
 */
import { fileURLToPath } from 'node:url';
import { checkCluster, checkTls, checkTurn } from './config-checks.js';

/**
 * A complete relay configuration (createRelay's options are a partial one).
 *
 * @typedef {object} RelayConfig
 * @property {string} httpHost Address the HTTP(S)+WebSocket server binds (`HTTP_HOST`).
 * @property {number} httpPort HTTP(S) port; 0 = ephemeral (`HTTP_PORT`).
 * @property {string | undefined} stunHost Address the STUN server binds; undefined = httpHost (`STUN_HOST`).
 * @property {number | false} stunPort UDP port for STUN; 0 = ephemeral, false = no STUN (`STUN_PORT`, `off`).
 * @property {string} staticDir Directory of the built PWA (`STATIC_DIR`).
 * @property {string | undefined} tlsCert Path of a PEM certificate; with tlsKey, serve HTTPS/WSS (`TLS_CERT`).
 * @property {string | undefined} tlsKey Path of the PEM private key (`TLS_KEY`).
 * @property {string | undefined} token Access token WebSocket clients must present (`RELAY_TOKEN`).
 * @property {string[]} turnUrls TURN URLs advertised by /api/config (`TURN_URLS`, comma list).
 * @property {string | undefined} turnUsername TURN username (`TURN_USERNAME`).
 * @property {string | undefined} turnCredential TURN credential (`TURN_CREDENTIAL`).
 * @property {string | undefined} turnSecret Shared secret of coturn's `static-auth-secret`: /api/config mints short-lived TURN credentials with it (`TURN_SECRET`).
 * @property {number} turnTtlSeconds Lifetime of a minted TURN credential (`TURN_TTL_SECONDS`).
 * @property {string | undefined} healthToken Token that unlocks the counts of /healthz; unset = RELAY_TOKEN does (`HEALTH_TOKEN`).
 * @property {string | undefined} redisUrl Redis (or Valkey) URL shared by several relay instances; unset = one process (`REDIS_URL`).
 * @property {string} redisPrefix Prefix of every Redis key and channel this deployment uses (`REDIS_PREFIX`).
 * @property {string[]} trustedProxies Addresses of reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`, comma list).
 * @property {boolean} serveSourceMaps Serve `*.map` files of the app (`SERVE_SOURCE_MAPS`); off = 404.
 * @property {number} maxFrameBytes Largest WebSocket frame accepted; bigger closes with 1009 (`MAX_FRAME_BYTES`).
 * @property {number} maxTopicsPerSocket Topics one socket may join at once (`MAX_TOPICS_PER_SOCKET`).
 * @property {number} maxSubscribersPerTopic Sockets one topic may hold (`MAX_SUBSCRIBERS_PER_TOPIC`).
 * @property {number} maxMessagesPerSecond Token-bucket refill rate per socket (`MAX_MESSAGES_PER_SECOND`).
 * @property {number} messageBurst Token-bucket size per socket (`MESSAGE_BURST`).
 * @property {number} maxConnectionsPerIp WebSockets one remote address (IPv6: one /64) may hold (`MAX_CONNECTIONS_PER_IP`).
 * @property {number} maxConnectsPerSecondPerIp WebSocket upgrades one address may attempt per second, bursts up to maxConnectionsPerIp + this (`MAX_CONNECTS_PER_SECOND_PER_IP`).
 * @property {number} maxMessagesPerSecondPerIp Token-bucket refill rate shared by all sockets of one address (`MAX_MESSAGES_PER_SECOND_PER_IP`).
 * @property {number} messageBurstPerIp Token-bucket size shared by all sockets of one address (`MESSAGE_BURST_PER_IP`).
 * @property {number} maxWillBytesPerSocket Bytes of wills one socket may register, all its topics together (`MAX_WILL_BYTES_PER_SOCKET`).
 * @property {number} maxWillBytesTotal Bytes of wills the relay holds, all sockets together (`MAX_WILL_BYTES_TOTAL`).
 * @property {number} pingIntervalMs Ping period; a socket silent for one period is terminated (`PING_INTERVAL_MS`).
 * @property {number} maxTopicLength Longest topic name, in characters (`MAX_TOPIC_LENGTH`).
 * @property {number} maxBufferedBytes Bytes queued to one socket that has stopped reading before it is dropped (`MAX_BUFFERED_BYTES`).
 */

/** @typedef {Partial<RelayConfig>} RelayOptions Options of createRelay: any subset of RelayConfig. */

/** `<relay>/../dist`: the PWA built by `npm run build` at the repository root. */
const defaultStaticDir = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * Every setting with its default.
 *
 * @type {Readonly<RelayConfig>}
 */
export const defaults = Object.freeze({
  httpHost: '0.0.0.0',
  httpPort: 8080,
  stunHost: undefined,
  stunPort: 3478,
  staticDir: defaultStaticDir,
  tlsCert: undefined,
  tlsKey: undefined,
  token: undefined,
  turnUrls: [],
  turnUsername: undefined,
  turnCredential: undefined,
  turnSecret: undefined,
  turnTtlSeconds: 3600,
  healthToken: undefined,
  redisUrl: undefined,
  redisPrefix: 'porthole:',
  trustedProxies: [],
  serveSourceMaps: false,
  maxFrameBytes: 65_536,
  maxTopicsPerSocket: 8,
  maxSubscribersPerTopic: 8,
  maxMessagesPerSecond: 50,
  messageBurst: 100,
  maxConnectionsPerIp: 64,
  maxConnectsPerSecondPerIp: 10,
  maxMessagesPerSecondPerIp: 200,
  messageBurstPerIp: 400,
  maxWillBytesPerSocket: 16_384,
  maxWillBytesTotal: 32 * 1024 * 1024,
  pingIntervalMs: 15_000,
  maxTopicLength: 128,
  maxBufferedBytes: 1_048_576,
});

/** @typedef {'httpPort' | 'stunPort' | 'maxFrameBytes' | 'maxTopicsPerSocket' | 'maxSubscribersPerTopic' | 'maxMessagesPerSecond' | 'messageBurst' | 'maxConnectionsPerIp' | 'maxConnectsPerSecondPerIp' | 'maxMessagesPerSecondPerIp' | 'messageBurstPerIp' | 'maxWillBytesPerSocket' | 'maxWillBytesTotal' | 'pingIntervalMs' | 'maxTopicLength' | 'maxBufferedBytes' | 'turnTtlSeconds'} IntegerKey */
/** @typedef {'httpHost' | 'stunHost' | 'staticDir' | 'tlsCert' | 'tlsKey' | 'token' | 'turnUsername' | 'turnCredential' | 'turnSecret' | 'healthToken' | 'redisUrl' | 'redisPrefix'} StringKey */

/**
 * Integer settings: env name and accepted range (inclusive).
 *
 * @type {ReadonlyArray<{ key: IntegerKey, env: string, min: number, max: number }>}
 */
export const integerSettings = Object.freeze([
  { key: 'httpPort', env: 'HTTP_PORT', min: 0, max: 65_535 },
  { key: 'stunPort', env: 'STUN_PORT', min: 0, max: 65_535 },
  { key: 'maxFrameBytes', env: 'MAX_FRAME_BYTES', min: 1024, max: 16 * 1024 * 1024 },
  { key: 'maxTopicsPerSocket', env: 'MAX_TOPICS_PER_SOCKET', min: 1, max: 10_000 },
  { key: 'maxSubscribersPerTopic', env: 'MAX_SUBSCRIBERS_PER_TOPIC', min: 1, max: 10_000 },
  { key: 'maxMessagesPerSecond', env: 'MAX_MESSAGES_PER_SECOND', min: 1, max: 1_000_000 },
  { key: 'messageBurst', env: 'MESSAGE_BURST', min: 1, max: 1_000_000 },
  { key: 'maxConnectionsPerIp', env: 'MAX_CONNECTIONS_PER_IP', min: 1, max: 1_000_000 },
  { key: 'maxConnectsPerSecondPerIp', env: 'MAX_CONNECTS_PER_SECOND_PER_IP', min: 1, max: 1_000_000 },
  { key: 'maxMessagesPerSecondPerIp', env: 'MAX_MESSAGES_PER_SECOND_PER_IP', min: 1, max: 10_000_000 },
  { key: 'messageBurstPerIp', env: 'MESSAGE_BURST_PER_IP', min: 1, max: 10_000_000 },
  { key: 'maxWillBytesPerSocket', env: 'MAX_WILL_BYTES_PER_SOCKET', min: 0, max: 16 * 1024 * 1024 },
  { key: 'maxWillBytesTotal', env: 'MAX_WILL_BYTES_TOTAL', min: 0, max: 16 * 1024 * 1024 * 1024 },
  { key: 'turnTtlSeconds', env: 'TURN_TTL_SECONDS', min: 60, max: 7 * 86_400 },
  { key: 'pingIntervalMs', env: 'PING_INTERVAL_MS', min: 50, max: 3_600_000 },
  { key: 'maxTopicLength', env: 'MAX_TOPIC_LENGTH', min: 1, max: 4096 },
  { key: 'maxBufferedBytes', env: 'MAX_BUFFERED_BYTES', min: 1024, max: 1024 * 1024 * 1024 },
]);

/**
 * String settings and their env names.
 *
 * @type {ReadonlyArray<{ key: StringKey, env: string }>}
 */
export const stringSettings = Object.freeze([
  { key: 'httpHost', env: 'HTTP_HOST' },
  { key: 'stunHost', env: 'STUN_HOST' },
  { key: 'staticDir', env: 'STATIC_DIR' },
  { key: 'tlsCert', env: 'TLS_CERT' },
  { key: 'tlsKey', env: 'TLS_KEY' },
  { key: 'token', env: 'RELAY_TOKEN' },
  { key: 'turnUsername', env: 'TURN_USERNAME' },
  { key: 'turnCredential', env: 'TURN_CREDENTIAL' },
  { key: 'turnSecret', env: 'TURN_SECRET' },
  { key: 'healthToken', env: 'HEALTH_TOKEN' },
  { key: 'redisUrl', env: 'REDIS_URL' },
  { key: 'redisPrefix', env: 'REDIS_PREFIX' },
]);

/** Words accepted for a boolean setting. */
const booleanWords = Object.freeze({ on: ['1', 'true', 'yes', 'on'], off: ['0', 'false', 'no', 'off'] });

/** Words that turn STUN off when given as STUN_PORT. */
const stunOffWords = new Set(['off', 'false', 'no', 'none', 'disabled']);

/**
 * Reads the configuration from environment variables (empty values count as unset).
 *
 * @param {Record<string, string | undefined>} env Usually `process.env`.
 * @returns {RelayConfig} The full configuration.
 * @throws {Error} Naming the variable and its bad value.
 */
export function configFromEnv(env) {
  /** @type {RelayOptions} */
  const options = {};
  const get = (/** @type {string} */ name) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  for (const { key, env: name } of stringSettings) {
    const value = get(name);
    if (value !== undefined) options[key] = value;
  }
  for (const { key, env: name, min, max } of integerSettings) {
    const raw = get(name);
    if (raw === undefined) continue;
    if (key === 'stunPort' && stunOffWords.has(raw.toLowerCase())) {
      options.stunPort = false;
      continue;
    }
    if (!/^\d+$/.test(raw)) {
      throw new Error(`${name}=${JSON.stringify(raw)} is not a whole number (expected ${min}..${max})`);
    }
    const value = Number(raw);
    if (value < min || value > max) {
      throw new Error(`${name}=${raw} is out of range (expected ${min}..${max})`);
    }
    options[key] = value;
  }
  const list = (/** @type {string} */ name) =>
    get(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  options.turnUrls = list('TURN_URLS');
  options.trustedProxies = list('TRUSTED_PROXIES');
  const sourceMaps = get('SERVE_SOURCE_MAPS')?.toLowerCase();
  if (sourceMaps !== undefined) {
    if (booleanWords.on.includes(sourceMaps)) options.serveSourceMaps = true;
    else if (booleanWords.off.includes(sourceMaps)) options.serveSourceMaps = false;
    else throw new Error(`SERVE_SOURCE_MAPS=${JSON.stringify(sourceMaps)} is not a boolean (expected 1/0, true/false)`);
  }
  return resolveConfig(options, envNames);
}

/** Env variable name of every option, for error messages from configFromEnv. */
const envNames = Object.freeze({
  ...Object.fromEntries([...integerSettings, ...stringSettings].map(({ key, env }) => [key, env])),
  turnUrls: 'TURN_URLS',
  trustedProxies: 'TRUSTED_PROXIES',
  serveSourceMaps: 'SERVE_SOURCE_MAPS',
});

/**
 * Merges options over the defaults and validates the result.
 *
 * @param {RelayOptions} [options] Any subset of RelayConfig; undefined values take the default.
 * @param {Record<string, string>} [names] How to name each option in errors (env names or option names).
 * @returns {RelayConfig} A full, checked configuration (stunHost resolved, arrays copied).
 * @throws {Error} Naming the option and its bad value.
 */
export function resolveConfig(options = {}, names = {}) {
  const label = (/** @type {string} */ key) => names[key] ?? key;
  /** @type {Record<string, unknown>} */
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in defaults)) throw new Error(`unknown relay option ${JSON.stringify(key)}`);
    if (value !== undefined) merged[key] = value;
  }
  for (const { key, min, max } of integerSettings) {
    const value = merged[key];
    if (key === 'stunPort' && value === false) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${label(key)}=${String(value)} is invalid (expected a whole number ${min}..${max})`);
    }
  }
  for (const { key } of stringSettings) {
    const value = merged[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new Error(`${label(key)}=${JSON.stringify(value)} is invalid (expected a non-empty string)`);
    }
  }
  const config = /** @type {RelayConfig} */ (merged);
  config.stunHost ??= config.httpHost;
  checkTurn(config, label);
  checkTls(config, label);
  checkCluster(config, label);
  if (typeof config.serveSourceMaps !== 'boolean') {
    throw new Error(`${label('serveSourceMaps')}=${String(config.serveSourceMaps)} is invalid (expected a boolean)`);
  }
  return config;
}
