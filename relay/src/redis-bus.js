// @ts-check
/**
 * The Redis side of a relay cluster (REDIS_URL): topic messages over Redis pub/sub, and shared
 * counts (subscribers per topic, connections per address) in Redis hashes. Loaded only when
 * REDIS_URL is set (index.js imports this file dynamically), so ioredis is never loaded otherwise.
 *
 * Keys (all under `prefix`, default `porthole:`):
 * - `m:<topic>`   pub/sub channel of a topic; a message is `<instance id><msg frame text>`;
 * - `t:<topic>`   hash instance id → subscribers of the topic on that instance;
 * - `a:<address>` hash instance id → connections of that address (IPv4, or IPv6 /64) on that instance;
 * - `i:<instance id>` liveness of an instance (expires LIVE_TTL after the instance stops refreshing it).
 * Counts of instances whose liveness key has expired are ignored and deleted, so a killed relay's
 * subscribers stop counting within liveTtlMs. Each instance writes its own absolute counts (never
 * increments), and rewrites all of them whenever Redis comes back and every resyncIntervalMs.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Length of an instance id (hex characters); messages start with the publisher's. */
export const instanceIdLength = 16;

/**
 * Atomic admission: sums the counts of live instances other than this one (deleting dead ones),
 * and if that plus this instance's new count fits under the maximum, writes the new count.
 * KEYS[1] hash; ARGV: instance id, new count, max, liveness key prefix, key TTL ms.
 * Returns the new total, or -1 (nothing written) when it would exceed the maximum.
 */
const admitScript = `
local others = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local id = fields[i]
  if id ~= ARGV[1] then
    if redis.call('EXISTS', ARGV[4] .. id) == 1 then
      others = others + tonumber(fields[i + 1])
    else
      redis.call('HDEL', KEYS[1], id)
    end
  end
end
local n = tonumber(ARGV[2])
if others + n > tonumber(ARGV[3]) then return -1 end
if n > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], n)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return others + n
`;

/**
 * What the bus asks of the relay it serves.
 *
 * @typedef {object} BusHost
 * @property {(topic: string, text: string) => void} onMessage A frame another instance published on a topic held here.
 * @property {() => { topics: Iterable<[string, number]>, addresses: Iterable<[string, number]> }} snapshot Local counts, for a resync.
 * @property {(state: 'up' | 'down') => void} [onStateChange] Redis became reachable or was lost.
 */

/**
 * A connected (or reconnecting) bus.
 *
 * @typedef {object} RedisBus
 * @property {string} instanceId This instance's id.
 * @property {() => 'up' | 'down'} state Whether both Redis connections are ready.
 * @property {(topic: string) => Promise<void>} subscribe Subscribes to a topic's channel (resolves on failure too: a resync follows).
 * @property {(topic: string) => void} unsubscribe Unsubscribes from a topic's channel.
 * @property {(topic: string, text: string) => void} publish Publishes an encoded msg frame to the other instances.
 * @property {(kind: 't' | 'a', name: string, count: number, max: number) => Promise<number>} admit Sets this instance's count if the total fits: the total, or -1; rejects when Redis is unreachable.
 * @property {(kind: 't' | 'a', name: string, count: number) => void} set Writes this instance's count (0 deletes it); no-op while down.
 * @property {() => Promise<void>} whenUp Resolves once the bus is up (for tests and start-up).
 * @property {() => Promise<void>} close Disconnects; removes this instance's liveness key when it can.
 */

/**
 * Connects to Redis (in the background: the promise resolves at once, the bus reports `down`
 * until both connections are ready and retries for ever).
 *
 * @param {object} options
 * @param {string} options.url `redis://[:password@]host:port[/db]`, `rediss://…` or `unix:///path`.
 * @param {string} options.prefix Prefix of every key and channel.
 * @param {BusHost} options.host The relay side.
 * @param {number} [options.liveTtlMs=10000] Lifetime of the liveness key (refreshed every third of it).
 * @param {number} [options.keyTtlMs=300000] Lifetime of a count hash nobody rewrites.
 * @param {number} [options.resyncIntervalMs=60000] Period of the full rewrite of this instance's counts.
 * @param {number} [options.commandTimeoutMs=2000] A Redis command slower than this fails (and the relay decides locally).
 * @returns {RedisBus}
 */
