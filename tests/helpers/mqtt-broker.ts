/**
 * An in-process MQTT broker for tests: aedes behind a `ws` WebSocketServer on 127.0.0.1.
 * Used by the signaling unit tests (mqtt.js in Node) and the Playwright tests (mqtt.js in
 * Chromium). close() terminates every client socket, so clients see a drop, and frees the
 * port so the broker can be restarted on the same port.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Aedes } from 'aedes';
import type { Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

/** Options of {@link startMqttBroker}. */
export interface MqttBrokerOptions {
  /** TCP port; 0 or absent = ephemeral. Pass a previous broker's port to restart on it. */
  port?: number;
  /** Bind address. Default `127.0.0.1`. */
  host?: string;
}

/** A running test broker. */
export interface TestMqttBroker {
  /** `ws://127.0.0.1:PORT` (any path works; mqtt.js clients may add `/mqtt`). */
  url: string;
  /** The TCP port it listens on. */
  port: number;
  /** The aedes instance (events: `client`, `publish`, `subscribe`, …). */
  aedes: Aedes;
  /** Ids of the clients connected right now. */
  clientIds(): string[];
  /** How many connected clients are subscribed to exactly `topic` (wait on it before publishing). */
  subscribers(topic: string): number;
  /** Destroys, without DISCONNECT, the connections of clients whose id starts with `idPrefix` (their wills fire); returns how many. */
  dropClients(idPrefix: string): number;
  /** Terminates every client socket, stops listening and closes aedes. */
  close(): Promise<void>;
}

/** Starts an aedes broker over WebSocket on 127.0.0.1 (ephemeral port unless `options.port`). */
export async function startMqttBroker(options: MqttBrokerOptions = {}): Promise<TestMqttBroker> {
  const host = options.host ?? '127.0.0.1';
  const aedes = await Aedes.createBroker();
  const clients = new Map<string, Client>();
  const subscriptions = new Map<Client, Set<string>>();
  aedes.on('client', (client) => clients.set(client.id, client));
  aedes.on('clientDisconnect', (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
    subscriptions.delete(client);
  });
  aedes.on('subscribe', (subs, client) => {
    const topics = subscriptions.get(client) ?? new Set<string>();
    for (const { topic } of subs) topics.add(topic);
    if (!client.closed) subscriptions.set(client, topics);
  });
  aedes.on('unsubscribe', (topics, client) => {
    for (const topic of topics) subscriptions.get(client)?.delete(topic);
  });

  const server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' });
    response.end('MQTT over WebSocket only\n');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({
    server,
    // Browsers' mqtt.js asks for the `mqtt` subprotocol and fails without it in the answer.
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : ([...protocols][0] ?? false)),
  });
  wss.on('connection', (ws, request) => {
    const stream = createWebSocketStream(ws);
    stream.on('error', () => stream.destroy());
    aedes.handle(stream, request);
  });
  wss.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host}:${port}`,
    port,
    aedes,
    clientIds: () => [...clients.keys()],
    subscribers: (topic) => [...subscriptions.values()].filter((topics) => topics.has(topic)).length,
    dropClients(idPrefix) {
      const doomed = [...clients.values()].filter((client) => client.id.startsWith(idPrefix));
      for (const client of doomed) client.conn.destroy();
      return doomed.length;
    },
    close() {
      closing ??= (async () => {
        for (const ws of wss.clients) ws.terminate();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
      })();
      return closing;
    },
  };
}
