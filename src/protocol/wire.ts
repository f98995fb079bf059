/**
 * The v2 envelope on the wire, and what every layer of it shares: version byte, padded sizes,
 * the cheap pre-check, AES-GCM helpers, the opened header and the drop reasons.
 *
 * Wire: base64url( 0x02 ‖ IV(12) ‖ AES-GCM(room key, AAD "porthole/2|" + topic, padded plaintext) ).
 * The plaintext is JSON followed by spaces up to one of {@link paddedSizes}, so a broker cannot
 * tell a join from an ICE candidate by its length. The JSON is one of:
 * - signed: `{"k": signer's public key, "m": the signed JSON as a string, "g": signature}`, where
 *   m is `{"f":session,"r":role,"s":seq,"c":connection,"ts":time,"w"?:1,"b":body}`;
 * - pairwise: `{"f":session,"d":key id,"r":role,"to":session,"s":seq,"x":sealed body}`, the body
 *   sealed again under the pair key (pairwise.ts).
 */

import { fromBase64Url, toBase64Url, utf8Encode } from './encoding';
import type { Role } from './link';
import type { Body } from './messages';
import { randomBytes, subtle } from './platform';

/** Format version, the first byte of every envelope (v2). */
export const envelopeVersion = 0x02;
/** AES-GCM IV length in bytes. */
export const ivBytes = 12;
/** AES-GCM tag length in bytes. */
export const tagBytes = 16;
/** The plaintext sizes envelopes are padded to, in bytes (the largest fits a 64 KiB relay frame). */
export const paddedSizes: readonly number[] = [1024, 2048, 4096, 8192, 16_384, 32_768];
/** Largest plaintext, in bytes. */
export const maxPlaintextBytes = 32_768;

/** Characters of the unpadded base64url of `bytes` bytes. */
function base64Chars(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** The length, in characters, of an envelope whose plaintext is padded to `size` bytes. */
export function envelopeChars(size: number): number {
  return base64Chars(1 + ivBytes + size + tagBytes);
}

const envelopeLengths = new Set(paddedSizes.map(envelopeChars));

/** Longest envelope string, in characters. */
export const maxEnvelopeChars = envelopeChars(maxPlaintextBytes);

/**
 * The cheap check the glue runs on arrival, before queueing: a string of one of the padded
 * lengths whose first byte is the version. No crypto; false for anything else.
 */
export function precheckEnvelope(data: unknown): data is string {
  if (typeof data !== 'string' || !envelopeLengths.has(data.length)) return false;
  // The first two base64url characters hold the version byte and the top 4 bits of the IV.
  const second = data.charCodeAt(1);
  return data.charCodeAt(0) === 0x41 /* A */ && second >= 0x67 /* g */ && second <= 0x76; /* v */
}

/** `json` as bytes padded with spaces to the smallest fitting size; null when too large. */
export function padPlaintext(json: string): Uint8Array<ArrayBuffer> | null {
  const bytes = utf8Encode(json);
  const size = paddedSizes.find((s) => s >= bytes.length);
  if (size === undefined) return null;
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}

/** AES-GCM-seals `plain` under `key` with `aad`: IV ‖ ciphertext+tag. */
export async function aeadSeal(key: CryptoKey, aad: string, plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const iv = randomBytes(ivBytes);
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8Encode(aad), tagLength: 128 },
    key,
    plain,
  );
  const out = new Uint8Array(ivBytes + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), ivBytes);
  return out;
}

/** Opens IV ‖ ciphertext+tag; null when it does not authenticate. Never throws. */
export async function aeadOpen(key: CryptoKey, aad: string, sealed: Uint8Array): Promise<Uint8Array | null> {
  if (sealed.length < ivBytes + tagBytes) return null;
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, ivBytes), additionalData: utf8Encode(aad), tagLength: 128 },
      key,
      sealed.slice(ivBytes),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/** `aeadSeal` as base64url. */
