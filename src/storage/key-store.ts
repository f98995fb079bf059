/**
 * This device's private keys: its device key (it proves a viewer's slot is its own) and one
 * sender key per room created here (it signs everything the sender says; its id travels in the
 * viewer link). Kept in IndexedDB as non-extractable CryptoKeys: the page can sign with them,
 * but no script, extension dump or copied localStorage can read them out.
 *
 * Where IndexedDB is missing or blocked (some private modes), keys live in memory for the page's
 * lifetime: the app still works, a reload just starts as a new device.
 */

/** The key pairs this device keeps. */
export interface KeyStore {
  /**
   * This device's key pair, made on first use (returned at once, kept in the background) and kept
   * from then on. When another tab kept its own first, later calls return that one instead.
   */
  deviceKeyPair(): Promise<CryptoKeyPair>;
  /** The sender key pair of the room with `secret`, when the room was created on this device. */
  roomKeyPair(secret: string): Promise<CryptoKeyPair | undefined>;
  /** Keeps `pair` as the sender key of the room with `secret` (a room created or confirmed here). */
  saveRoomKeyPair(secret: string, pair: CryptoKeyPair): Promise<void>;
  /** Forgets the room's sender key ("New link" retires the room for good). */
  forgetRoom(secret: string): Promise<void>;
  /** Resolves once the background write of a new device key has finished (or failed, logged). */
  written(): Promise<void>;
}

/** The IndexedDB database and object store names. */
export const keyStoreDatabaseName = 'porthole-keys';
const storeName = 'keys';
const deviceEntry = 'device';

/** Makes a new ECDSA P-256 key pair whose private half cannot be exported. */
export type KeyPairFactory = () => Promise<CryptoKeyPair>;

/** The entry name of a room's key: a hash of its secret, so the secret itself is not stored twice. */
async function roomEntry(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`porthole room key|${secret}`));
  return `room:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A key store in memory only (tests, and browsers without IndexedDB). */
export function memoryKeyStore(makeKeyPair: KeyPairFactory): KeyStore {
  const entries = new Map<string, CryptoKeyPair>();
  let device: Promise<CryptoKeyPair> | undefined;
  return {
    deviceKeyPair() {
      device ??= makeKeyPair();
      return device;
    },
    async roomKeyPair(secret) {
      return entries.get(await roomEntry(secret));
    },
    async saveRoomKeyPair(secret, pair) {
      entries.set(await roomEntry(secret), pair);
    },
    async forgetRoom(secret) {
      entries.delete(await roomEntry(secret));
    },
    written: () => Promise.resolve(),
  };
}

/** True for a stored value that is a whole key pair. */
function isKeyPair(x: unknown): x is CryptoKeyPair {
  const pair = x as Partial<CryptoKeyPair> | undefined;
  return Boolean(pair?.privateKey && pair.publicKey);
}

/** True for the error of an `add` whose key is taken (another tab wrote first). */
function isConstraintError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConstraintError';
}

/** Wraps an IDBRequest in a promise. */
function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (creating on first use) the key database; rejects (never throws) when it cannot. */
async function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const open = factory.open(keyStoreDatabaseName, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(storeName)) open.result.createObjectStore(storeName);
  };
  return request(open);
}

/** A key store in IndexedDB; falls back to memory when IndexedDB cannot be opened. */
export function indexedDbKeyStore(
  makeKeyPair: KeyPairFactory,
  factory: IDBFactory | undefined = globalThis.indexedDB,
): KeyStore {
  const fallback = memoryKeyStore(makeKeyPair);
  const database: Promise<IDBDatabase | undefined> = factory
    ? openDatabase(factory).catch(() => undefined)
    : Promise.resolve(undefined);
  const read = async (db: IDBDatabase, name: string): Promise<unknown> =>
    request(db.transaction(storeName, 'readonly').objectStore(storeName).get(name));
  // Async, so that a store that throws (closing database, uncloneable key) rejects instead.
  const write = async (db: IDBDatabase, name: string, pair: CryptoKeyPair | undefined): Promise<unknown> => {
    const store = db.transaction(storeName, 'readwrite').objectStore(storeName);
    return pair ? request(store.put(pair, name)) : request(store.delete(name));
  };
  /** Adds `pair` under `name` unless something is stored there (first writer wins: ConstraintError). */
  const add = async (db: IDBDatabase, name: string, pair: CryptoKeyPair): Promise<unknown> =>
    request(db.transaction(storeName, 'readwrite').objectStore(storeName).add(pair, name));
  let device: Promise<CryptoKeyPair> | undefined;
  let deviceWrite: Promise<void> = Promise.resolve();
  /**
   * Keeps a new device key in the background. Two tabs on a first visit may both make one: `add`
   * lets the first writer win, and the other tab switches to the stored key for its later calls
   * (the session already running keeps the key it was given, for this page only; later sessions
   * and reloads are the stored device). A damaged entry (no key pair) is replaced.
   */
  const keepDeviceKey = (db: IDBDatabase, pair: CryptoKeyPair, replace: boolean): Promise<void> =>
    (replace ? write(db, deviceEntry, pair) : add(db, deviceEntry, pair)).then(
      () => undefined,
      async (error: unknown) => {
        const kept = isConstraintError(error) ? await read(db, deviceEntry).catch(() => undefined) : undefined;
        if (isKeyPair(kept)) {
          device = Promise.resolve(kept);
          return;
        }
        console.warn('porthole: could not keep the device key; a reload will make a new one', error);
      },
    );
  return {
    deviceKeyPair() {
      device ??= (async () => {
        const db = await database;
        if (!db) return fallback.deviceKeyPair();
        let stored: unknown;
        try {
          stored = await read(db, deviceEntry);
        } catch (error) {
          // The stored key may well be there: never make a new one over it.
          console.warn('porthole: could not read the device key; this page uses a key in memory only', error);
          return fallback.deviceKeyPair();
        }
        if (isKeyPair(stored)) return stored;
        const pair = await makeKeyPair();
        // Kept in the background: the page signs with it at once (a first visit on a busy device
        // waited seconds for the write).
        deviceWrite = keepDeviceKey(db, pair, stored !== undefined);
        return pair;
      })();
      return device;
    },
    async roomKeyPair(secret) {
      const db = await database;
      if (!db) return fallback.roomKeyPair(secret);
      const stored = await read(db, await roomEntry(secret)).catch(() => undefined);
      return isKeyPair(stored) ? stored : undefined;
    },
    async saveRoomKeyPair(secret, pair) {
      const db = await database;
      if (!db) return fallback.saveRoomKeyPair(secret, pair);
      await write(db, await roomEntry(secret), pair).catch(() => fallback.saveRoomKeyPair(secret, pair));
    },
    async forgetRoom(secret) {
      const db = await database;
      await fallback.forgetRoom(secret);
      if (db) await write(db, await roomEntry(secret), undefined).catch(() => undefined);
    },
    written: () => deviceWrite,
  };
}
