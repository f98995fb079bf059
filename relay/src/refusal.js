// @ts-check
/**
 * Refused WebSocket upgrades: a plain HTTP answer written on the raw socket (encoded once per
 * kind, not per refusal), and a tarpit that holds the 429 of an address over its connect rate for
 * its `Retry-After` second, so a client retrying in a loop costs the relay (and itself) one
 * attempt a second instead of hundreds.
 */

/** How long an upgrade over its address's connect rate waits for its 429 (its `Retry-After`). */
export const connectRefusalDelayMs = 1000;

/** Refusals held back at once, all addresses together; past that they are answered at once. */
export const maxDelayedRefusals = 1024;

/** @type {Map<string, Buffer>} encoded answers, by status and body */
const encoded = new Map();

/**
 * The bytes of a refusal: status line, headers and a one-line body (cached per kind).
 *
 * @param {number} status
 * @param {string} reason The status text.
 * @param {string} detail One line for the body.
 * @param {Record<string, string>} [headers]
 */
export function refusalResponse(status, reason, detail, headers = {}) {
  const key = `${status} ${detail}`;
  const cached = encoded.get(key);
  if (cached !== undefined) return cached;
  const body = `${detail}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
  encoded.set(key, bytes);
  return bytes;
}

/**
 * Writes a refusal and closes the connection (or just closes it when it is gone already).
 *
 * @param {import('node:stream').Duplex} socket
 * @param {Buffer} response From refusalResponse().
 */
export function sendRefusal(socket, response) {
  if (socket.writable) socket.end(response, () => socket.destroy());
  else socket.destroy();
}

/**
 * Holds refusals for a fixed delay, oldest first, with one timer for all of them.
 */
export class RefusalTarpit {
  /**
   * @param {number} delayMs How long each refusal is held.
   * @param {number} maxHeld Refusals held at once; past that they are answered at once.
   */
  constructor(delayMs, maxHeld) {
    this.delayMs = delayMs;
    this.maxHeld = maxHeld;
    /** @type {Array<{ socket: import('node:stream').Duplex, response: Buffer, dueAtMs: number }>} */
    this.held = [];
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
  }

  /**
   * Answers `socket` with `response` after the delay (at once when the tarpit is full).
   *
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} response
   */
  hold(socket, response) {
    if (this.held.length >= this.maxHeld) return sendRefusal(socket, response);
    this.held.push({ socket, response, dueAtMs: performance.now() + this.delayMs });
    if (this.timer === undefined) this.schedule(this.delayMs);
  }

  /** Answers every held refusal now (the relay is closing). */
  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { socket, response } of this.held.splice(0)) sendRefusal(socket, response);
  }

  /** Refusals being held. */
  get size() {
    return this.held.length;
  }

  /** @param {number} ms */
  schedule(ms) {
    this.timer = setTimeout(() => this.release(), Math.max(0, ms));
    this.timer.unref();
  }

  /** Answers the refusals that are due; waits for the next one. */
  release() {
    this.timer = undefined;
    const nowMs = performance.now();
    let due = 0;
    while (due < this.held.length && /** @type {{ dueAtMs: number }} */ (this.held[due]).dueAtMs <= nowMs) due += 1;
    for (const { socket, response } of this.held.splice(0, due)) sendRefusal(socket, response);
    const next = this.held[0];
    if (next !== undefined) this.schedule(next.dueAtMs - nowMs);
  }
}
