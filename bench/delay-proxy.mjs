// A TCP proxy on 127.0.0.1 that holds every chunk `delayMs` before passing it on, in each
// direction (a one-way delay; order kept: equal timeouts fire in the order they were set).
// Used by `bench:connect` in front of the relay, the MQTT broker and the PeerJS server.
import { createServer, connect } from 'node:net';

/** Starts a delaying proxy to 127.0.0.1:`targetPort`; resolves with its port and a close(). */
export async function startDelayProxy({ targetPort, delayMs }) {
  const sockets = new Set();
  const server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    upstream.setNoDelay(true);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const pipe = (from, to) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
