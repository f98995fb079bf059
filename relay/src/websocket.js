// @ts-check
/**
 * The `/ws` endpoint: upgrade admission (path, token, per-address limit), one handler per
 * frame, heartbeat, wills on death. Bad input is answered on its own socket and nowhere else.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { isAuthorized } from './auth.js';
import { createFanout } from './fanout.js';
import { closeCodes, errorCodes, errorFrame, joinedFrame, parseClientFrame } from './frames.js';
import { wsPath } from './http.js';
import { createConnectionCounter, createRateLimiter, normalizeAddress } from './limits.js';

/**
 * Per-socket bookkeeping.
 *
 * @typedef {object} SocketState
 * @property {string} address Normalized remote address (for the per-address count).
 * @property {boolean} alive Whether a pong arrived since the last ping.
 * @property {ReturnType<typeof createRateLimiter>} limiter The socket's token bucket.
 */

/**
 * Attaches the WebSocket endpoint to an HTTP(S) server's `upgrade` event.
 *
 * @param {import('node:http').Server} server The HTTP or HTTPS server.
 * @param {import('./config.js').RelayConfig} config The relay's configuration.
 */
export function attachWebSocket(server, config) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const perAddress = createConnectionCounter(config.maxConnectionsPerIp);
  /** @type {Map<WebSocket, SocketState>} accepted sockets */
  const sockets = new Map();
  /** @type {Set<WebSocket>} every upgraded socket, refused ones included */
  const upgraded = new Set();
  /** @type {ReturnType<typeof createFanout<WebSocket>>} */
  const fanout = createFanout({
    send: (ws, text) => sendBounded(ws, text, config.maxBufferedBytes),
    maxTopicsPerSocket: config.maxTopicsPerSocket,
    maxSubscribersPerTopic: config.maxSubscribersPerTopic,
  });
  let closing = false;

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', destroySelf);
    const path = (req.url ?? '/').split('?', 1)[0];
    if (closing) return refuse(socket, 503, 'Service Unavailable');
    if (path !== wsPath) return refuse(socket, 404, 'Not Found');
    if (!isAuthorized(req, config.token)) {
      return refuse(socket, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm="porthole relay"' });
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  const heartbeat = setInterval(() => {
    for (const [ws, state] of sockets) {
      if (!state.alive) {
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, config.pingIntervalMs);
  heartbeat.unref();

  /**
   * @param {WebSocket} ws
   * @param {import('node:http').IncomingMessage} req
   */
  function onConnection(ws, req) {
    ws.on('error', () => {}); // protocol errors (1009, 1007…): ws closes the socket itself
    upgraded.add(ws);
    ws.on('close', () => upgraded.delete(ws));
    if (closing) {
      ws.terminate();
      return;
    }
    const address = normalizeAddress(req.socket.remoteAddress);
    if (!perAddress.acquire(address)) {
      ws.close(closeCodes.policyViolation, 'too many connections from this address');
      return;
    }
    /** @type {SocketState} */
    const state = {
      address,
      alive: true,
      limiter: createRateLimiter({ ratePerSecond: config.maxMessagesPerSecond, burst: config.messageBurst }),
    };
    sockets.set(ws, state);
    ws.on('pong', () => {
      state.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(ws, state, data, isBinary);
      } catch {
        // A handler bug must not take the relay down; the frame is lost, the socket lives.
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      perAddress.release(address);
      fanout.drop(ws, !closing);
    });
  }

  /**
   * @param {WebSocket} ws
   * @param {SocketState} state
   * @param {import('ws').RawData} data
   * @param {boolean} isBinary
   */
  function onMessage(ws, state, data, isBinary) {
    if (ws.readyState !== WebSocket.OPEN) return;
    const verdict = state.limiter.take();
    if (verdict === 'flood') {
      ws.close(closeCodes.policyViolation, 'message rate limit exceeded');
      return;
    }
    if (verdict === 'limited') {
      const message = `over ${config.maxMessagesPerSecond} messages/s (burst ${config.messageBurst}): frame dropped`;
      return sendError(ws, errorCodes.rateLimited, message);
    }
    if (isBinary) return sendError(ws, errorCodes.badFrame, 'binary frames are not accepted: send JSON text');
    const parsed = parseClientFrame(rawText(data), config.maxTopicLength);
    if ('error' in parsed) return sendText(ws, errorFrame(parsed.error));
    const { frame } = parsed;
    if (frame.op === 'leave') {
      fanout.leave(ws, frame.topic);
      return;
    }
    const result =
      frame.op === 'join' ? fanout.join(ws, frame.topic, frame.will) : fanout.publish(ws, frame.topic, frame.data);
    if ('code' in result) return sendError(ws, result.code, result.message, frame.topic);
    if ('peers' in result) sendText(ws, joinedFrame(frame.topic, result.peers));
  }

  /**
   * @param {WebSocket} ws
   * @param {string} code
   * @param {string} message
   * @param {string} [topic]
   */
  function sendError(ws, code, message, topic) {
    sendText(ws, errorFrame(topic === undefined ? { code, message } : { code, message, topic }));
  }

  return {
    /** Live counters. */
    stats() {
      return { connections: sockets.size, topics: fanout.topicCount, forwarded: fanout.forwarded };
    },

    /** Terminates every socket (no wills) and stops the heartbeat; resolves once all are closed. */
    async close() {
      closing = true;
      clearInterval(heartbeat);
      const closed = [...upgraded].map(
        (ws) =>
          new Promise((resolve) =>
            ws.readyState === WebSocket.CLOSED ? resolve(undefined) : ws.once('close', resolve),
          ),
      );
      for (const ws of upgraded) ws.terminate();
      await Promise.all(closed);
      await new Promise((resolve) => wss.close(() => resolve(undefined)));
    },
  };
}

/**
 * Sends a frame if the socket is open (never throws).
 *
 * @param {WebSocket} ws
 * @param {string} text
 */
function sendText(ws, text) {
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
function sendBounded(ws, text, maxBufferedBytes) {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount + text.length > maxBufferedBytes) {
    ws.terminate();
    return;
  }
  ws.send(text);
}

/**
 * A frame's payload as text.
 *
 * @param {import('ws').RawData} data
 */
function rawText(data) {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/**
 * Answers a refused upgrade with a plain HTTP status and closes the connection.
 *
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} reason
 * @param {Record<string, string>} [headers]
 */
function refuse(socket, status, reason, headers = {}) {
  const body = `${reason}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  else socket.destroy();
}

/**
 * Error handler for raw upgrade sockets. A shared function rather than a closure: a closure
 * would keep the whole upgrade request alive for the life of every connection (~1 KiB each).
 * @this {import('node:net').Socket}
 */
function destroySelf() {
  this.destroy();
}
