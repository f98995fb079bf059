// @ts-check
/**
 * The WebSocket wire protocol: parsing client frames, encoding server frames, error codes
 * and close codes. Parsing never throws: bad input becomes a typed error.
 */

/** Topic names: printable ASCII, no spaces (length is checked separately). */
export const topicPattern = /^[\x21-\x7e]+$/;

/**
 * Stable error codes sent as `{"op":"error","code":…}` (the union is `ErrorCode` in wire.d.ts).
 */
export const errorCodes = Object.freeze(
  /** @satisfies {Record<string, import('./wire.js').ErrorCode>} */ ({
    /** The text frame is not JSON, or not a JSON object. */
    badJson: 'bad-json',
    /** A binary frame (only JSON text frames are spoken). */
    badFrame: 'bad-frame',
    /** `op` is a string but not join, leave or pub. */
    unknownOp: 'unknown-op',
    /** A field is missing or has the wrong type or shape; the message names it. */
    badField: 'bad-field',
    /** The topic is longer than maxTopicLength. */
    topicTooLong: 'topic-too-long',
    /** The socket already holds maxTopicsPerSocket topics. */
    tooManyTopics: 'too-many-topics',
    /** The topic already holds maxSubscribersPerTopic sockets. */
    topicFull: 'topic-full',
    /** The socket's or address's token bucket is empty: the frame was dropped (first of a run answered). */
    rateLimited: 'rate-limited',
    /** pub to a topic this socket has not joined. */
    notJoined: 'not-joined',
    /** The join's will would take the socket's wills over maxWillBytesPerSocket. */
    willTooLarge: 'will-too-large',
    /** The relay already holds maxWillBytesTotal of wills (all sockets together). */
    willsFull: 'wills-full',
  }),
);

/** WebSocket close codes the relay uses. */
export const closeCodes = Object.freeze({
  /** Server shutting down (ws `terminate()` gives the client 1006 instead). */
  goingAway: 1001,
  /** Policy violation: sustained flooding, or too many connections from one address. */
  policyViolation: 1008,
  /** Frame larger than maxFrameBytes (sent by ws through maxPayload). */
  messageTooBig: 1009,
  /**
   * Token missing or wrong, for a client that offered `porthole.v1` (a browser: it cannot read the
   * HTTP status of a refused upgrade, only a close code). The socket is closed at once, never joined.
   */
  unauthorized: 4401,
});

/**
 * A well-formed client frame (wire.d.ts `ClientFrame`, with `will` always present on a join).
 *
 * @typedef {{ op: 'join', topic: string, will: string | undefined }
 *   | import('./wire.js').LeaveFrame
 *   | import('./wire.js').PubFrame} ClientFrame
 */

/**
 * A rejected client frame: error code, human message, and the topic when one was readable.
 *
 * @typedef {{ code: import('./wire.js').ErrorCode, message: string, topic?: string }} FrameError
 */

/**
 * Parses one text frame.
 *
 * @param {string} text The frame's UTF-8 text.
 * @param {number} maxTopicLength Longest topic accepted.
 * @returns {{ frame: ClientFrame } | { error: FrameError }}
 */
export function parseClientFrame(text, maxTopicLength) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(errorCodes.badJson, 'frame is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(errorCodes.badJson, 'frame must be a JSON object');
  }
  const record = /** @type {Record<string, unknown>} */ (value);
  const { op, topic } = record;
  if (typeof op !== 'string') return fail(errorCodes.badField, 'field "op" must be a string');
  if (op !== 'join' && op !== 'leave' && op !== 'pub') {
    return fail(errorCodes.unknownOp, `unknown op ${JSON.stringify(op.slice(0, 32))} (expected join, leave or pub)`);
  }
  if (typeof topic !== 'string') return fail(errorCodes.badField, 'field "topic" must be a string');
  if (topic.length > maxTopicLength) {
    return fail(errorCodes.topicTooLong, `topic is longer than ${maxTopicLength} characters`);
  }
  if (!topicPattern.test(topic)) {
    return fail(errorCodes.badField, 'field "topic" must be non-empty printable ASCII without spaces');
  }
  if (op === 'leave') return { frame: { op, topic } };
  if (op === 'join') {
    const { will } = record;
    if (will !== undefined && typeof will !== 'string') {
      return fail(errorCodes.badField, 'field "will" must be a string when present', topic);
    }
    return { frame: { op, topic, will } };
  }
  const { data } = record;
  if (typeof data !== 'string') return fail(errorCodes.badField, 'field "data" must be a string', topic);
  return { frame: { op, topic, data } };
}

/**
 * @param {import('./wire.js').ErrorCode} code
 * @param {string} message
 * @param {string} [topic]
 * @returns {{ error: FrameError }}
 */
function fail(code, message, topic) {
  return { error: topic === undefined ? { code, message } : { code, message, topic } };
}

/**
 * Encodes a message delivered to subscribers.
 *
 * @param {string} topic
 * @param {string} data
 */
export function msgFrame(topic, data) {
  return JSON.stringify({ op: 'msg', topic, data });
}

/**
 * Encodes the answer to a join: how many other sockets hold the topic.
 *
 * @param {string} topic
 * @param {number} peers
 */
export function joinedFrame(topic, peers) {
  return JSON.stringify({ op: 'joined', topic, peers });
}

/**
 * Encodes an error.
 *
 * @param {FrameError} error
 */
export function errorFrame(error) {
  return JSON.stringify({ op: 'error', ...error });
}
