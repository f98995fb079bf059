// @ts-check
/**
 * The `/ws` endpoint: upgrade admission (path, connect rate, token, subprotocol), per-address
 * connection limit, heartbeat, wills on death. Frames are handled by session.js. Per-socket
 * state is one small object and every event handler is shared (no closure per connection).
 */
import { WebSocket, WebSocketServer } from 'ws';
import { addressKey, clientAddress } from './address.js';
import { isAuthorized, offeredProtocols, selectProtocol, subprotocol, tokenProtocolPrefix } from './auth.js';
import { closeCodes } from './frames.js';
import { wsPath } from './http.js';
import { createAddressLimits, RatePolicy } from './limits.js';
import { Connection, closeUnread } from './connection.js';
import { createSession } from './session.js';
import { earlyFrames, earlySubprotocol } from './early.js';
import { connectRefusalDelayMs, maxDelayedRefusals, RefusalTarpit, refusalResponse, sendRefusal } from './refusal.js';

/** Why an upgrade without the right token is refused (HTTP 401 body, or the 4401 close reason). */
const unauthorizedReason = 'relay token missing or wrong';

/** The answer to an upgrade over its address's connect rate (held back by the tarpit). */
const tooManyAttempts = refusalResponse(429, 'Too Many Requests', 'too many connection attempts from this address', {
  'Retry-After': String(connectRefusalDelayMs / 1000),
});

