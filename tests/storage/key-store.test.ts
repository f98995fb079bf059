import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    await first.written();
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

describe('IndexedDB key store: a new device key does not wait for its write', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the new key while the write is still pending, the same key to every call, and keeps it once written', async () => {
    const factory = new IDBFactory();
    const add = IDBObjectStore.prototype.add;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The write starts only when the test says so (a busy device's slow IndexedDB).
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = { onsuccess: null, onerror: null, result: undefined, error: null } as unknown as IDBRequest;
      const db = this.transaction.db;
      void held.then(() => {
        // The original transaction has ended by now: the write goes in a new one.
        const real = add.apply(db.transaction(this.name, 'readwrite').objectStore(this.name), args);
        real.onsuccess = (event) => request.onsuccess?.call(real, event);
        real.onerror = (event) => request.onerror?.call(real, event);
      });
      return request;
    });
    const store = indexedDbKeyStore(makeKeyPair, factory);
    const first = await store.deviceKeyPair();
    const again = await store.deviceKeyPair();
    expect(again).toBe(first);
    let written = false;
    void store.written().then(() => {
      written = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toBe(false); // the key came back before its write
    release();
    await store.written();
    const reloaded = indexedDbKeyStore(makeKeyPair, factory);
    expect(await publicBytes(await reloaded.deviceKeyPair())).toBe(await publicBytes(first));
  });

  it('a failed write is logged, not thrown: the page goes on with the key it was given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('the key cannot be stored', 'DataCloneError');
    });
    const store = indexedDbKeyStore(makeKeyPair, new IDBFactory());
    const pair = await store.deviceKeyPair();
    await store.written();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('device key'), expect.any(DOMException));
    expect(await store.deviceKeyPair()).toBe(pair);
  });
});

describe('IndexedDB key store: two tabs, and a failing read', () => {
  afterEach(() => vi.restoreAllMocks());

  it('two tabs racing on a first visit: the first write wins, the other tab switches to it, a reload gets it', async () => {
    const factory = new IDBFactory();
    // Each tab makes its key only once both have read nothing (the race of two first visits).
    let arrived = 0;
    let bothRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const racingKeyPair = async (): Promise<CryptoKeyPair> => {
      arrived += 1;
      if (arrived === 2) bothRead();
      await barrier;
      return makeKeyPair();
    };
    const tabA = indexedDbKeyStore(racingKeyPair, factory);
    const tabB = indexedDbKeyStore(racingKeyPair, factory);
    const [a, b] = await Promise.all([tabA.deviceKeyPair(), tabB.deviceKeyPair()]);
    expect(await publicBytes(a)).not.toBe(await publicBytes(b)); // each made one, and signs with it at once
    await Promise.all([tabA.written(), tabB.written()]);
    const kept = await publicBytes(await indexedDbKeyStore(makeKeyPair, factory).deviceKeyPair());
    expect([await publicBytes(a), await publicBytes(b)]).toContain(kept);
    // From now on both tabs are the device that was kept.
    expect(await publicBytes(await tabA.deviceKeyPair())).toBe(kept);
    expect(await publicBytes(await tabB.deviceKeyPair())).toBe(kept);
  });

  it('a failing read does not overwrite the stored key: this page uses a memory-only key, and says so', async () => {
    const factory = new IDBFactory();
    const first = indexedDbKeyStore(makeKeyPair, factory);
    const stored = await publicBytes(await first.deviceKeyPair());
    await first.written();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw new DOMException('the read failed', 'UnknownError');
    });
    const failing = indexedDbKeyStore(makeKeyPair, factory);
    const memoryOnly = await failing.deviceKeyPair();
    await failing.written();
    expect(await publicBytes(memoryOnly)).not.toBe(stored);
    expect(await failing.deviceKeyPair()).toBe(memoryOnly);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('memory only'), expect.any(DOMException));
    vi.mocked(IDBObjectStore.prototype.get).mockRestore();
    expect(await publicBytes(await indexedDbKeyStore(makeKeyPair, factory).deviceKeyPair())).toBe(stored);
  });
});
