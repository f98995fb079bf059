// @ts-check
/**
 * Rate limiting (token buckets with flood detection) per socket and per address, and connection
 * counting per address. Pure bookkeeping: no sockets, no timers. Addresses are counting keys
 * (see address.js: IPv4, or an IPv6 /64).
 */
export { normalizeAddress } from './address.js';

/** How far back dropped messages count towards flood detection. */
export const floodWindowMs = 5000;

/** A socket that has more than this many times `burst` messages dropped within the window is a flood. */
export const floodFactor = 3;

/**
 * The verdict on one incoming message: `ok` (handle it), `limited` (drop it with an error),
 * `flood` (drop it and close the socket).
 *
 * @typedef {'ok' | 'limited' | 'flood'} RateVerdict
 */

/**
 * The shape every bucket keeps (a socket's state object carries these fields itself, so a socket
 * costs no extra object for its limiter).
 *
 * @typedef {object} BucketState
 * @property {number} tokens Tokens left (fractional).
 * @property {number} refilledAt When tokens were last topped up (ms).
 * @property {number} windowStart Start of the current flood window (ms).
 * @property {number} dropped Messages dropped in the current window.
 */

/** A bucket's settings, shared by every socket. */
export class RatePolicy {
  /**
   * @param {object} options
   * @param {number} options.ratePerSecond Tokens added per second (required).
   * @param {number} options.burst Bucket size, also the initial fill (required).
   * @param {number} [options.floodWindowMs=5000] Window in which dropped messages are counted.
   * @param {number} [options.floodFactor=3] Drops above `floodFactor * burst` in the window mean flood.
   * @param {() => number} [options.now=performance.now] Clock in milliseconds (for tests).
   */
  constructor(options) {
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst;
    this.windowMs = options.floodWindowMs ?? floodWindowMs;
    this.maxDropped = (options.floodFactor ?? floodFactor) * options.burst;
    this.now = options.now ?? performanceNow;
  }

  /**
   * Fills `state` as a fresh, full bucket.
   *
   * @param {BucketState} state
   */
  fill(state) {
    state.tokens = this.burst;
    state.refilledAt = this.now();
    state.windowStart = state.refilledAt;
    state.dropped = 0;
  }

  /**
   * Tops the bucket up to now; returns the time used.
   *
   * @param {BucketState} state
   */
  refill(state) {
    const t = this.now();
    state.tokens = Math.min(this.burst, state.tokens + ((t - state.refilledAt) * this.ratePerSecond) / 1000);
    state.refilledAt = t;
    return t;
  }

  /**
   * Takes one token: 'ok', 'limited' (dropped), or 'flood' (too many dropped in the window).
   *
   * @param {BucketState} state
   * @returns {RateVerdict}
   */
  take(state) {
    const t = this.refill(state);
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return 'ok';
    }
    return this.drop(state, t);
  }

  /**
   * Counts one dropped message (the caller refused it for another bucket's sake).
   *
   * @param {BucketState} state
   * @param {number} [t]
   * @returns {RateVerdict} 'limited' or 'flood'.
   */
  drop(state, t = this.now()) {
    if (t - state.windowStart > this.windowMs) {
      state.windowStart = t;
      state.dropped = 0;
    }
    state.dropped += 1;
    return state.dropped > this.maxDropped ? 'flood' : 'limited';
  }

  /**
   * Milliseconds until the bucket holds a whole token again, as of its last refill (0 if it does).
   *
   * @param {BucketState} state
   */
  waitMs(state) {
    return state.tokens >= 1 ? 0 : ((1 - state.tokens) * 1000) / this.ratePerSecond;
  }

  /**
   * Whether the bucket is full again (nothing would be lost by forgetting it).
   *
   * @param {BucketState} state
   */
  isFull(state) {
    this.refill(state);
    return state.tokens >= this.burst;
  }
}

/**
 * Creates one stand-alone rate limiter (the relay itself keeps bucket fields in its socket state).
 *
 * @param {ConstructorParameters<typeof RatePolicy>[0]} options
 * @returns {{ take(): RateVerdict, readonly tokens: number }}
 */
export function createRateLimiter(options) {
  const policy = new RatePolicy(options);
  /** @type {BucketState} */
  const state = { tokens: 0, refilledAt: 0, windowStart: 0, dropped: 0 };
  policy.fill(state);
  return {
    take: () => policy.take(state),
    get tokens() {
      return state.tokens;
    },
  };
}

/** The default clock. */
function performanceNow() {
  return performance.now();
}

/**
 * Creates a counter of open connections per remote address.
 *
 * @param {number} maxPerAddress Connections one address may hold at once.
 * @returns {{ acquire(address: string): boolean, release(address: string): void, count(address: string): number }}
 */
