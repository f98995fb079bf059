/**
 * Real RoomSessions (real sealing with WebCrypto, real protocol machines) in one memory hub, each
 * with a fake peer pool, a shared manual clock, and `waitFor`: resolves when a predicate holds,
 * re-checked on every session `change` event and every fake-peer call; no fixed sleeps.
 */
import type { Role } from '../../src/protocol/link';
import { newId, newRoomSecret } from '../../src/protocol/room';
import { RoomSession } from '../../src/rtc/session';
import { createMemoryHub, type MemoryTransport } from '../../src/signaling/memory';
import { FakePool, type FakePoolOptions } from './fake-peers';

/** One client in the room. */
export interface Client {
  session: RoomSession;
  pool: FakePool;
  transport: MemoryTransport;
}

/** A room of clients sharing a hub, a secret and a clock. */
export class Room {
  /** The manual clock every session reads (ms); advance it between joins so join times differ. */
  clock = 1_700_000_000_000;
  readonly secret = newRoomSecret();
  private readonly hub = createMemoryHub();
  private readonly clients: Client[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly devices = new Map<string, string>();

  /** A client on the device called `deviceName` (the same name, the same device id), not started. */
  join(role: Role, deviceName: string, pool: Omit<FakePoolOptions, 'onActivity'> = {}): Client {
    const device = this.devices.get(deviceName) ?? newId();
    this.devices.set(deviceName, device);
    const fakePool = new FakePool(role, { ...pool, onActivity: () => this.poke() });
    const transport = this.hub.transport(`memory:${deviceName}`);
    const session = new RoomSession(
      // Signaling and ICE servers are unused: the transport and the pool are injected.
      {
        role,
        secret: this.secret,
        signaling: { kind: 'relay', url: 'ws://unused.invalid/ws' },
        iceServers: [],
        device,
      },
      { transport, pool: fakePool, now: () => this.clock },
    );
    session.on('change', () => this.poke());
    const client = { session, pool: fakePool, transport };
    this.clients.push(client);
    return client;
  }

  /** Resolves once `predicate` holds; rejects after `timeoutMs` naming what it waited for. */
  waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms: ${predicate.toString()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** A sender and a viewer, admitted and negotiated, both `active`. */
  async activePair(): Promise<{ sender: Client; viewer: Client }> {
    const sender = this.join('sender', 'phone');
    sender.session.start();
    await this.waitFor(() => sender.session.state.state === 'waiting');
    this.clock += 100;
    const viewer = this.join('viewer', 'laptop');
    viewer.session.start();
    await this.waitFor(() => sender.pool.last?.calls.some((call) => call.startsWith('answer')) === true);
    sender.pool.last?.connect();
    viewer.pool.last?.connect();
    await this.waitFor(() => sender.session.state.state === 'active' && viewer.session.state.state === 'active');
    return { sender, viewer };
  }

  /** Stops every session. */
  close(): void {
    for (const { session } of this.clients) session.stop();
  }

  private poke(): void {
    for (const check of [...this.waiters]) check();
  }
}
