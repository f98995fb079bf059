// @ts-check
/**
 * The relay's STUN responder: answers RFC 8489 Binding requests over UDP with the client's
 * reflexive address (XOR-MAPPED-ADDRESS), so browsers can gather server-reflexive candidates
 * without any third-party STUN server. Everything else is dropped silently.
 *
 * Choices (documented here because RFC 8489 leaves room, and a public UDP port is an
 * amplification target):
 * - No amplification: a response is sent only if it is at most 2× the request's size
 *   (`MAX_AMPLIFICATION_FACTOR`). IPv4 answers are 32 bytes, so every valid request (≥ 20 bytes)
 *   is answered. IPv6 answers are 44 bytes, so a bare 20-byte IPv6 request is dropped; requests
 *   with any attribute (≥ 24 bytes; browsers send far more) are answered. No SOFTWARE attribute.
 * - FINGERPRINT: echoed (and its CRC-32 computed) only when the request carried one. A request
 *   whose FINGERPRINT is wrong or not the last attribute is dropped: it is not STUN.
 * - MESSAGE-INTEGRITY(-SHA256) / USERNAME: this server has no credentials. A reflexive address
 *   is no secret (it is the sender's own address), so such requests are answered without
 *   integrity, like any Binding request; browsers send none to STUN servers anyway.
 * - Unknown comprehension-required attributes (incl. RFC 5780 CHANGE-REQUEST): RFC 8489 asks for
 *   a 420 error response; we drop instead — no extra traffic for requests we will not honour.
 * - Indications, responses, other methods, classic RFC 3489 messages (no magic cookie),
 *   malformed lengths, source port 0: dropped.
 */

import dgram from 'node:dgram';
import {
  ATTR_FINGERPRINT,
  ATTR_MESSAGE_INTEGRITY,
  ATTR_MESSAGE_INTEGRITY_SHA256,
  BINDING_REQUEST,
  COMPREHENSION_OPTIONAL_MIN,
  FAMILY_IPV4,
  FAMILY_IPV6,
  KNOWN_COMPREHENSION_REQUIRED,
} from './stun-constants.js';
import { encodeBindingSuccess, parseStunMessage, verifyFingerprint } from './stun-message.js';

export { BINDING_REQUEST, BINDING_SUCCESS_RESPONSE, FAMILY_IPV4, FAMILY_IPV6, MAGIC_COOKIE } from './stun-constants.js';
export {
  decodeXorMappedAddress,
  encodeBindingSuccess,
  parseStunMessage,
  stunFingerprint,
  verifyFingerprint,
} from './stun-message.js';

/** A response is sent only if it is at most this many times the request's size. */
export const MAX_AMPLIFICATION_FACTOR = 2;
/** Default UDP port of the responder (the STUN well-known port). */
export const DEFAULT_STUN_PORT = 3478;
/** Prefix of an IPv4-mapped IPv6 address as reported by a dual-stack socket. */
const IPV4_MAPPED_PREFIX = '::ffff:';
/** Bind errors that are about the address/port itself, where falling back to udp4 cannot help. */
const NO_FALLBACK_ERROR_CODES = new Set(['EADDRINUSE', 'EACCES']);

/**
 * The client's address as STUN reports it: IPv4-mapped IPv6 (from a dual-stack socket) is
 * unmapped to plain IPv4 with family 0x01; anything with a colon is IPv6 (family 0x02).
 * @param {string} address as in dgram's `rinfo.address`
 * @returns {{ family: import('./stun-message.js').StunFamily, address: string }}
 */
export function reflexiveAddress(address) {
  if (address.toLowerCase().startsWith(IPV4_MAPPED_PREFIX) && address.includes('.')) {
    return { family: FAMILY_IPV4, address: address.slice(IPV4_MAPPED_PREFIX.length) };
  }
  return address.includes(':') ? { family: FAMILY_IPV6, address } : { family: FAMILY_IPV4, address };
}

/**
 * The Binding success response to send back for `datagram` from `address`:`port`, or
 * `undefined` to drop it (see the policy at the top of this file). Never throws.
 * @param {Buffer} datagram
 * @param {string} address the sender's address (`rinfo.address`)
 * @param {number} port the sender's port (`rinfo.port`)
 * @returns {Buffer | undefined}
 */
