// @ts-check
/**
 * A real MQTT broker process for the lab: aedes behind a `ws` WebSocket server on 127.0.0.1.
 * Usage: `node broker-process.mjs PORT`; prints `ready PORT` once it listens. The lab kills it
 * with SIGKILL (every client sees its socket die) and starts it again on the same port.
 */
import { createServer } from 'node:http';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

const port = Number(process.argv[2] ?? 0);
const aedes = await Aedes.createBroker();
const server = createServer((_request, response) => {
  response.writeHead(426, { 'content-type': 'text/plain' });
  response.end('MQTT over WebSocket only\n');
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
server.listen({ port, host: '127.0.0.1' }, () => {
  const address = server.address();
  console.log(`ready ${typeof address === 'object' && address ? address.port : port}`);
});
