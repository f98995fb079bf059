/**
 * Identities: ECDSA P-256 key pairs that sign signaling messages. A room's sender identity is
 * one key pair per room (its key id rides in the viewer link as `k`); a viewer's device identity
 * is its own key pair, and its device id is the key id, so a device id cannot be claimed
 * without the private key. P-256 only (Chromium, Firefox and iOS Safari all have it).
 */

import { fromBase64Url, toBase64Url } from './encoding';
import { subtle } from './platform';
import type { EcParams, EcdsaParams } from './platform';

/** An identity: an ECDSA P-256 key pair (private key non-extractable) and its public key. */
export interface Identity {
  /** The signing key; never extractable. */
  privateKey: CryptoKey;
  /** The raw uncompressed P-256 public point (65 bytes), base64url. */
  publicKey: string;
  /** {@link keyId} of `publicKey`: the device id of a viewer, `k` of a sender's room link. */
  id: string;
}

/** Bytes of a raw uncompressed P-256 public key (0x04 ‖ x ‖ y). */
export const publicKeyBytes = 65;
/** Bytes of a P-256 ECDSA signature (r ‖ s, IEEE P1363, as WebCrypto makes them). */
export const signatureBytes = 64;
/** Bytes of SHA-256 kept in a key id (96 bits → 16 base64url chars). */
export const keyIdBytes = 12;
/** Imported public keys cached by {@link verifyBytes}; the oldest is forgotten first. */
export const maxCachedVerifyKeys = 64;

const ecdsa: EcParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ecdsaSha256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/** A new ECDSA P-256 key pair: private key non-extractable, usages sign/verify. */
export function generateIdentityKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(ecdsa, false, ['sign', 'verify']);
}

/** The identity of a key pair (exports the public half, computes its key id). */
export async function identityFromKeyPair(pair: CryptoKeyPair): Promise<Identity> {
  const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  const publicKey = toBase64Url(raw);
  return { privateKey: pair.privateKey, publicKey, id: await keyId(publicKey) };
}

/** base64url(SHA-256(raw public key)[0..12]): 16 chars, a valid id. Throws on a malformed key. */
export async function keyId(publicKey: string): Promise<string> {
  const raw = decodePublicKey(publicKey);
  if (!raw) throw new Error('invalid public key');
  const digest = new Uint8Array(await subtle().digest('SHA-256', raw));
  return toBase64Url(digest.slice(0, keyIdBytes));
}

/** Raw bytes of a public key string, or null unless it is 65 bytes starting with 0x04. */
export function decodePublicKey(publicKey: unknown): Uint8Array<ArrayBuffer> | null {
  if (typeof publicKey !== 'string' || publicKey.length !== 87) return null;
  const raw = fromBase64Url(publicKey);
  return raw && raw.length === publicKeyBytes && raw[0] === 0x04 ? raw : null;
}

/** ECDSA P-256 / SHA-256 signature of `data` by `identity`, base64url (86 chars). */
export async function signBytes(identity: Identity, data: Uint8Array): Promise<string> {
  const signature = await subtle().sign(ecdsaSha256, identity.privateKey, copy(data));
  return toBase64Url(new Uint8Array(signature));
}

const verifyKeys = new Map<string, Promise<CryptoKey | null>>();

/** Imports (or takes from the bounded cache) a public key for verifying; null when invalid. */
function verifyKey(publicKey: string): Promise<CryptoKey | null> {
  const cached = verifyKeys.get(publicKey);
  if (cached) {
    verifyKeys.delete(publicKey);
    verifyKeys.set(publicKey, cached);
    return cached;
  }
  const raw = decodePublicKey(publicKey);
  const imported = raw
    ? subtle()
        .importKey('raw', raw, ecdsa, true, ['verify'])
        .catch(() => null)
    : Promise.resolve(null);
  verifyKeys.set(publicKey, imported);
  while (verifyKeys.size > maxCachedVerifyKeys) {
    const oldest = verifyKeys.keys().next();
    if (oldest.done) break;
    verifyKeys.delete(oldest.value);
  }
  return imported;
}

/** True when `signature` is `publicKey`'s valid signature of `data`. Never throws. */
export async function verifyBytes(publicKey: string, signature: string, data: Uint8Array): Promise<boolean> {
  try {
    if (typeof signature !== 'string' || signature.length !== 86) return false;
    const sig = fromBase64Url(signature);
    if (!sig || sig.length !== signatureBytes) return false;
    const key = await verifyKey(publicKey);
    if (!key) return false;
    return await subtle().verify(ecdsaSha256, key, sig, copy(data));
  } catch {
    return false;
  }
}

/** `data` in a buffer of its own (WebCrypto takes an ArrayBuffer-backed view). */
function copy(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}
