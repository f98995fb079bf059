// @ts-check
/**
 * Pure STUN (RFC 8489) message parsing and encoding for the relay's Binding responder.
 * No I/O here: `stun.js` owns the socket. Parsing is strict and returns `undefined` as soon
 * as the header or any length is wrong, so garbage is never mistaken for STUN.
 */
import { crc32 } from 'node:zlib';
import {
  HEADER_LENGTH_BYTES,
  MAGIC_COOKIE,
  TRANSACTION_ID_LENGTH_BYTES,
  ATTRIBUTE_HEADER_LENGTH_BYTES,
  BINDING_SUCCESS_RESPONSE,
  ATTR_XOR_MAPPED_ADDRESS,
  ATTR_FINGERPRINT,
  FAMILY_IPV4,
  FAMILY_IPV6,
  XOR_ADDRESS_IPV4_LENGTH_BYTES,
  XOR_ADDRESS_IPV6_LENGTH_BYTES,
  FINGERPRINT_XOR,
  FINGERPRINT_ATTRIBUTE_LENGTH_BYTES,
} from './stun-constants.js';

/**
 * @typedef {{ type: number, value: Buffer }} StunAttribute
 * @typedef {{ type: number, length: number, transactionId: Buffer, attributes: StunAttribute[] }} StunMessage
 * @typedef {typeof FAMILY_IPV4 | typeof FAMILY_IPV6} StunFamily
 * @typedef {{ family: StunFamily, address: string, port: number }} StunAddress
 */

/**
 * Parses one datagram as a STUN message; `undefined` unless it is well-formed (RFC 8489 §5, §14).
 * Checks: ≥ 20 bytes, top two bits zero, magic cookie, length a multiple of 4 and equal to the
 * datagram's, and every attribute (with its padding) inside the message. Values are views into
 * `buf`, not copies. Does not check FINGERPRINT or attribute semantics (see `verifyFingerprint`).
 * @param {Buffer} buf
 * @returns {StunMessage | undefined}
 */
export function parseStunMessage(buf) {
  if (!Buffer.isBuffer(buf) || buf.length < HEADER_LENGTH_BYTES) return undefined;
  const type = buf.readUInt16BE(0);
  if ((type & 0xc000) !== 0) return undefined;
  const length = buf.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_LENGTH_BYTES + length !== buf.length) return undefined;
  if (buf.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
  const transactionId = buf.subarray(8, HEADER_LENGTH_BYTES);
  /** @type {StunAttribute[]} */
  const attributes = [];
  let pos = HEADER_LENGTH_BYTES;
  while (pos < buf.length) {
    if (pos + ATTRIBUTE_HEADER_LENGTH_BYTES > buf.length) return undefined;
    const attrType = buf.readUInt16BE(pos);
    const attrLength = buf.readUInt16BE(pos + 2);
    const valueStart = pos + ATTRIBUTE_HEADER_LENGTH_BYTES;
    const next = valueStart + paddedLength(attrLength);
    if (next > buf.length) return undefined;
    attributes.push({ type: attrType, value: buf.subarray(valueStart, valueStart + attrLength) });
    pos = next;
  }
  return { type, length, transactionId, attributes };
}

/** Rounds an attribute value length up to the 4-byte boundary STUN pads to. */
export function paddedLength(/** @type {number} */ length) {
  return (length + 3) & ~3;
}

/**
 * Whether `buf` (a message `parseStunMessage` accepted) ends in a FINGERPRINT attribute whose
 * CRC-32 matches; `false` if there is none or it is wrong (RFC 8489 §14.7).
 * @param {Buffer} buf
 */
export function verifyFingerprint(buf) {
  const at = buf.length - FINGERPRINT_ATTRIBUTE_LENGTH_BYTES;
  if (at < HEADER_LENGTH_BYTES) return false;
  if (buf.readUInt16BE(at) !== ATTR_FINGERPRINT || buf.readUInt16BE(at + 2) !== 4) return false;
  return buf.readUInt32BE(at + ATTRIBUTE_HEADER_LENGTH_BYTES) === stunFingerprint(buf.subarray(0, at));
}

/**
 * FINGERPRINT value for the message bytes `before` it: CRC-32 of those bytes with the header's
 * length already counting the FINGERPRINT attribute, XOR 0x5354554e (RFC 8489 §14.7).
 * @param {Buffer} before the message up to (not including) the FINGERPRINT attribute
 */
export function stunFingerprint(before) {
  const lengthWithFingerprint = before.length - HEADER_LENGTH_BYTES + FINGERPRINT_ATTRIBUTE_LENGTH_BYTES;
  const header = Buffer.from(before.subarray(0, 4));
  header.writeUInt16BE(lengthWithFingerprint, 2);
  return (crc32(before.subarray(4), crc32(header)) ^ FINGERPRINT_XOR) >>> 0;
}

/**
 * Encodes a Binding success response: header + XOR-MAPPED-ADDRESS (+ FINGERPRINT if asked).
 * Sizes: IPv4 32 bytes (40 with FINGERPRINT), IPv6 44 bytes (52 with FINGERPRINT).
 * No SOFTWARE: responses stay small. Throws on a malformed address or transaction id.
 * @param {Buffer} transactionId the request's 12-byte transaction id
 * @param {string} address IPv4 dotted quad or IPv6 text (a `%zone` suffix is ignored)
 * @param {number} port 0..65535
 * @param {StunFamily} family FAMILY_IPV4 (0x01) or FAMILY_IPV6 (0x02)
 * @param {{ fingerprint?: boolean }} [options]
 * @returns {Buffer}
 */
