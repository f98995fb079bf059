import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { indexedDbKeyStore, type KeyStore, memoryKeyStore } from '../../src/storage/key-store';

/** A real ECDSA P-256 key pair whose private half cannot be exported. */
const makeKeyPair = (): Promise<CryptoKeyPair> =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;

/** The raw public key, to compare pairs across loads. */
async function publicBytes(pair: CryptoKeyPair): Promise<string> {
  return Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
}

const secretA = 'AAAAAAAAAAAAAAAAAAAAAA';
const secretB = 'BBBBBBBBBBBBBBBBBBBBBB';

/** The behaviour every store shares. */
function storeContract(name: string, make: () => KeyStore): void {
  describe(name, () => {
    it('makes one device key and keeps giving the same one', async () => {
      const store = make();
      const [a, b] = await Promise.all([store.deviceKeyPair(), store.deviceKeyPair()]);
      expect(await publicBytes(a)).toBe(await publicBytes(b));
      expect(a.privateKey.extractable).toBe(false);
    });

    it('keeps a room key per secret, and forgets it', async () => {
      const store = make();
      expect(await store.roomKeyPair(secretA)).toBeUndefined();
      const pair = await makeKeyPair();
      await store.saveRoomKeyPair(secretA, pair);
      expect(await publicBytes((await store.roomKeyPair(secretA))!)).toBe(await publicBytes(pair));
      expect(await store.roomKeyPair(secretB)).toBeUndefined();
      await store.forgetRoom(secretA);
      expect(await store.roomKeyPair(secretA)).toBeUndefined();
    });
  });
}

storeContract('memory key store', () => memoryKeyStore(makeKeyPair));
storeContract('IndexedDB key store', () => indexedDbKeyStore(makeKeyPair, new IDBFactory()));

describe('IndexedDB key store across page loads', () => {
  it('a new store on the same database (a reload) finds the device key and the room keys', async () => {
    const factory = new IDBFactory();
    const first = indexedDbKeyStore(makeKeyPair, factory);
    const device = await first.deviceKeyPair();
    const room = await makeKeyPair();
    await first.saveRoomKeyPair(secretA, room);
    const reloaded = indexedDbKeyStore(makeKeyPair, factory);
    expect(await publicBytes(await reloaded.deviceKeyPair())).toBe(await publicBytes(device));
    expect(await publicBytes((await reloaded.roomKeyPair(secretA))!)).toBe(await publicBytes(room));
    // The stored private key still signs, and stays non-extractable.
    const key = (await reloaded.roomKeyPair(secretA))!;
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new Uint8Array([1]));
    expect(
      await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, room.publicKey, signature, new Uint8Array([1])),
    ).toBe(true);
    expect(key.privateKey.extractable).toBe(false);
  });

  it('without IndexedDB it still works, in memory', async () => {
    const store = indexedDbKeyStore(makeKeyPair, undefined);
    const a = await store.deviceKeyPair();
    expect(await publicBytes(await store.deviceKeyPair())).toBe(await publicBytes(a));
  });

  it('an IndexedDB that refuses to open falls back to memory instead of failing', async () => {
    const broken = {
      open: () => {
        throw new Error('SecurityError');
      },
    } as unknown as IDBFactory;
    const store = indexedDbKeyStore(makeKeyPair, broken);
    await store.saveRoomKeyPair(secretA, await makeKeyPair());
    expect(await store.roomKeyPair(secretA)).toBeDefined();
  });
});
