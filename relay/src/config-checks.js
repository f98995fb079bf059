// @ts-check
/**
 * Cross-setting checks of a merged configuration (config.js): TURN credentials of one kind,
 * both TLS files readable, a Redis URL and proxy addresses that parse.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { normalizeAddress } from './address.js';

/**
 * TURN URLs must be turn:/turns: URLs and come with a username and credential.
 *
 * @param {import('./config.js').RelayConfig} config
 * @param {(key: string) => string} label
 */
export function checkTurn(config, label) {
  if (!Array.isArray(config.turnUrls)) {
    throw new Error(`${label('turnUrls')} is invalid (expected a list of turn: URLs)`);
  }
  config.turnUrls = [...config.turnUrls];
  for (const url of config.turnUrls) {
    if (typeof url !== 'string' || !/^turns?:[^\s,]+$/.test(url)) {
      throw new Error(
        `${label('turnUrls')} has an invalid entry ${JSON.stringify(url)} (expected turn:host:port or turns:host:port)`,
      );
    }
  }
  const hasUrls = config.turnUrls.length > 0;
  const longTerm = config.turnUsername !== undefined || config.turnCredential !== undefined;
  if (config.turnSecret !== undefined && longTerm) {
    throw new Error(
      `${label('turnSecret')} and ${label('turnUsername')}/${label('turnCredential')} are both set (use one kind of TURN credential)`,
    );
  }
  if (config.turnSecret !== undefined && !hasUrls) {
    throw new Error(`${label('turnSecret')} is set but ${label('turnUrls')} is empty`);
  }
  if (config.turnSecret !== undefined) return;
  for (const key of /** @type {const} */ (['turnUsername', 'turnCredential'])) {
    if (hasUrls && config[key] === undefined) {
      throw new Error(
        `${label('turnUrls')} is set but ${label(key)} is missing (browsers require both for TURN; or set ${label('turnSecret')})`,
      );
    }
    if (!hasUrls && config[key] !== undefined) {
      throw new Error(`${label(key)} is set but ${label('turnUrls')} is empty`);
    }
  }
}

/**
 * REDIS_URL must be a redis:// (or rediss://, unix://) URL; proxies must be IP addresses.
 *
 * @param {import('./config.js').RelayConfig} config
 * @param {(key: string) => string} label
 */
export function checkCluster(config, label) {
  if (config.redisUrl !== undefined && !/^(?:rediss?|unix):\/\/\S+$/.test(config.redisUrl)) {
    throw new Error(`${label('redisUrl')}=${JSON.stringify(config.redisUrl)} is invalid (expected redis://host:port)`);
  }
  if (!Array.isArray(config.trustedProxies)) {
    throw new Error(`${label('trustedProxies')} is invalid (expected a list of IP addresses)`);
  }
  config.trustedProxies = config.trustedProxies.map((address) => {
    if (typeof address !== 'string' || isIP(address) === 0) {
      throw new Error(
        `${label('trustedProxies')} has an invalid entry ${JSON.stringify(address)} (expected an IP address)`,
      );
    }
    return normalizeAddress(address);
  });
}

/**
 * TLS needs both files, and both must be readable.
 *
 * @param {import('./config.js').RelayConfig} config
 * @param {(key: string) => string} label
 */
export function checkTls(config, label) {
  const { tlsCert, tlsKey } = config;
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    const [given, missing] = tlsCert === undefined ? ['tlsKey', 'tlsCert'] : ['tlsCert', 'tlsKey'];
    throw new Error(`${label(given)} is set but ${label(missing)} is missing (HTTPS needs both)`);
  }
  for (const key of /** @type {const} */ (['tlsCert', 'tlsKey'])) {
    const path = config[key];
    if (path === undefined) continue;
    try {
      readFileSync(path);
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new Error(`${label(key)}=${path} cannot be read (${reason})`);
    }
  }
}
