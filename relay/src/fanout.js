// @ts-check
/**
 * Topic fan-out: who holds which topic (with its will), delivery to the other subscribers,
 * wills on death, and the budgets for wills. Knows nothing of WebSocket or Redis: sockets are
 * opaque keys, `send` delivers, and hooks tell a cluster bus when a topic opens, closes or
 * carries a message (see cluster.js).
 */
import { errorCodes, msgFrame } from './frames.js';

/**
 * What the registry keeps per socket: its topics (a small array: a socket holds a handful) and
 * the UTF-8 bytes of the wills it has registered.
 *
 * @typedef {{ topics: string[], willBytes: number }} SocketEntry
 */

/**
 * A refusal: stable code and human message.
 *
 * @typedef {{ code: import('./wire.js').ErrorCode, message: string }} Refusal
 */

/**
 * Creates a fan-out registry.
 *
 * @template S The socket type (any object).
 * @param {object} options
 * @param {(socket: S, text: string) => void} options.send Delivers one encoded frame (required; must not throw).
 * @param {number} options.maxTopicsPerSocket Topics one socket may hold (required).
 * @param {number} options.maxSubscribersPerTopic Sockets one topic may hold on this instance (required).
 * @param {number} [options.maxWillBytesPerSocket=Infinity] Will bytes one socket may register, all topics together.
 * @param {number} [options.maxWillBytesTotal=Infinity] Will bytes the registry holds, all sockets together.
 * @param {(topic: string) => void} [options.onOpen] A topic got its first local subscriber.
 * @param {(topic: string) => void} [options.onClose] A topic lost its last local subscriber.
 * @param {(topic: string, text: string) => void} [options.onPublish] A local pub or will was delivered locally (`text` = the encoded msg frame).
 */