export function createRedisBus(options) {
  const { prefix, host } = options;
  const liveTtlMs = options.liveTtlMs ?? 10_000;
  const keyTtlMs = options.keyTtlMs ?? 300_000;
  const resyncIntervalMs = options.resyncIntervalMs ?? 60_000;
  const instanceId = randomBytes(instanceIdLength / 2).toString('hex');
  const channelPrefix = `${prefix}m:`;
  const liveKey = `${prefix}i:${instanceId}`;
  /** @type {import('ioredis').RedisOptions} */
  const redisOptions = {
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 10_000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  };
  const pub = redisFromUrl(options.url, redisOptions);
  const sub = redisFromUrl(options.url, redisOptions);
  /** @type {'up' | 'down'} */
  let state = 'down';
  let closed = false;
  /** @type {Array<() => void>} */
  let upWaiters = [];

  pub.on('error', ignore);
  sub.on('error', ignore);
  pub.on('ready', onReady);
  sub.on('ready', onReady);
  pub.on('close', onLost);
  sub.on('close', onLost);
  sub.on('message', (/** @type {string} */ channel, /** @type {string} */ message) => {
    if (!channel.startsWith(channelPrefix) || message.startsWith(instanceId)) return;
    host.onMessage(channel.slice(channelPrefix.length), message.slice(instanceIdLength));
  });

  const timers = [
    setInterval(() => {
      if (state === 'up') pub.set(liveKey, '1', 'PX', liveTtlMs).catch(ignore);
    }, liveTtlMs / 3),
    setInterval(() => {
      if (state === 'up') resync(false);
    }, resyncIntervalMs),
  ];
  for (const timer of timers) timer.unref();

  /** Both connections ready: the bus is up; every local count and subscription is written again. */
  function onReady() {
    if (closed || pub.status !== 'ready' || sub.status !== 'ready' || state === 'up') return;
    state = 'up';
    resync(true);
    host.onStateChange?.('up');
    for (const wake of upWaiters.splice(0)) wake();
  }

  /** A connection was lost: decide locally until both are back. */
  function onLost() {
    if (state === 'down') return;
    state = 'down';
    host.onStateChange?.('down');
  }

  /**
   * Rewrites this instance's liveness and counts (and, after a reconnect, its subscriptions).
   *
   * @param {boolean} resubscribe
   */
  function resync(resubscribe) {
    const { topics, addresses } = host.snapshot();
    const batch = pub.pipeline();
    batch.set(liveKey, '1', 'PX', liveTtlMs);
    /** @type {string[]} */
    const channels = [];
    for (const [topic, count] of topics) {
      batch.hset(`${prefix}t:${topic}`, instanceId, count);
      batch.pexpire(`${prefix}t:${topic}`, keyTtlMs);
      channels.push(channelPrefix + topic);
    }
    for (const [address, count] of addresses) {
      batch.hset(`${prefix}a:${address}`, instanceId, count);
      batch.pexpire(`${prefix}a:${address}`, keyTtlMs);
    }
    batch.exec().catch(ignore);
    if (resubscribe) {
      for (let i = 0; i < channels.length; i += 1000) sub.subscribe(...channels.slice(i, i + 1000)).catch(ignore);
    }
  }

  return {
    instanceId,
    state: () => state,
    async subscribe(topic) {
      if (state !== 'up') return;
      await sub.subscribe(channelPrefix + topic).catch(ignore);
    },
    unsubscribe(topic) {
      if (state === 'up') sub.unsubscribe(channelPrefix + topic).catch(ignore);
    },
    publish(topic, text) {
      if (state === 'up') pub.publish(channelPrefix + topic, instanceId + text).catch(ignore);
    },
    async admit(kind, name, count, max) {
      if (state !== 'up') throw new Error('redis is down');
      const total = await pub.eval(
        admitScript,
        1,
        `${prefix}${kind}:${name}`,
        instanceId,
        count,
        Number.isFinite(max) ? max : 2 ** 31,
        `${prefix}i:`,
        keyTtlMs,
      );
      return Number(total);
    },
    set(kind, name, count) {
      if (state !== 'up') return;
      const key = `${prefix}${kind}:${name}`;
      if (count <= 0) pub.hdel(key, instanceId).catch(ignore);
      else pub.hset(key, instanceId, count).catch(ignore);
    },
    whenUp() {
      return state === 'up' ? Promise.resolve() : new Promise((resolve) => upWaiters.push(() => resolve()));
    },
    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      upWaiters = [];
      if (state === 'up') await pub.del(liveKey).catch(ignore);
      state = 'down';
      pub.disconnect();
      sub.disconnect();
    },
  };
}

/**
 * An ioredis client for a `redis://`, `rediss://` or `unix://` URL.
 *
 * @param {string} url
 * @param {import('ioredis').RedisOptions} options
 */
function redisFromUrl(url, options) {
  if (url.startsWith('unix://')) return new Redis({ ...options, path: url.slice('unix://'.length) });
  return new Redis(url, options);
}

/** Errors of background Redis calls are expected while it is down: the relay decides locally. */
function ignore() {}
