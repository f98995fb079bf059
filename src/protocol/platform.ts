/**
 * The few host globals src/protocol uses (WebCrypto, TextEncoder/TextDecoder, URL,
 * URLSearchParams), typed locally. They exist in Node 20 and in browsers; reading them from
 * `globalThis` keeps the protocol build free of DOM and Node types and of ambient clashes.
 */

/** HKDF-SHA256 parameters as we pass them. */
export interface HkdfParams {
  name: 'HKDF';
  hash: 'SHA-256';
  salt: Uint8Array<ArrayBuffer>;
  info: Uint8Array<ArrayBuffer>;
}

/** AES-GCM parameters as we pass them. */
export interface AesGcmParams {
  name: 'AES-GCM';
  iv: Uint8Array<ArrayBuffer>;
  additionalData: Uint8Array<ArrayBuffer>;
  tagLength: 128;
}

/** An elliptic-curve algorithm on P-256 (ECDSA for signatures, ECDH for key agreement). */
export interface EcParams {
  name: 'ECDSA' | 'ECDH';
  namedCurve: 'P-256';
}

/** ECDSA signature parameters as we pass them. */
export interface EcdsaParams {
  name: 'ECDSA';
  hash: 'SHA-256';
}

/** ECDH derivation parameters: the peer's public key. */
export interface EcdhParams {
  name: 'ECDH';
  public: CryptoKey;
}

/** What a key may be used for. */
export type KeyUsage = 'sign' | 'verify' | 'deriveKey' | 'deriveBits' | 'encrypt' | 'decrypt';

/** The subset of SubtleCrypto we call. */
export interface Subtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: 'HKDF',
    extractable: false,
    usages: Array<'deriveKey' | 'deriveBits'>,
  ): Promise<CryptoKey>;
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: EcParams,
    extractable: boolean,
    usages: KeyUsage[],
  ): Promise<CryptoKey>;
  generateKey(algorithm: EcParams, extractable: boolean, usages: KeyUsage[]): Promise<CryptoKeyPair>;
  exportKey(format: 'raw', key: CryptoKey): Promise<ArrayBuffer>;
  sign(algorithm: EcdsaParams, key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  verify(
    algorithm: EcdsaParams,
    key: CryptoKey,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  deriveKey(
    algorithm: HkdfParams,
    baseKey: CryptoKey,
    derivedKeyType: { name: 'AES-GCM'; length: 256 },
    extractable: false,
    usages: Array<'encrypt' | 'decrypt'>,
  ): Promise<CryptoKey>;
  deriveBits(algorithm: HkdfParams, baseKey: CryptoKey, lengthBits: number): Promise<ArrayBuffer>;
  deriveBits(algorithm: EcdhParams, baseKey: CryptoKey, lengthBits: number): Promise<ArrayBuffer>;
  encrypt(algorithm: AesGcmParams, key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParams, key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** The subset of a parsed URL we read. */
export interface HostUrl {
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly hash: string;
}

/** The subset of URLSearchParams we use. */
export interface HostSearchParams {
  get(name: string): string | null;
  has(name: string): boolean;
}

interface Host {
  crypto: { getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>; subtle: Subtle };
  TextEncoder: new () => { encode(input: string): Uint8Array<ArrayBuffer> };
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(input: Uint8Array): string };
  URL: new (input: string) => HostUrl;
  URLSearchParams: new (init: string) => HostSearchParams;
}

const host = globalThis as unknown as Host;

/** `length` cryptographically random bytes (WebCrypto getRandomValues). */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return host.crypto.getRandomValues(new Uint8Array(length));
}

/** The host's SubtleCrypto. */
export function subtle(): Subtle {
  return host.crypto.subtle;
}

/** UTF-8 bytes of `text` (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return new host.TextEncoder().encode(text);
}

/** Decodes UTF-8 strictly; throws on malformed input. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return new host.TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Parses an absolute URL; null when it does not parse. */
export function parseUrl(input: string): HostUrl | null {
  try {
    return new host.URL(input);
  } catch {
    return null;
  }
}

/** Parses a query string (without or with its leading '?'). */
export function parseQuery(query: string): HostSearchParams {
  return new host.URLSearchParams(query);
}
