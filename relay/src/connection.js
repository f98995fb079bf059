// @ts-check
/**
 * One accepted socket's state and the ways to write to it: a small object per connection, and
 * sends that never throw and never let a socket that stopped reading grow the relay's memory.
 */
import { WebSocket } from 'ws';

/**
 * One accepted socket: a small object with the bucket fields inline (see limits.js BucketState).
 */
export class Connection {
  /**
   * @param {import('ws').WebSocket} ws
   * @param {string} key The address's counting key.
   * @param {import('./limits.js').RatePolicy} policy The per-socket bucket policy.
   */
  constructor(ws, key, policy) {
    this.ws = ws;
    this.key = key;
    /** Whether a pong arrived since the last ping. */
    this.alive = true;
    this.tokens = 0;
    this.refilledAt = 0;
    this.windowStart = 0;
    this.dropped = 0;
    /** Whether the current run of rate-limited frames has been answered (one error per run). */
    this.limitedReported = false;
    policy.fill(this);
    /** @type {string[] | undefined} Frames waiting while a Redis round trip of this socket is pending. */
    this.queue = undefined;
  }
}

/**
 * Sends a frame if the socket is open (never throws).
 *
 * @param {WebSocket} ws
 * @param {string} text
 */
export function sendText(ws, text) {
  if (ws.readyState === WebSocket.OPEN) ws.send(text);
}

/**
 * Sends a fan-out frame, unless the socket has stopped reading: when more than `maxBufferedBytes`
 * would be queued to it, it is terminated (its wills fire) instead of growing the relay's memory.
 *
 * @param {WebSocket} ws
 * @param {string} text
 * @param {number} maxBufferedBytes
 */
export function sendBounded(ws, text, maxBufferedBytes) {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount + text.length > maxBufferedBytes) {
    ws.terminate();
    return;
  }
  ws.send(text);
}

/**
 * How long a socket the relay closes has to take its close frame before its TCP connection is cut.
 * Nothing more is read from it meanwhile: a flooder's backlog (megabytes queued ahead of its own
 * close frame) or a refused client's stream cost the relay tens of milliseconds of parsing for
 * every other room.
 */
export const closeGraceMs = 1000;

/**
 * Closes a socket the relay throws out or refuses (flooding, too many connections, no token),
 * stops reading it, and cuts it after {@link closeGraceMs} (a peer never answering the close
 * would otherwise hold it for ws's 30 s).
 *
 * @param {WebSocket} ws
 * @param {number} code
 * @param {string} reason
 */
export function closeUnread(ws, code, reason) {
  ws.close(code, reason);
  ws.pause();
  setTimeout(() => ws.terminate(), closeGraceMs).unref();
}

/**
 * A frame's payload as text.
 *
 * @param {import('ws').RawData} data
 */
export function rawText(data) {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
