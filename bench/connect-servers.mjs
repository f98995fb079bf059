// The servers of `bench:connect`, in a process of their own (as in a real deployment): a relay
// serving the built app (with STUN) and an aedes MQTT broker over WebSocket, both on 127.0.0.1.
// Prints one JSON line {httpPort, brokerPort} and runs until killed.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { createRelay } from '../relay/src/index.js';

const relay = createRelay({
  httpHost: '127.0.0.1',
  httpPort: 0,
  stunHost: '127.0.0.1',
  stunPort: 0,
  staticDir: fileURLToPath(new URL('../dist', import.meta.url)),
});
await relay.ready;

const aedes = await Aedes.createBroker();
const http = createServer();
const wss = new WebSocketServer({
  server: http,
  handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
});
wss.on('connection', (ws) => {
  const stream = createWebSocketStream(ws);
  stream.on('error', () => stream.destroy());
  aedes.handle(stream);
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const address = http.address();
console.log(
  JSON.stringify({ httpPort: relay.httpPort, brokerPort: typeof address === 'object' && address ? address.port : 0 }),
);

const stop = async () => {
  await relay.close();
  wss.close();
  http.close();
  aedes.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
