/**
 * The ambient types src/protocol needs from WebCrypto, for the DOM-less protocol build
 * (tsconfig.protocol.json: lib ES2022 only). It is written to merge cleanly with lib.dom's
 * `interface CryptoKey` (identical member type), so the DOM build type-checks too.
 *
 * Host values (crypto, TextEncoder, URL, URLSearchParams) are not declared globally: platform.ts
 * reads them from `globalThis` through module-local types, so nothing here can clash with DOM.
 */
interface CryptoKey {
  /** Whether the key material can be exported (our private keys never can). */
  readonly extractable: boolean;
}

/** A public/private key pair as generateKey returns it (merges with lib.dom's identical interface). */
interface CryptoKeyPair {
  /** The private half (ours are never extractable). */
  privateKey: CryptoKey;
  /** The public half. */
  publicKey: CryptoKey;
}
