// The servers of `bench:connect`, in a process of their own (as in a real deployment): a relay
// serving the built app (PORTHOLE_DIST, else dist/; with STUN), an aedes MQTT broker over
// WebSocket, a PeerJS server and the peers' page, all on 127.0.0.1, and a delaying proxy
// (DELAY_MS one way, default 50) in front of the relay, the broker and the PeerJS server.
// With BASELINE_DIST, a second relay serves that build (baseHttpPort). Prints one JSON line of
// ports ({httpPort, baseHttpPort?, brokerPort, peerjsPort, pagePort, delayMs, delayed: {…}})
// and runs until killed.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { createRelay } from '../relay/src/index.js';
import { startDelayProxy } from './delay-proxy.mjs';
import { startPeerServers } from './peer-servers.mjs';

const relay = createRelay({
  httpHost: '127.0.0.1',
  httpPort: 0,
  stunHost: '127.0.0.1',
  stunPort: 0,
  staticDir: process.env.PORTHOLE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url)),
});
await relay.ready;
// BASELINE_DIST: another build served by a relay of its own (its pages only; signaling as above),
// so that a change can be compared with the build before it in one interleaved run.
const base = process.env.BASELINE_DIST
  ? createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, staticDir: process.env.BASELINE_DIST })
  : undefined;
await base?.ready;

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
const brokerPort = typeof address === 'object' && address ? address.port : 0;
const peers = await startPeerServers();
const delayMs = Number(process.env.DELAY_MS ?? 50);
const proxies = await Promise.all(
  [relay.httpPort, brokerPort, peers.peerjsPort].map((targetPort) => startDelayProxy({ targetPort, delayMs })),
);
const [relayProxy, brokerProxy, peerjsProxy] = proxies.map((proxy) => proxy.port);
console.log(
  JSON.stringify({
    httpPort: relay.httpPort,
    ...(base ? { baseHttpPort: base.httpPort } : {}),
    brokerPort,
    peerjsPort: peers.peerjsPort,
    pagePort: peers.pagePort,
    delayMs,
    delayed: { httpPort: relayProxy, brokerPort: brokerProxy, peerjsPort: peerjsProxy },
  }),
);

const stop = async () => {
  for (const proxy of proxies) await proxy.close();
  peers.close();
  await base?.close();
  await relay.close();
  wss.close();
  http.close();
  aedes.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
