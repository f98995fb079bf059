/**
 * Room secrets, ids, and the keys derived from a secret. The secret never leaves the link
 * fragment / QR code; brokers and relays only ever see the derived topic.
 */

import { fromBase64Url, toBase64Url, utf8Encode } from './encoding';
import { randomBytes, subtle } from './platform';

/** Random bytes in a new room secret (128 bits). */
export const roomSecretBytes = 16;
/** Smallest accepted decoded secret, in bytes. */
export const minRoomSecretBytes = 16;
/** Largest accepted decoded secret, in bytes. */
export const maxRoomSecretBytes = 64;
/** Random bytes in a device or session id (96 bits → 16 base64url chars). */
export const idBytes = 12;
/** Prefix of every room topic; the version lets a future format use other topics. */
export const topicPrefix = 'porthole/2/';
/** Bytes of the per-room salt for pair keys ({@link RoomKeys.pairSalt}). */
export const pairSaltBytes = 32;

const hkdfSalt = 'porthole/v2';
const topicInfo = 'porthole topic';
const aeadInfo = 'porthole aead';
const pairSaltInfo = 'porthole pair salt';
const topicIdBits = 128;
const idPattern = /^[A-Za-z0-9_-]{8,32}$/;

/** What a room secret yields: the public topic and the private message key. */
export interface RoomKeys {
  /** Topic that brokers and relays see: `porthole/1/<base64url of 16 derived bytes>`. */
  topic: string;
  /** AES-GCM-256 key, non-extractable, usable for encrypt/decrypt only. */
  key: CryptoKey;
  /** HKDF salt for the pairwise keys of this room's sender/viewer pairs (32 derived bytes). */
  pairSalt: Uint8Array<ArrayBuffer>;
}

/** A fresh random room secret: 16 bytes, base64url (22 chars). */
export function newRoomSecret(): string {
  return toBase64Url(randomBytes(roomSecretBytes));
}

/** Decodes a room secret, or null when it is not canonical base64url of 16–64 bytes. */
function decodeRoomSecret(s: string): Uint8Array<ArrayBuffer> | null {
  if (s.length > Math.ceil((maxRoomSecretBytes * 4) / 3)) return null;
  const bytes = fromBase64Url(s);
  if (!bytes || bytes.length < minRoomSecretBytes || bytes.length > maxRoomSecretBytes) return null;
  return bytes;
}

/** True when `s` is base64url decoding to 16–64 bytes. */
export function isValidRoomSecret(s: string): boolean {
  return typeof s === 'string' && decodeRoomSecret(s) !== null;
}

/** A fresh random 96-bit id (16 base64url chars) for devices and sessions. */
export function newId(): string {
  return toBase64Url(randomBytes(idBytes));
}

/** True when `s` is a string of 8–32 base64url characters. */
export function isValidId(s: unknown): s is string {
  return typeof s === 'string' && idPattern.test(s);
}

/** HKDF-SHA256 parameters for one derived value. */
function hkdf(info: string) {
  return { name: 'HKDF', hash: 'SHA-256', salt: utf8Encode(hkdfSalt), info: utf8Encode(info) } as const;
}

/**
 * Derives the room topic, AES-GCM key and pair salt from a secret (HKDF-SHA256, salt
 * "porthole/v2", separate info strings). Deterministic: every holder of the secret gets the same room.
 * Throws Error('invalid room secret') when the secret is invalid.
 */
export async function deriveRoomKeys(secret: string): Promise<RoomKeys> {
  const bytes = typeof secret === 'string' ? decodeRoomSecret(secret) : null;
  if (!bytes) throw new Error('invalid room secret');
  const crypto = subtle();
  const master = await crypto.importKey('raw', bytes, 'HKDF', false, ['deriveKey', 'deriveBits']);
  // The three are independent: derived at once (a viewer's join waits for them).
  const [topicId, key, salt] = await Promise.all([
    crypto.deriveBits(hkdf(topicInfo), master, topicIdBits),
    crypto.deriveKey(hkdf(aeadInfo), master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.deriveBits(hkdf(pairSaltInfo), master, pairSaltBytes * 8),
  ]);
  return { topic: topicPrefix + toBase64Url(new Uint8Array(topicId)), key, pairSalt: new Uint8Array(salt) };
}
