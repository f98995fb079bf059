/**
 * Running a broker binary (Mosquitto, nats-server) for a test: find it, pick free ports, start
 * it and wait until it listens, stop it (SIGTERM, then SIGKILL). Its output is kept for errors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A broker a test can stop and start again on the same address. */
export interface RestartableBroker {
  /** The `ws:` URL MQTT clients connect to. */
  readonly url: string;
  /** Stops the broker: every client connection drops. */
  stop(): Promise<void>;
  /** Starts it again on the same ports. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/** How long a broker may take to listen after it is spawned, in ms. */
const startTimeoutMs = 10_000;
/** How long a broker may take to exit after SIGTERM before it is killed, in ms. */
const stopTimeoutMs = 3000;
/** Most output kept from a broker for error messages, in characters. */
const maxOutputChars = 4000;

/** The path of executable `name` on PATH or in the sbin directories (Debian puts brokers there); undefined when missing. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `count` distinct TCP ports that were free on 127.0.0.1 a moment ago. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A running broker process. */
export class BrokerProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-maxOutputChars);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A test process that ends early (a failed hook, Ctrl-C) must not leave the broker running.
    const orphaned = (): void => void child.kill('SIGKILL');
    process.once('exit', orphaned);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        process.off('exit', orphaned);
        resolve();
      }),
    );
  }

  /** Spawns `binary` with `args` and resolves once every port in `ports` accepts connections. */
  static async start(binary: string, args: string[], ports: number[], label: string): Promise<BrokerProcess> {
    const broker = new BrokerProcess(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }), label);
    let gone = false;
    void broker.exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + startTimeoutMs;
    for (const port of ports) {
      while (!(await listening(port))) {
        if (gone || Date.now() > deadline) {
          await broker.stop();
          throw new Error(`${label} did not listen on port ${port}:\n${broker.output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return broker;
  }

  /** Stops the process (SIGTERM; SIGKILL after 3 s) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), stopTimeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** What {@link startConfiguredBroker} needs to know of one broker. */
export interface BrokerRecipe {
  /** The executable, or undefined when it is not installed. */
  binary: string | undefined;
  /** The name in errors and the temp dir's prefix (`mosquitto`, `nats-server`). */
  label: string;
  /** Free ports to pick; the last one is the MQTT-over-WebSocket listener at `/mqtt`. */
  portCount: number;
  /** The config file's text for its temp `dir` and the picked `ports`. */
  config(dir: string, ports: number[]): string;
}

/** Starts a broker from a config file in a fresh temp dir (readable by a broker that drops root) on free ports. */
export async function startConfiguredBroker(recipe: BrokerRecipe): Promise<RestartableBroker> {
  const { binary, label } = recipe;
  if (binary === undefined) throw new Error(`${label} is not installed (apt-get install ${label})`);
  const dir = await mkdtemp(path.join(tmpdir(), `porthole-${label}-`));
  await chmod(dir, 0o755);
  const ports = await freePorts(recipe.portCount);
  const file = path.join(dir, `${label}.conf`);
  await writeFile(file, recipe.config(dir, ports));
  const launch = () => BrokerProcess.start(binary, ['-c', file], ports, label);
  let running = await launch();
  return {
    url: `ws://127.0.0.1:${ports.at(-1)}/mqtt`,
    stop: () => running.stop(),
    start: async () => {
      running = await launch();
    },
    close: async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
