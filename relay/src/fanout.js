// @ts-check
/**
 * Topic fan-out: who holds which topic (with its will), delivery to the other subscribers,
 * wills on death. Knows nothing of WebSocket: sockets are opaque keys and `send` delivers.
 */
import { errorCodes, msgFrame } from './frames.js';

/**
 * Creates a fan-out registry.
 *
 * @template S The socket type (any object).
 * @param {object} options
 * @param {(socket: S, text: string) => void} options.send Delivers one encoded frame (required; must not throw).
 * @param {number} options.maxTopicsPerSocket Topics one socket may hold (required).
 * @param {number} options.maxSubscribersPerTopic Sockets one topic may hold (required).
 */
export function createFanout(options) {
  const { send, maxTopicsPerSocket, maxSubscribersPerTopic } = options;
  /** @type {Map<string, Map<S, string | undefined>>} topic → subscriber → will */
  const topics = new Map();
  /** @type {Map<S, Set<string>>} socket → its topics */
  const socketTopics = new Map();
  let forwarded = 0;

  /**
   * Sends `data` on `topic` to every subscriber except `from`; returns how many got it.
   *
   * @param {S | undefined} from
   * @param {string} topic
   * @param {string} data
   */
  function deliver(from, topic, data) {
    const subscribers = topics.get(topic);
    if (subscribers === undefined) return 0;
    const text = msgFrame(topic, data);
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
    if (subscribers.size === 0) topics.delete(topic);
    const mine = socketTopics.get(socket);
    mine?.delete(topic);
    if (mine?.size === 0) socketTopics.delete(socket);
    return { was: true, will };
  }

  return {
    /**
     * Adds `socket` to `topic` with an optional will (a re-join replaces the will).
     *
     * @param {S} socket
     * @param {string} topic
     * @param {string | undefined} will
     * @returns {{ peers: number } | { code: string, message: string }} Other subscribers, or why not.
     */
    join(socket, topic, will) {
      let subscribers = topics.get(topic);
      const mine = socketTopics.get(socket);
      if (subscribers?.has(socket)) {
        subscribers.set(socket, will);
        return { peers: subscribers.size - 1 };
      }
      if ((mine?.size ?? 0) >= maxTopicsPerSocket) {
        return { code: errorCodes.tooManyTopics, message: `a socket may join at most ${maxTopicsPerSocket} topics` };
      }
      if ((subscribers?.size ?? 0) >= maxSubscribersPerTopic) {
        return {
          code: errorCodes.topicFull,
          message: `a topic may hold at most ${maxSubscribersPerTopic} subscribers`,
        };
      }
      if (subscribers === undefined) {
        subscribers = new Map();
        topics.set(topic, subscribers);
      }
      subscribers.set(socket, will);
      if (mine === undefined) socketTopics.set(socket, new Set([topic]));
      else mine.add(topic);
      return { peers: subscribers.size - 1 };
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
     * @returns {{ delivered: number } | { code: string, message: string }}
     */
    publish(socket, topic, data) {
      if (topics.get(topic)?.has(socket) !== true) {
        return { code: errorCodes.notJoined, message: 'join the topic before publishing to it' };
      }
      return { delivered: deliver(socket, topic, data) };
    },

    /**
     * Forgets a dead socket; with `publishWills`, its wills go to the remaining subscribers.
     *
     * @param {S} socket
     * @param {boolean} publishWills False on server shutdown.
     * @returns {number} How many wills were published.
     */
    drop(socket, publishWills) {
      const mine = socketTopics.get(socket);
      if (mine === undefined) return 0;
      let wills = 0;
      for (const topic of [...mine]) {
        const { will } = remove(socket, topic);
        if (publishWills && will !== undefined) {
          deliver(undefined, topic, will);
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
      return [...(socketTopics.get(socket) ?? [])];
    },

    /** Number of topics with at least one subscriber. */
    get topicCount() {
      return topics.size;
    },

    /** Total `msg` frames handed to `send` (wills included). */
    get forwarded() {
      return forwarded;
    },
  };
}