/** How often addresses with no connection and full buckets are forgotten. */
const addressSweepIntervalMs = 10_000;

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
    handleProtocols: selectProtocol,
  });
  const trustedProxies = new Set(config.trustedProxies);
  const limits = createAddressLimits({
    maxConnections: config.maxConnectionsPerIp,
    messagesPerSecond: config.maxMessagesPerSecondPerIp,
    messageBurst: config.messageBurstPerIp,
    connectsPerSecond: config.maxConnectsPerSecondPerIp,
    connectBurst: config.maxConnectionsPerIp + config.maxConnectsPerSecondPerIp,
  });
  const socketPolicy = new RatePolicy({ ratePerSecond: config.maxMessagesPerSecond, burst: config.messageBurst });
  /** @type {Map<WebSocket, Connection>} accepted sockets */
  const sockets = new Map();
  /** @type {Set<WebSocket>} upgraded sockets being refused (closing), so that close() can end them too */
  const refused = new Set();
  const session = createSession({ config, limits, socketPolicy, sockets });
  const tarpit = new RefusalTarpit(connectRefusalDelayMs, maxDelayedRefusals);
  let closing = false;

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', destroySelf);
    const path = (req.url ?? '/').split('?', 1)[0];
    if (closing) return refuse(socket, 503, 'Service Unavailable', 'the relay is shutting down');
    if (path !== wsPath) return refuse(socket, 404, 'Not Found', `the WebSocket endpoint is ${wsPath}`);
    const key = addressKey(clientAddress(req, trustedProxies));
    // Over the connect rate: answered after Retry-After, so a client retrying at once waits.
    if (!limits.allowConnect(key)) return tarpit.hold(socket, tooManyAttempts);
    const offered = offeredProtocols(req);
    if (!isAuthorized(req, config.token)) {
      // A browser sees no HTTP status, only a close code: a client speaking porthole.v1 gets 4401.
      if (offered.includes(subprotocol)) return refuseOpened(req, socket, head);
      return refuse(socket, 401, 'Unauthorized', unauthorizedReason, {
        'WWW-Authenticate': 'Bearer realm="porthole relay"',
      });
    }
    if (offered.some((p) => p.startsWith(tokenProtocolPrefix)) && !offered.includes(subprotocol)) {
      return refuse(socket, 400, 'Bad Request', `offer ${subprotocol} next to ${tokenProtocolPrefix}…`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', destroySelf); // ws handles the socket's errors from now on
      onConnection(ws, key, ws.protocol === earlySubprotocol ? earlyFrames(offered) : undefined);
    });
  });

  /**
   * Completes the handshake of an unauthorized `porthole.v1` client only to close it with 4401:
   * the socket never joins anything, takes no connection slot, and its frames are ignored.
   *
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  function refuseOpened(req, socket, head) {
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', destroySelf);
      ws.on('error', ignore);
      refused.add(ws);
      ws.on('close', onRefusedClose);
      if (closing) ws.terminate();
      else closeUnread(ws, closeCodes.unauthorized, unauthorizedReason);
    });
  }

  const heartbeat = setInterval(() => {
    for (const [ws, connection] of sockets) {
      if (!connection.alive) {
        ws.terminate();
        continue;
      }
      connection.alive = false;
      ws.ping();
    }
  }, config.pingIntervalMs);
  heartbeat.unref();
  const sweeper = setInterval(() => limits.sweep(), addressSweepIntervalMs);
  sweeper.unref();

  /**
   * @param {WebSocket} ws
   * @param {string} key The address's counting key.
   * @param {string[] | undefined} early Frames carried in the handshake (early.js): handled as its first frames.
   */
  function onConnection(ws, key, early) {
    ws.on('error', ignore); // protocol errors (1009, 1007…): ws closes the socket itself
    if (closing || !limits.acquire(key)) {
      refused.add(ws);
      ws.on('close', onRefusedClose);
      if (closing) ws.terminate();
      else closeUnread(ws, closeCodes.policyViolation, 'too many connections from this address');
      return;
    }
    const connection = new Connection(ws, key, socketPolicy);
    sockets.set(ws, connection);
    ws.on('pong', onPong);
    ws.on('message', onMessage);
    ws.on('close', onAcceptedClose);
    session.admitAddress(connection);
    for (const text of early ?? []) {
      const frame = Buffer.from(text);
      // As ws would refuse the same frame after the open (1009).
      if (frame.length > config.maxFrameBytes)
        return closeUnread(ws, closeCodes.messageTooBig, 'early frame too large');
      onMessage.call(ws, frame, false);
    }
  }

  /** @this {WebSocket} */
  function onRefusedClose() {
    refused.delete(this);
  }

  /** @this {WebSocket} */
  function onPong() {
    const connection = sockets.get(this);
    if (connection !== undefined) connection.alive = true;
  }

  /**
   * @this {WebSocket}
   * @param {import('ws').RawData} data
   * @param {boolean} isBinary
   */
  function onMessage(data, isBinary) {
    const connection = sockets.get(this);
    if (connection === undefined) return;
    try {
      session.receive(connection, data, isBinary);
    } catch {
      // A handler bug must not take the relay down; the frame is lost, the socket lives.
    }
  }

  /** @this {WebSocket} */
  function onAcceptedClose() {
    const connection = sockets.get(this);
    if (connection === undefined) return;
    sockets.delete(this);
    session.drop(connection, !closing);
  }

  return {
    /** Live counters. */
    stats() {
      return { connections: sockets.size, topics: session.fanout.topicCount, forwarded: session.fanout.forwarded };
    },

    /** The session, for the cluster bus (index.js attaches one when REDIS_URL is set). */
    session,

    /** Terminates every socket (no wills) and stops the timers; resolves once all are closed. */
    async close() {
      closing = true;
      tarpit.flush();
      clearInterval(heartbeat);
      clearInterval(sweeper);
      const upgraded = [...sockets.keys(), ...refused];
      const closed = upgraded.map(
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
 * Answers a refused upgrade with a plain HTTP status and closes the connection.
 *
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} reason The status text.
 * @param {string} detail One line for the body.
 * @param {Record<string, string>} [headers]
 */
function refuse(socket, status, reason, detail, headers) {
  sendRefusal(socket, refusalResponse(status, reason, detail, headers));
}

/**
 * Error handler for raw upgrade sockets. A shared function rather than a closure: a closure
 * would keep the whole upgrade request alive for the life of every connection (~1 KiB each).
 * @this {import('node:net').Socket}
 */
function destroySelf() {
  this.destroy();
}

/** Shared no-op error listener. */
function ignore() {}
