// @ts-check
/**
 * Per-socket message rate limiting (token bucket with flood detection) and per-address
 * connection counting. Pure bookkeeping: no sockets, no timers.
 */

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
 * Creates one socket's rate limiter.
 *
 * @param {object} options
 * @param {number} options.ratePerSecond Tokens added per second (required).
 * @param {number} options.burst Bucket size, also the initial fill (required).
 * @param {number} [options.floodWindowMs=5000] Window in which dropped messages are counted.
 * @param {number} [options.floodFactor=3] Drops above `floodFactor * burst` in the window mean flood.
 * @param {() => number} [options.now=performance.now] Clock in milliseconds (for tests).
 * @returns {{ take(): RateVerdict, readonly tokens: number }}
 */
export function createRateLimiter(options) {
  return new RateLimiter(options);
}

/** A token bucket with flood detection; a class so that thousands of sockets share its methods. */
class RateLimiter {
  /** @param {{ ratePerSecond: number, burst: number, floodWindowMs?: number, floodFactor?: number, now?: () => number }} options */
  constructor(options) {
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst;
    this.windowMs = options.floodWindowMs ?? floodWindowMs;
    this.maxDropped = (options.floodFactor ?? floodFactor) * options.burst;
    this.now = options.now ?? performanceNow;
    /** Tokens left (fractional). */
    this.tokens = options.burst;
    this.refilledAt = this.now();
    this.windowStart = this.refilledAt;
    this.dropped = 0;
  }

  /** Takes one token: 'ok', 'limited' (dropped), or 'flood' (too many dropped in the window). @returns {RateVerdict} */
  take() {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.refilledAt) * this.ratePerSecond) / 1000);
    this.refilledAt = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (t - this.windowStart > this.windowMs) {
      this.windowStart = t;
      this.dropped = 0;
    }
    this.dropped += 1;
    return this.dropped > this.maxDropped ? 'flood' : 'limited';
  }
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

/**
 * Normalizes a socket's remote address (IPv4-mapped IPv6 → IPv4) so both forms share a count.
 *
 * @param {string | undefined} address `socket.remoteAddress`.
 * @returns {string}
 */
export function normalizeAddress(address) {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