export function answerBindingRequest(datagram, address, port) {
  try {
    const message = parseStunMessage(datagram);
    if (!message || message.type !== BINDING_REQUEST) return undefined;
    if (!Number.isInteger(port) || port <= 0 || port > 0xffff) return undefined;
    const { attributes } = message;
    const fingerprintIndex = attributes.findIndex((a) => a.type === ATTR_FINGERPRINT);
    const hasFingerprint = fingerprintIndex !== -1;
    if (hasFingerprint && (fingerprintIndex !== attributes.length - 1 || !verifyFingerprint(datagram))) {
      return undefined;
    }
    for (const { type } of attributes) {
      // RFC 8489 §14.5/§14.6: attributes after the integrity attribute are ignored.
      if (type === ATTR_MESSAGE_INTEGRITY || type === ATTR_MESSAGE_INTEGRITY_SHA256) break;
      if (type < COMPREHENSION_OPTIONAL_MIN && !KNOWN_COMPREHENSION_REQUIRED.has(type)) return undefined;
    }
    const mapped = reflexiveAddress(address);
    const response = encodeBindingSuccess(message.transactionId, mapped.address, port, mapped.family, {
      fingerprint: hasFingerprint,
    });
    return response.length <= MAX_AMPLIFICATION_FACTOR * datagram.length ? response : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} StunServerOptions
 * @property {string} [host] bind address; '0.0.0.0' or '::' = all interfaces, dual-stack if possible
 * @property {number} [port] UDP port; 0 = ephemeral
 * @property {(message: string) => void} [log] where the first socket error is reported
 *
 * @typedef {object} StunServer
 * @property {Promise<void>} ready resolves once bound; rejects if binding fails
 * @property {() => Promise<void>} close stops listening (idempotent)
 * @property {number} port the bound port (the requested one until bound)
 * @property {() => { answered: number, dropped: number }} stats datagrams answered / dropped so far
 */

/**
 * Starts a STUN Binding responder on UDP `host`:`port` (defaults 0.0.0.0:3478).
 * @param {StunServerOptions} [options]
 * @returns {StunServer}
 */
export function createStunServer({ host = '0.0.0.0', port = DEFAULT_STUN_PORT, log = (m) => console.error(m) } = {}) {
  let answered = 0;
  let dropped = 0;
  let boundPort = port;
  let errorLogged = false;
  /** @type {dgram.Socket | undefined} */
  let socket;
  /** @type {Promise<void> | undefined} */
  let closing;

  /** @param {Error} err */
  const logOnce = (err) => {
    if (errorLogged) return;
    errorLogged = true;
    try {
      log(`stun: socket error (further errors not logged): ${err.message}`);
    } catch {
      /* ignore */
    }
  };

  /** @param {Buffer} datagram @param {dgram.RemoteInfo} rinfo */
  const onMessage = (datagram, rinfo) => {
    const response = answerBindingRequest(datagram, rinfo.address, rinfo.port);
    if (!response || !socket) {
      dropped++;
      return;
    }
    answered++;
    try {
      socket.send(response, rinfo.port, rinfo.address, (err) => {
        if (err) {
          answered--;
          dropped++;
          logOnce(err);
        }
      });
    } catch (err) {
      answered--;
      dropped++;
      logOnce(/** @type {Error} */ (err));
    }
  };

  /**
   * Binds one socket; resolves with it once listening.
   * @param {dgram.SocketType} type @param {string} address @param {boolean} dualStack
   * @returns {Promise<dgram.Socket>}
   */
  const bind = (type, address, dualStack) =>
    new Promise((resolve, reject) => {
      const s = dgram.createSocket(dualStack ? { type, ipv6Only: false } : { type });
      const onBindError = (/** @type {Error} */ err) => {
        try {
          s.close();
        } catch {
          /* never bound */
        }
        reject(err);
      };
      s.once('error', onBindError);
      s.bind(port, address, () => {
        s.off('error', onBindError);
        s.on('error', logOnce);
        s.on('message', onMessage);
        resolve(s);
      });
    });

  const wildcard = host === '0.0.0.0' || host === '::';
  const ready = (async () => {
    if (wildcard) {
      try {
        socket = await bind('udp6', '::', true);
      } catch (err) {
        const code = /** @type {NodeJS.ErrnoException} */ (err).code ?? '';
        if (NO_FALLBACK_ERROR_CODES.has(code)) throw err;
        socket = await bind('udp4', '0.0.0.0', false); // no IPv6 on this machine
      }
    } else {
      socket = await bind(host.includes(':') ? 'udp6' : 'udp4', host, false);
    }
    boundPort = socket.address().port;
  })();
  ready.catch(() => {
    /* reported to whoever awaits `ready` */
  });

  return {
    ready,
    close() {
      closing ??= ready.then(
        () =>
          new Promise((resolve) => {
            const s = socket;
            if (!s) {
              resolve();
              return;
            }
            try {
              s.close(() => resolve());
            } catch {
              resolve();
            }
          }),
        () => undefined,
      );
      return closing;
    },
    get port() {
      return boundPort;
    },
    stats() {
      return { answered, dropped };
    },
  };
}