export function createConnectionCounter(maxPerAddress) {
  /** @type {Map<string, number>} */
  const open = new Map();
  return {
    acquire(address) {
      const n = open.get(address) ?? 0;
      if (n >= maxPerAddress) return false;
      open.set(address, n + 1);
      return true;
    },
    release(address) {
      const n = open.get(address) ?? 0;
      if (n <= 1) open.delete(address);
      else open.set(address, n - 1);
    },
    count(address) {
      return open.get(address) ?? 0;
    },
  };
}

/** One address's counters: open connections, its message bucket and its connect-attempt bucket. */
class AddressEntry {
  /**
   * @param {RatePolicy} messages
   * @param {RatePolicy} connects
   */
  constructor(messages, connects) {
    this.connections = 0;
    /** @type {BucketState} */
    this.messages = { tokens: 0, refilledAt: 0, windowStart: 0, dropped: 0 };
    /** @type {BucketState} */
    this.connects = { tokens: 0, refilledAt: 0, windowStart: 0, dropped: 0 };
    messages.fill(this.messages);
    connects.fill(this.connects);
  }
}

/**
 * Per-address limits: concurrent connections, a message bucket shared by all of the address's
 * sockets (reconnecting does not refill it), and a bucket of connection attempts. An address is
 * forgotten once it holds no connection and both buckets are full again (see sweep()).
 *
 * @param {object} options
 * @param {number} options.maxConnections Connections one address may hold at once (required).
 * @param {number} options.messagesPerSecond Refill of the address's message bucket (required).
 * @param {number} options.messageBurst Size of the address's message bucket (required).
 * @param {number} options.connectsPerSecond Refill of the connect-attempt bucket (required).
 * @param {number} options.connectBurst Size of the connect-attempt bucket (required).
 * @param {() => number} [options.now=performance.now] Clock in milliseconds (for tests).
 */
export function createAddressLimits(options) {
  const now = options.now ?? performanceNow;
  const messagePolicy = new RatePolicy({
    ratePerSecond: options.messagesPerSecond,
    burst: options.messageBurst,
    now,
  });
  const connectPolicy = new RatePolicy({
    ratePerSecond: options.connectsPerSecond,
    burst: options.connectBurst,
    now,
  });
  /** @type {Map<string, AddressEntry>} */
  const entries = new Map();
  /** @param {string} key */
  const entry = (key) => {
    let found = entries.get(key);
    if (found === undefined) {
      found = new AddressEntry(messagePolicy, connectPolicy);
      entries.set(key, found);
    }
    return found;
  };

  return {
    /**
     * Takes one connection attempt from the address's bucket; false = refuse the upgrade.
     *
     * @param {string} key
     */
    allowConnect(key) {
      return connectPolicy.take(entry(key).connects) === 'ok';
    },
    /**
     * Counts one more open connection; false (and nothing counted) when the address is full.
     *
     * @param {string} key
     */
    acquire(key) {
      const found = entry(key);
      if (found.connections >= options.maxConnections) return false;
      found.connections += 1;
      return true;
    },
    /**
     * Counts one connection less.
     *
     * @param {string} key
     */
    release(key) {
      const found = entries.get(key);
      if (found !== undefined && found.connections > 0) found.connections -= 1;
    },
    /**
     * Open connections of an address.
     *
     * @param {string} key
     */
    count(key) {
      return entries.get(key)?.connections ?? 0;
    },
    /**
     * Takes one message from the address's bucket; false = drop it.
     *
     * @param {string} key
     */
    takeMessage(key) {
      return messagePolicy.take(entry(key).messages) === 'ok';
    },
    /**
     * Milliseconds until the address's message bucket holds a token again (0 if it does).
     *
     * @param {string} key
     */
    messageWaitMs(key) {
      const found = entries.get(key);
      return found === undefined ? 0 : messagePolicy.waitMs(found.messages);
    },
    /** Addresses with open connections and their counts (for a cluster resync). @returns {Iterable<[string, number]>} */
    *connectionCounts() {
      for (const [key, found] of entries) if (found.connections > 0) yield [key, found.connections];
    },
    /** Forgets addresses with no connection whose buckets are full again; returns how many are left. */
    sweep() {
      for (const [key, found] of entries) {
        if (found.connections === 0 && messagePolicy.isFull(found.messages) && connectPolicy.isFull(found.connects)) {
          entries.delete(key);
        }
      }
      return entries.size;
    },
    /** Addresses currently remembered. */
    get size() {
      return entries.size;
    },
  };
}