export function createFanout(options) {
  const { send, maxTopicsPerSocket, maxSubscribersPerTopic } = options;
  const maxWillPerSocket = options.maxWillBytesPerSocket ?? Number.POSITIVE_INFINITY;
  const maxWillTotal = options.maxWillBytesTotal ?? Number.POSITIVE_INFINITY;
  /** @type {Map<string, Map<S, string | undefined>>} topic → subscriber → will */
  const topics = new Map();
  /** @type {Map<S, SocketEntry>} socket → its topics and will budget */
  const sockets = new Map();
  let forwarded = 0;
  let willBytes = 0;

  /**
   * Sends an encoded frame on `topic` to every local subscriber except `from`; returns how many got it.
   *
   * @param {S | undefined} from
   * @param {string} topic
   * @param {string} text
   */
  function deliverText(from, topic, text) {
    const subscribers = topics.get(topic);
    if (subscribers === undefined) return 0;
    let n = 0;
    for (const socket of subscribers.keys()) {
      if (socket === from) continue;
      send(socket, text);
      n += 1;
    }
    forwarded += n;
    return n;
  }

  /**
   * Delivers a local publication (pub or will) here and hands it to the cluster bus.
   *
   * @param {S | undefined} from
   * @param {string} topic
   * @param {string} data
   */
  function publishLocal(from, topic, data) {
    const text = msgFrame(topic, data);
    const n = deliverText(from, topic, text);
    options.onPublish?.(topic, text);
    return n;
  }

  /**
   * Removes `socket` from `topic`; returns whether it was there (and its will).
   *
   * @param {S} socket
   * @param {string} topic
   * @returns {{ was: boolean, will: string | undefined }}
   */
  function remove(socket, topic) {
    const subscribers = topics.get(topic);
    if (subscribers === undefined || !subscribers.has(socket)) return { was: false, will: undefined };
    const will = subscribers.get(socket);
    subscribers.delete(socket);
    const entry = sockets.get(socket);
    if (entry !== undefined) {
      const i = entry.topics.indexOf(topic);
      if (i >= 0) entry.topics.splice(i, 1);
      entry.willBytes -= sizeOf(will);
      if (entry.topics.length === 0) sockets.delete(socket);
    }
    willBytes -= sizeOf(will);
    if (subscribers.size === 0) {
      topics.delete(topic);
      options.onClose?.(topic);
    }
    return { was: true, will };
  }

  /**
   * Whether `socket` may join `topic` with `will` (nothing changes).
   *
   * @param {S} socket
   * @param {string} topic
   * @param {string | undefined} will
   * @returns {{ rejoin: boolean } | Refusal}
   */
  function check(socket, topic, will) {
    const subscribers = topics.get(topic);
    const entry = sockets.get(socket);
    const rejoin = subscribers?.has(socket) === true;
    const oldWill = rejoin ? sizeOf(subscribers?.get(socket)) : 0;
    const delta = sizeOf(will) - oldWill;
    if (!rejoin && (entry?.topics.length ?? 0) >= maxTopicsPerSocket) {
      return { code: errorCodes.tooManyTopics, message: `a socket may join at most ${maxTopicsPerSocket} topics` };
    }
    if (!rejoin && (subscribers?.size ?? 0) >= maxSubscribersPerTopic) {
      return { code: errorCodes.topicFull, message: topicFullMessage(topic, maxSubscribersPerTopic) };
    }
    if (delta > 0 && (entry?.willBytes ?? 0) + delta > maxWillPerSocket) {
      return {
        code: errorCodes.willTooLarge,
        message: `a socket's wills may total at most ${maxWillPerSocket} bytes`,
      };
    }
    if (delta > 0 && willBytes + delta > maxWillTotal) {
      return { code: errorCodes.willsFull, message: 'the relay holds as many wills as it may: try again later' };
    }
    return { rejoin };
  }

  return {
    check,

    /**
     * Adds `socket` to `topic` with an optional will (a re-join replaces the will).
     *
     * @param {S} socket
     * @param {string} topic
     * @param {string | undefined} will
     * @returns {{ peers: number, rejoin: boolean } | Refusal} Other local subscribers, or why not.
     */
    join(socket, topic, will) {
      const verdict = check(socket, topic, will);
      if ('code' in verdict) return verdict;
      let subscribers = topics.get(topic);
      const oldWill = subscribers?.get(socket);
      if (subscribers === undefined) {
        subscribers = new Map();
        topics.set(topic, subscribers);
        options.onOpen?.(topic);
      }
      subscribers.set(socket, will);
      let entry = sockets.get(socket);
      if (entry === undefined) {
        entry = { topics: [topic], willBytes: 0 }; // a literal: an array grown by push would reserve 16 slots
        sockets.set(socket, entry);
      } else if (!verdict.rejoin) entry.topics.push(topic);
      const delta = sizeOf(will) - sizeOf(oldWill);
      entry.willBytes += delta;
      willBytes += delta;
      return { peers: subscribers.size - 1, rejoin: verdict.rejoin };
    },

    /**
     * Removes `socket` from `topic` without its will; returns whether it had joined.
     *
     * @param {S} socket
     * @param {string} topic
     */
    leave(socket, topic) {
      return remove(socket, topic).was;
    },

    /**
     * Publishes `data` from `socket` to the topic's other subscribers.
     *
     * @param {S} socket
     * @param {string} topic
     * @param {string} data
     * @returns {{ delivered: number } | Refusal}
     */
    publish(socket, topic, data) {
      if (topics.get(topic)?.has(socket) !== true) {
        return { code: errorCodes.notJoined, message: 'join the topic before publishing to it' };
      }
      return { delivered: publishLocal(socket, topic, data) };
    },

    /**
     * Delivers a frame that another relay instance published (already encoded) to every local subscriber.
     *
     * @param {string} topic
     * @param {string} text
     */
    deliverRemote(topic, text) {
      return deliverText(undefined, topic, text);
    },

    /**
     * Forgets a dead socket; with `publishWills`, its wills go to the remaining subscribers.
     * A socket only ever has wills on topics it joined itself (a refused join registers none).
     *
     * @param {S} socket
     * @param {boolean} publishWills False on server shutdown.
     * @returns {number} How many wills were published.
     */
    drop(socket, publishWills) {
      const entry = sockets.get(socket);
      if (entry === undefined) return 0;
      let wills = 0;
      for (const topic of [...entry.topics]) {
        const { will } = remove(socket, topic);
        if (publishWills && will !== undefined) {
          publishLocal(undefined, topic, will);
          wills += 1;
        }
      }
      return wills;
    },

    /**
     * The topics `socket` holds.
     *
     * @param {S} socket
     * @returns {string[]}
     */
    topicsOf(socket) {
      return [...(sockets.get(socket)?.topics ?? [])];
    },

    /**
     * Local subscribers of `topic`.
     *
     * @param {string} topic
     */
    localCount(topic) {
      return topics.get(topic)?.size ?? 0;
    },

    /** Every topic with a local subscriber. */
    topicNames() {
      return topics.keys();
    },

    /** Number of topics with at least one subscriber. */
    get topicCount() {
      return topics.size;
    },

    /** Total `msg` frames handed to `send` (wills and remote messages included). */
    get forwarded() {
      return forwarded;
    },

    /** Will bytes held, all sockets together. */
    get willBytes() {
      return willBytes;
    },
  };
}

/**
 * UTF-8 size of a will (0 for none).
 *
 * @param {string | undefined} will
 */
function sizeOf(will) {
  return will === undefined ? 0 : Buffer.byteLength(will);
}

/**
 * The message of a `topic-full` error: names the topic and the limit.
 *
 * @param {string} topic
 * @param {number} max
 */
export function topicFullMessage(topic, max) {
  return `topic ${topic} is full: it holds ${max} subscribers already`;
}
