/**
 * The lab's server processes, each a real child process on 127.0.0.1 inside the namespace:
 * the relay (`node relay/src/main.js`, serving the built app, with its STUN) and an MQTT broker.
 * `kill()` is SIGKILL: clients see their sockets die, as when a server host crashes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/** The built app the relay serves: the run's private copy (PORTHOLE_LAB_DIST), else dist/. */
export const distDir = process.env.PORTHOLE_LAB_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
/** Fixed ports: the namespace is private, so nothing else can hold them. */
export const labPorts = { relayHttp: 8080, relayStun: 3478, broker: 1884, proxy: 8090 } as const;
/** How long a server process may take to say it listens. */
const startTimeoutMs = 10_000;

/** A server child process that can be killed and started again on the same port. */
export class ServerProcess {
  private child: ChildProcess | undefined;

  /** `readyPattern` matches the stdout line the process prints once it listens. */
  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly readyPattern: RegExp,
  ) {}

  /** Starts the process and waits for its ready line. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} already running`);
    const child = spawn(process.execPath, this.args, {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${this.name}] ${chunk}`));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start in ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      child.once('exit', (code) => reject(new Error(`${this.name} exited with ${code} while starting`)));
      lines.on('line', (line) => {
        if (!this.readyPattern.test(line)) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** SIGKILLs the process and waits until it is gone (its ports are free again). */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Kills the process (if running) and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

/** The relay on 127.0.0.1 serving the built app, with STUN, on the lab's fixed ports. */
export function relayProcess(): ServerProcess {
  const main = fileURLToPath(new URL('../../relay/src/main.js', import.meta.url));
  return new ServerProcess(
    'relay',
    [main],
    {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(labPorts.relayHttp),
      STUN_HOST: '127.0.0.1',
      STUN_PORT: String(labPorts.relayStun),
      STATIC_DIR: distDir,
    },
    /^porthole relay: /,
  );
}

/** An aedes MQTT-over-WebSocket broker on 127.0.0.1 on the lab's fixed port. */
export function brokerProcess(): ServerProcess {
  const script = fileURLToPath(new URL('./broker-process.mjs', import.meta.url));
  return new ServerProcess('broker', [script, String(labPorts.broker)], {}, /^ready \d+/);
}

/** The app's base URL (served by the relay over loopback: a secure context without flags). */
export const appUrl = `http://127.0.0.1:${labPorts.relayHttp}/`;
/** `via` values of the lab's transports. */
export const labVia = {
  relay: `relay:ws://127.0.0.1:${labPorts.relayHttp}/ws`,
  mqtt: `mqtt:ws://127.0.0.1:${labPorts.broker}`,
  proxy: `relay:ws://127.0.0.1:${labPorts.proxy}/ws`,
} as const;
