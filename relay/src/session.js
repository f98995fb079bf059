// @ts-check
/**
 * What happens to a socket's frames: rate limits (per socket and per address), parsing, join /
 * leave / pub on the fan-out, and — with a cluster bus — the Redis round trips of a join or a new
 * connection, during which the socket's later frames wait in order.
 */
import { WebSocket } from 'ws';
import { closeUnread, rawText, sendBounded, sendText } from './connection.js';
/** @typedef {import('./connection.js').Connection} Connection */
import { createFanout, topicFullMessage } from './fanout.js';
import { closeCodes, errorCodes, errorFrame, joinedFrame, parseClientFrame } from './frames.js';

/**
 * Creates the frame handler of one relay.
 *
 * @param {object} options
 * @param {import('./config.js').RelayConfig} options.config
 * @param {ReturnType<typeof import('./limits.js').createAddressLimits>} options.limits Per-address limits.
 * @param {import('./limits.js').RatePolicy} options.socketPolicy Per-socket bucket policy.
 * @param {Map<WebSocket, Connection>} options.sockets Accepted sockets (owned by websocket.js).
 */
export function createSession(options) {
  const { config, limits, socketPolicy, sockets } = options;
  /** Frames one socket may have waiting during a Redis round trip. */
  const maxQueued = 2 * config.messageBurst;
  /** Longest a rate-limited socket goes unread (well inside a ping period, so its pongs count). */
  const maxReadPauseMs = Math.min(1000, config.pingIntervalMs / 4);
  const socketLimitedMessage = `this socket is over ${config.maxMessagesPerSecond} messages/s (burst ${config.messageBurst}): frame dropped`;
  const addressLimitedMessage = `this address is over ${config.maxMessagesPerSecondPerIp} messages/s (burst ${config.messageBurstPerIp}): frame dropped`;
  /** @type {import('./redis-bus.js').RedisBus | undefined} */
  let bus;
  /** @type {Map<string, Promise<void>>} topic → its pending Redis SUBSCRIBE */
  const subscriptions = new Map();
  /** @type {Map<string, number>} topic → joins of this instance waiting for Redis */
  const pendingJoins = new Map();

  /** @type {ReturnType<typeof createFanout<WebSocket>>} */
  const fanout = createFanout({
    send: (ws, text) => sendBounded(ws, text, config.maxBufferedBytes),
    maxTopicsPerSocket: config.maxTopicsPerSocket,
    maxSubscribersPerTopic: config.maxSubscribersPerTopic,
    maxWillBytesPerSocket: config.maxWillBytesPerSocket,
    maxWillBytesTotal: config.maxWillBytesTotal,
    onOpen(topic) {
      if (bus?.state() !== 'up') return;
      const subscribed = bus.subscribe(topic);
      subscriptions.set(topic, subscribed);
      subscribed.then(() => {
        if (subscriptions.get(topic) === subscribed) subscriptions.delete(topic);
      });
    },
    onClose(topic) {
      bus?.unsubscribe(topic);
    },
    onPublish(topic, text) {
      bus?.publish(topic, text);
    },
  });

  /**
   * This instance's subscribers of `topic` as Redis counts them (joins in flight included).
   *
   * @param {string} topic
   */
  function clusterCount(topic) {
    return fanout.localCount(topic) + (pendingJoins.get(topic) ?? 0);
  }

  /**
   * Writes this instance's count of `topic` to Redis.
   *
   * @param {string} topic
   */
  function topicChanged(topic) {
    bus?.set('t', topic, clusterCount(topic));
  }

  /**
   * @param {string} topic
   * @param {number} delta
   */
  function reserve(topic, delta) {
    const n = (pendingJoins.get(topic) ?? 0) + delta;
    if (n > 0) pendingJoins.set(topic, n);
    else pendingJoins.delete(topic);
  }

  /**
   * Sends an error frame.
   *
   * @param {WebSocket} ws
   * @param {import('./wire.js').ErrorCode} code
   * @param {string} message
   * @param {string} [topic]
   */
  function sendError(ws, code, message, topic) {
    sendText(ws, errorFrame(topic === undefined ? { code, message } : { code, message, topic }));
  }

  /**
   * Stops reading a socket for `waitMs` (bounded), unless it is paused already.
   *
   * @param {Connection} connection
   * @param {number} waitMs
   */
  function pauseReading(connection, waitMs) {
    if (waitMs <= 0 || connection.ws.isPaused) return;
    connection.ws.pause();
    resumeAfter(connection, waitMs);
  }

  /**
   * @param {Connection} connection
   * @param {number} waitMs
   */
  function resumeAfter(connection, waitMs) {
    setTimeout(resumeReading, Math.min(maxReadPauseMs, Math.ceil(waitMs) + 1), connection).unref();
  }

  /**
   * Reads a paused socket again once its own bucket holds a token (timers may fire a little
   * early); a closing or closed socket stays paused (a flooder closed with 1008 would otherwise
   * have its whole backlog read and parsed).
   *
   * @param {Connection} connection
   */
  function resumeReading(connection) {
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    socketPolicy.refill(connection);
    const waitMs = socketPolicy.waitMs(connection);
    if (waitMs > 0) return resumeAfter(connection, waitMs);
    connection.ws.resume();
  }

  /**
   * Handles one parsed-or-not text frame (rate limits already applied).
   *
   * @param {Connection} connection
   * @param {string} text
   */
  function handle(connection, text) {
    const { ws } = connection;
    if (ws.readyState !== WebSocket.OPEN) return;
    const parsed = parseClientFrame(text, config.maxTopicLength);
    if ('error' in parsed) return sendText(ws, errorFrame(parsed.error));
    const { frame } = parsed;
    if (frame.op === 'leave') {
      if (fanout.leave(ws, frame.topic)) topicChanged(frame.topic);
      return;
    }
    if (frame.op === 'pub') {
      const result = fanout.publish(ws, frame.topic, frame.data);
      if ('code' in result) sendError(ws, result.code, result.message, frame.topic);
      return;
    }
    join(connection, frame.topic, frame.will);
  }

  /**
   * Joins locally (no Redis, or Redis down: decided here), or through Redis's shared count.
   *
   * @param {Connection} connection
   * @param {string} topic
   * @param {string | undefined} will
   */
  function join(connection, topic, will) {
    const { ws } = connection;
    if (bus?.state() !== 'up') {
      const result = fanout.join(ws, topic, will);
      if ('code' in result) return sendError(ws, result.code, result.message, topic);
      return sendText(ws, joinedFrame(topic, result.peers));
    }
    const verdict = fanout.check(ws, topic, will);
    if ('code' in verdict) return sendError(ws, verdict.code, verdict.message, topic);
    connection.queue = [];
    if (!verdict.rejoin) reserve(topic, 1);
    const max = verdict.rejoin ? Number.POSITIVE_INFINITY : config.maxSubscribersPerTopic;
    bus.admit('t', topic, clusterCount(topic), max).then(
      (total) => finishJoin(connection, topic, will, verdict.rejoin, total),
      () => finishJoin(connection, topic, will, verdict.rejoin, undefined),
    );
  }

  /**
   * The second half of a join through Redis: `total` = subscribers on every instance, -1 = full,
   * undefined = Redis failed (decided locally).
   *
   * @param {Connection} connection
   * @param {string} topic
   * @param {string | undefined} will
   * @param {boolean} rejoin
   * @param {number | undefined} total
   */
  async function finishJoin(connection, topic, will, rejoin, total) {
    const { ws } = connection;
    if (!rejoin) reserve(topic, -1);
    if (sockets.get(ws) !== connection) {
      topicChanged(topic); // closed meanwhile: take the reservation back
      return;
    }
    if (total === -1) {
      sendError(ws, errorCodes.topicFull, topicFullMessage(topic, config.maxSubscribersPerTopic), topic);
      return resume(connection);
    }
    const result = fanout.join(ws, topic, will);
    topicChanged(topic);
    if ('code' in result) {
      sendError(ws, result.code, result.message, topic);
      return resume(connection);
    }
    await subscriptions.get(topic); // a message from another instance must not slip past
    sendText(ws, joinedFrame(topic, Math.max(result.peers, (total ?? 0) - 1)));
    resume(connection);
  }

  /**
   * Handles the frames that waited for a Redis round trip, in order.
   *
   * @param {Connection} connection
   */
  function resume(connection) {
    const waiting = connection.queue ?? [];
    connection.queue = undefined;
    for (let i = 0; i < waiting.length; i += 1) {
      const later = /** @type {string[] | undefined} */ (connection.queue);
      if (later !== undefined) {
        later.unshift(...waiting.slice(i)); // another round trip began: the rest waits again, in order
        return;
      }
      handle(connection, /** @type {string} */ (waiting[i]));
    }
  }

  return {
    fanout,

    /**
     * One incoming frame: rate limits, then handled now or queued behind a Redis round trip.
     *
     * @param {Connection} connection
     * @param {import('ws').RawData} data
     * @param {boolean} isBinary
     */
    receive(connection, data, isBinary) {
      const { ws } = connection;
      if (ws.readyState !== WebSocket.OPEN) return;
      let verdict = socketPolicy.take(connection);
      let bySocket = true;
      if (verdict === 'ok' && !limits.takeMessage(connection.key)) {
        // Dropped for the address's sake: not this socket's flooding (a neighbour behind the same
        // NAT or /64 must not get it closed), so it only waits.
        verdict = 'limited';
        bySocket = false;
      }
      if (verdict === 'flood') return closeUnread(ws, closeCodes.policyViolation, 'message rate limit exceeded');
      if (verdict === 'limited') {
        // Shed the flood cheaply: leave its next bytes in the kernel until a token is back, and
        // answer only the first dropped frame of a run (not one error frame per frame).
        pauseReading(connection, bySocket ? socketPolicy.waitMs(connection) : limits.messageWaitMs(connection.key));
        if (connection.limitedReported) return;
        connection.limitedReported = true;
        return sendError(ws, errorCodes.rateLimited, bySocket ? socketLimitedMessage : addressLimitedMessage);
      }
      connection.limitedReported = false;
      if (isBinary) return sendError(ws, errorCodes.badFrame, 'binary frames are not accepted: send JSON text');
      const text = rawText(data);
      if (connection.queue === undefined) return handle(connection, text);
      if (connection.queue.length >= maxQueued) {
        return sendError(ws, errorCodes.rateLimited, 'too many frames waiting for the relay: frame dropped');
      }
      connection.queue.push(text);
    },

    /**
     * Counts a new connection in Redis (the per-address limit across instances); its frames wait.
     *
     * @param {Connection} connection Already counted locally.
     */
    admitAddress(connection) {
      if (bus?.state() !== 'up') return;
      connection.queue = [];
      bus.admit('a', connection.key, limits.count(connection.key), config.maxConnectionsPerIp).then(
        (total) => {
          if (total === -1)
            closeUnread(connection.ws, closeCodes.policyViolation, 'too many connections from this address');
          else resume(connection);
        },
        () => resume(connection),
      );
    },

    /**
     * Forgets a closed socket: wills (unless the relay is shutting down), counts.
     *
     * @param {Connection} connection
     * @param {boolean} publishWills
     */
    drop(connection, publishWills) {
      const topics = bus === undefined ? [] : fanout.topicsOf(connection.ws);
      fanout.drop(connection.ws, publishWills);
      limits.release(connection.key);
      if (bus === undefined) return;
      for (const topic of topics) topicChanged(topic);
      bus.set('a', connection.key, limits.count(connection.key));
    },

    /**
     * Connects this relay to a cluster bus.
     *
     * @param {import('./redis-bus.js').RedisBus} attached
     */
    attachBus(attached) {
      bus = attached;
    },

    /** The relay side of a cluster bus. @type {import('./redis-bus.js').BusHost} */
    busHost: {
      onMessage: (topic, text) => {
        fanout.deliverRemote(topic, text);
      },
      snapshot: () => ({
        topics: Array.from(
          fanout.topicNames(),
          (topic) => /** @type {[string, number]} */ ([topic, clusterCount(topic)]),
        ),
        addresses: [...limits.connectionCounts()],
      }),
    },

    /** The cluster bus's state: undefined without REDIS_URL. */
    redisState() {
      return bus?.state();
    },
  };
}
