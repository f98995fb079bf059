/**
 * Servers for the relay-cluster browser tests: relay instances as child processes (so one can be
 * killed for real) sharing a real redis-server, and a tiny TCP load balancer that sends each new
 * connection to the first backend that accepts it (a dead one is skipped, as a balancer's health
 * check would). Everything on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '../relay/redis-server';
import { distDir } from './fixtures';

const relayMain = fileURLToPath(new URL('../../relay/src/main.js', import.meta.url));
/**
 * The app the relays serve: a private copy of the repository's build (or of PORTHOLE_DIST, another
 * build to test against), so that a rebuild of dist/ in the tree mid-run does not change the app.
 */
let appCopy: string | undefined;
function appDir(): string {
  if (appCopy === undefined) {
    appCopy = mkdtempSync(join(tmpdir(), 'porthole-cluster-app-'));
    cpSync(process.env.PORTHOLE_DIST ?? distDir, appCopy, { recursive: true });
    const copy = appCopy;
    process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
  }
  return appCopy;
}

/** One relay process of the cluster. */
export interface RelayProcess {
  port: number;
  /** The app's URL on this instance. */
  appUrl: string;
  /** `relay:ws://…/ws` for links. */
  via: string;
  /** `/healthz` as JSON (with the operator token, so counts are included). */
  health(): Promise<{ ok: boolean; redis?: string; connections?: number; topics?: number }>;
  /** SIGKILL: no clean close, no wills, its Redis share left to expire. */
  kill(): Promise<void>;
}

const healthToken = 'cluster-test-health';

/** Starts `node relay/src/main.js` with REDIS_URL; resolves once it listens and Redis is up. */
export async function startRelayProcess(redisUrl: string, redisPrefix: string): Promise<RelayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [relayMain], {
    env: {
      ...process.env,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      STUN_HOST: '127.0.0.1',
      STUN_PORT: '0',
      STATIC_DIR: appDir(),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      HEALTH_TOKEN: healthToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  process.once('exit', () => child.kill('SIGKILL'));
  let killed = false;
  child.once('exit', (code, signal) => {
    if (!killed) console.log(`relay on ${port} exited unexpectedly (${code ?? signal}):\n${output}`);
  });
  const health = async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/healthz`, {
      headers: { Authorization: `Bearer ${healthToken}` },
    });
    return answer.json();
  };
  const deadline = Date.now() + 30_000; // generous: the machine may be busy
  for (;;) {
    if (child.exitCode !== null) throw new Error(`relay exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`relay did not come up with Redis:\n${output}`);
    const state = await health().catch(() => undefined);
    if (state?.redis === 'up') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    appUrl: `http://127.0.0.1:${port}/`,
    via: `relay:ws://127.0.0.1:${port}/ws`,
    health,
    async kill() {
      killed = true;
      if (child.exitCode !== null || child.signalCode !== null) return; // already gone
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP balancer in front of the relays. */
export interface Balancer {
  port: number;
  via: string;
  close(): Promise<void>;
}

/** Listens on a free port; each connection goes to the first backend port that accepts it. */
export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryBackend = (index: number) => {
      const port = backendPorts[index];
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ port, host: '127.0.0.1' });
      let connected = false;
      upstream.once('error', () => {
        upstream.destroy();
        if (connected) client.destroy();
        else tryBackend(index + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
  return {
    port,
    via: `relay:ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same app link with another `via` (a viewer that reaches the room through another relay). */
export function withVia(link: string, via: string): string {
  const url = new URL(link);
  const [route, query = ''] = url.hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  params.set('via', via);
  url.hash = `${route}?${params.toString()}`;
  return url.toString();
}
