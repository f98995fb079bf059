/**
 * Which key a page signs with: a sender signs with its room's key (made when the room is created
 * on this device, or when the person confirms a `#/send` link for a room made elsewhere); a viewer
 * signs with this device's key. Keys are kept by the key store (IndexedDB).
 */
import { generateIdentityKeyPair, type Identity, identityFromKeyPair } from '../protocol/identity';
import { indexedDbKeyStore, type KeyStore } from '../storage/key-store';

let shared: KeyStore | undefined;

/** This page's key store (IndexedDB, made on first use). */
export function keyStore(): KeyStore {
  shared ??= indexedDbKeyStore(generateIdentityKeyPair);
  return shared;
}

/** Identities already made from a key pair (its key id takes an export and a hash). */
const made = new WeakMap<CryptoKeyPair, Promise<Identity>>();

/** This device's viewer identity (made once per key pair; the key store may switch pairs, see key-store.ts). */
export async function deviceIdentity(store: KeyStore = keyStore()): Promise<Identity> {
  const pair = await store.deviceKeyPair();
  let identity = made.get(pair);
  if (identity === undefined) {
    identity = identityFromKeyPair(pair);
    made.set(pair, identity);
  }
  return identity;
}

/** The sender identity of a room created (or confirmed) on this device; undefined for any other room. */
export async function existingSenderIdentity(
  secret: string,
  store: KeyStore = keyStore(),
): Promise<Identity | undefined> {
  const pair = await store.roomKeyPair(secret);
  return pair ? identityFromKeyPair(pair) : undefined;
}

/** Makes and keeps the sender identity of a room this device now sends in (new, or confirmed by the person). */
export async function newSenderIdentity(secret: string, store: KeyStore = keyStore()): Promise<Identity> {
  const pair = await generateIdentityKeyPair();
  await store.saveRoomKeyPair(secret, pair);
  return identityFromKeyPair(pair);
}
