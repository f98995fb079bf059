// @ts-check
/**
 * Who a connection counts as: the remote address (or, behind a trusted proxy, the client address
 * it forwards), reduced to a counting key — an IPv4 address, or an IPv6 /64 (one customer's
 * prefix: counting IPv6 addresses one by one would let one host use billions of them).
 */
import { isIP } from 'node:net';

/**
 * Normalizes a socket's remote address (IPv4-mapped IPv6 → IPv4) so both forms share a count.
 *
 * @param {string | undefined} address `socket.remoteAddress`.
 * @returns {string}
 */
export function normalizeAddress(address) {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The eight 16-bit groups of an IPv6 address (zone id dropped, embedded IPv4 converted);
 * undefined when it is not one.
 *
 * @param {string} address
 * @returns {number[] | undefined}
 */
export function ipv6Groups(address) {
  const bare = address.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return undefined;
  let text = bare;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${(((a ?? 0) << 8) | (b ?? 0)).toString(16)}:${(((c ?? 0) << 8) | (d ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => Number.parseInt(g, 16));
}

/**
 * The key an address is counted under: IPv4 as is, IPv6 as its /64 (`2001:db8:1:2::/64`).
 *
 * @param {string} address A normalized address (see normalizeAddress).
 * @returns {string}
 */
export function addressKey(address) {
  const groups = ipv6Groups(address);
  if (groups === undefined) return address;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * The client address of a request: the TCP peer, or — when the peer is one of `trustedProxies` —
 * the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {ReadonlySet<string>} trustedProxies Normalized proxy addresses (empty = trust none).
 * @returns {string} Normalized address.
 */
export function clientAddress(req, trustedProxies) {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (trustedProxies.size === 0 || !trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalizeAddress(hop.trim().replace(/^\[(.*)\](?::\d+)?$/, '$1')))
    .filter((hop) => isIP(hop.replace(/%.*$/, '')) !== 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = /** @type {string} */ (hops[i]);
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}