export async function aeadSealText(key: CryptoKey, aad: string, plain: string): Promise<string> {
  return toBase64Url(await aeadSeal(key, aad, utf8Encode(plain)));
}

/** Opens what {@link aeadSealText} made; null when it does not decode or authenticate. */
export async function aeadOpenBytes(key: CryptoKey, aad: string, text: unknown): Promise<Uint8Array | null> {
  if (typeof text !== 'string' || text.length > maxEnvelopeChars) return null;
  const bytes = fromBase64Url(text);
  return bytes ? aeadOpen(key, aad, bytes) : null;
}

/** Additional data of the outer (room key) layer. */
export function roomAad(topic: string): string {
  return `porthole/2|${topic}`;
}

/** What a signature covers: the topic and the signed JSON. */
export function signedData(topic: string, m: string): Uint8Array<ArrayBuffer> {
  return utf8Encode(`porthole/2 sig|${topic}|${m}`);
}

/** Additional data of a pairwise message under the pair key. */
export function pairAad(topic: string, from: string, role: Role, to: string, seq: number): string {
  return `porthole/2 pair|${topic}|${from}|${role}|${to}|${seq}`;
}

/** Additional data of an offer's SDP under the pair key. */
export function offerAad(topic: string, from: string, to: string, o: number): string {
  return `porthole/2 offer|${topic}|${from}|${to}|${o}`;
}

/** Bodies that only ever travel pairwise. */
export function isPairwiseOnly(body: Body): boolean {
  return body.t === 'answer' || body.t === 'ice' || body.t === 'eoc';
}

/** Cleartext header of an opened envelope (authenticated: signed, or sealed under the pair key). */
export interface EnvelopeHeader {
  /** Sender's session id. */
  from: string;
  /** Sender's role. */
  role: Role;
  /** Per-session sequence number, from 1 (signed and pairwise messages share it). */
  seq: number;
  /** The signer's key id; for a pairwise message, the key id of the bound pair peer. */
  key: string;
  /** Signed messages: sealing time, ms on the sender's clock (checked for broadcasts only). */
  ts?: number;
  /** Signed messages: the sender's signaling connection id (wills name it). */
  conn?: string;
  /** True for a will: sealed at connect time, published by the server when the connection dies. */
  will?: boolean;
  /** True when sealed under the pair key. */
  pairwise?: boolean;
}

/** A successfully opened envelope. */
export interface Opened {
  /** Who sent it, when, in which role. */
  header: EnvelopeHeader;
  /** The validated body (an offer's SDP already opened). */
  body: Body;
}

/**
 * Why an envelope was dropped:
 * - 'malformed': failed the pre-check (length, version) or does not decode;
 * - 'auth': does not authenticate under the room key, or (offer SDP, pairwise) the pair key;
 * - 'invalid': authentic but not a valid v2 plaintext or body;
 * - 'forged': bad signature, or a PeerInfo naming another device or session than its signer;
 * - 'untrusted': a sender-role message not signed by the room's sender key;
 * - 'replay': a (key, session, seq) already accepted, or below the window;
 * - 'stale': a broadcast whose time is more than `broadcastSkewMs` off the receiver's clock;
 * - 'will': a will of an unknown session, of an older or too old connection, or already taken;
 * - 'self': our own session's; 'other': addressed to another session;
 * - 'nokey': pairwise, from a session that is not our bound pair peer.
 */
export type DropReason =
  | 'malformed'
  | 'auth'
  | 'invalid'
  | 'forged'
  | 'untrusted'
  | 'replay'
  | 'stale'
  | 'will'
  | 'self'
  | 'other'
  | 'nokey';

/** Every drop reason, for counters. */
export const dropReasons: readonly DropReason[] = [
  'malformed',
  'auth',
  'invalid',
  'forged',
  'untrusted',
  'replay',
  'stale',
  'will',
  'self',
  'other',
  'nokey',
];