export function encodeBindingSuccess(transactionId, address, port, family, options = {}) {
  if (transactionId.length !== TRANSACTION_ID_LENGTH_BYTES) throw new RangeError('transaction id must be 12 bytes');
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new RangeError(`bad port ${port}`);
  const addressBytes =
    family === FAMILY_IPV4 ? parseIPv4(address) : family === FAMILY_IPV6 ? parseIPv6(address) : undefined;
  if (!addressBytes) throw new TypeError(`bad address ${address} for family ${family}`);
  const valueLength = 4 + addressBytes.length;
  const fingerprintLength = options.fingerprint ? FINGERPRINT_ATTRIBUTE_LENGTH_BYTES : 0;
  const bodyLength = ATTRIBUTE_HEADER_LENGTH_BYTES + valueLength + fingerprintLength;
  const out = Buffer.alloc(HEADER_LENGTH_BYTES + bodyLength);
  out.writeUInt16BE(BINDING_SUCCESS_RESPONSE, 0);
  out.writeUInt16BE(bodyLength, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(out, 8);
  let pos = HEADER_LENGTH_BYTES;
  out.writeUInt16BE(ATTR_XOR_MAPPED_ADDRESS, pos);
  out.writeUInt16BE(valueLength, pos + 2);
  out.writeUInt8(0, pos + 4);
  out.writeUInt8(family, pos + 5);
  out.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), pos + 6);
  // X-Address: XOR with the magic cookie, then (IPv6) the transaction id — i.e. header bytes 4..19.
  for (let i = 0; i < addressBytes.length; i++) {
    out[pos + 8 + i] = (addressBytes[i] ?? 0) ^ (out[4 + i] ?? 0);
  }
  pos += ATTRIBUTE_HEADER_LENGTH_BYTES + valueLength;
  if (options.fingerprint) {
    out.writeUInt16BE(ATTR_FINGERPRINT, pos);
    out.writeUInt16BE(4, pos + 2);
    out.writeUInt32BE(stunFingerprint(out.subarray(0, pos)), pos + 4);
  }
  return out;
}

/**
 * Decodes an XOR-MAPPED-ADDRESS value (RFC 8489 §14.2); `undefined` if the family is unknown or
 * the length does not fit it. IPv6 comes back in RFC 5952 form.
 * @param {Buffer} value the attribute value (without its 4-byte attribute header)
 * @param {Buffer} transactionId the message's 12-byte transaction id
 * @returns {StunAddress | undefined}
 */
export function decodeXorMappedAddress(value, transactionId) {
  if (value.length < 4 || transactionId.length !== TRANSACTION_ID_LENGTH_BYTES) return undefined;
  const family = value.readUInt8(1);
  const expectedLength =
    family === FAMILY_IPV4
      ? XOR_ADDRESS_IPV4_LENGTH_BYTES
      : family === FAMILY_IPV6
        ? XOR_ADDRESS_IPV6_LENGTH_BYTES
        : -1;
  if (value.length !== expectedLength) return undefined;
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const key = Buffer.alloc(16);
  key.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(key, 4);
  const bytes = Buffer.alloc(value.length - 4);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (value[4 + i] ?? 0) ^ (key[i] ?? 0);
  const address = family === FAMILY_IPV4 ? Array.from(bytes).join('.') : formatIPv6(bytes);
  return { family: family === FAMILY_IPV4 ? FAMILY_IPV4 : FAMILY_IPV6, address, port };
}

/**
 * Parses a dotted-quad IPv4 address into 4 bytes; `undefined` if malformed.
 * @param {string} text
 * @returns {Uint8Array | undefined}
 */
export function parseIPv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/**
 * Parses IPv6 text (with `::`, an embedded dotted quad, or a `%zone`) into 16 bytes;
 * `undefined` if malformed.
 * @param {string} text
 * @returns {Uint8Array | undefined}
 */
export function parseIPv6(text) {
  const zone = text.indexOf('%');
  let s = zone === -1 ? text : text.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (lastColon !== -1 && s.indexOf('.', lastColon) !== -1) {
    // Embedded IPv4 (e.g. ::ffff:192.0.2.1): rewrite its 4 bytes as two hex words.
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  /** @param {string} half */
  const words = (half) => (half === '' ? [] : half.split(':'));
  const head = words(halves[0] ?? '');
  const tail = halves.length === 2 ? words(halves[1] ?? '') : [];
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  /** @type {number[]} */
  const all = [];
  for (const w of [...head, ...(halves.length === 2 ? Array(8 - total).fill('0') : []), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
    all.push(parseInt(w, 16));
  }
  if (all.length !== 8) return undefined;
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/**
 * Formats 16 bytes as IPv6 text in RFC 5952 form (lowercase, longest zero run of ≥ 2 as `::`).
 * @param {Uint8Array} bytes
 */
export function formatIPv6(bytes) {
  /** @type {number[]} */
  const w = [];
  for (let i = 0; i < 8; i++) w.push(((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = w.map((x) => x.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
