// @ts-check
/**
 * The addresses people can type to reach the relay: localhost and the machine's LAN IPv4s
 * when it listens on every interface, else the one address it is bound to.
 */
import { networkInterfaces } from 'node:os';
import { urlHost } from './http.js';

/** Bind addresses that mean "every interface". */
const wildcardHosts = new Set(['0.0.0.0', '::', '[::]', '']);

/** Non-internal IPv4 addresses of this machine, e.g. `['192.168.1.5']`. */
export function lanAddresses() {
  /** @type {string[]} */
  const found = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address);
    }
  }
  return found;
}

/**
 * Base URLs (no trailing slash) for a server bound to `host:port`.
 *
 * @param {string} scheme `http`, `https`, `ws`, `wss`, …
 * @param {string} host The bind address.
 * @param {number} port The bound port.
 * @returns {string[]}
 */
export function reachableUrls(scheme, host, port) {
  const hosts = wildcardHosts.has(host) ? ['localhost', ...lanAddresses()] : [urlHost(host)];
  return hosts.map((h) => `${scheme}://${h}:${port}`);
}
