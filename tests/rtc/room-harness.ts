/**
 * Real RoomSessions (real sealing with WebCrypto, real protocol machines) in one memory hub, each
 * with a fake peer pool, a shared manual clock, and `waitFor`: resolves when a predicate holds,
 * re-checked on every session `change` event, every fake-peer call and every 10 ms; no fixed sleeps.
 * Identities are as in the app: every sender uses the room's key, each viewer device its own.
 */
import { generateIdentityKeyPair, type Identity, identityFromKeyPair } from '../../src/protocol/identity';
import type { Role } from '../../src/protocol/link';
import { newRoomSecret } from '../../src/protocol/room';
import { RoomSession } from '../../src/rtc/session';
import { createMemoryHub, type MemoryTransport } from '../../src/signaling/memory';
import { FakePool, type FakePoolOptions } from './fake-peers';

/** One client in the room. */
export interface Client {
  session: RoomSession;
  pool: FakePool;
  transport: MemoryTransport;
}

/** Options of {@link Room.join}. */
export interface JoinOptions extends Omit<FakePoolOptions, 'onActivity'> {
  /** Sign with this identity instead of the room's (sender) or the device's (viewer). */
  identity?: Promise<Identity>;
  /** Viewer: the link's `k` (default: none, trust on first use). */
  senderKey?: string;
  /** This client's clock minus the room's, ms. */
  skewMs?: number;
}

/** A new identity. */
export async function newIdentity(): Promise<Identity> {
  return identityFromKeyPair(await generateIdentityKeyPair());
}

/** A room of clients sharing a hub, a secret and a clock. */
export class Room {
  /** The manual clock every session reads (ms); advance it between joins so join times differ. */
  clock = 1_700_000_000_000;
  readonly secret = newRoomSecret();
  /** The room's sender identity (made when the room was created). */
  readonly senderIdentity = newIdentity();
  /** Milliseconds between machine ticks. */
  tickMs = 20;
  readonly hub = createMemoryHub();
  private readonly clients: Client[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly devices = new Map<string, Promise<Identity>>();

  /** A client on the device called `deviceName` (the same name, the same key), not started. */
  join(role: Role, deviceName: string, options: JoinOptions = {}): Client {
    const { identity, senderKey, skewMs = 0, ...pool } = options;
    const device = role === 'sender' ? this.senderIdentity : (this.devices.get(deviceName) ?? newIdentity());
    if (role === 'viewer') this.devices.set(deviceName, device);
    const fakePool = new FakePool(role, { ...pool, onActivity: () => this.poke() });
    const transport = this.hub.transport(`memory:${deviceName}`);
    const session = new RoomSession(
      // Signaling and ICE servers are unused: the transport and the pool are injected.
      {
        role,
        secret: this.secret,
        signaling: { kind: 'relay', url: 'ws://unused.invalid/ws' },
        iceServers: [],
        identity: identity ?? device,
        ...(senderKey ? { senderKey } : {}),
      },
      { transport, pool: fakePool, now: () => this.clock + skewMs, tickMs: this.tickMs },
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
      // Some outcomes raise no event (an envelope dropped): re-check now and then too.
      const poll = setInterval(check, 10);
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** A sender and a viewer, admitted and negotiated, both `active`. */
  async activePair(viewerOptions: JoinOptions = {}): Promise<{ sender: Client; viewer: Client }> {
    const sender = this.join('sender', 'phone');
    sender.session.start();
    await this.waitFor(() => sender.session.state.state === 'waiting');
    this.clock += 100;
    const viewer = this.join('viewer', 'laptop', viewerOptions);
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
