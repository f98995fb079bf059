/**
 * The sealed channel over a scripted transport: a will per signaling connection (the next one
 * registered before the transport reconnects), `conn` announced after a reconnect, the pagehide
 * bye sealed ahead; checked by a real opener on the other side.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/protocol/room';
import { SealedChannel } from '../../src/rtc/sealed-channel';
import type {
  PublishOptions,
  SubscribeOptions,
  Transport,
  TransportState,
  TransportStatus,
} from '../../src/signaling/transport';
import { party, testRoom, testSecret } from '../protocol/parties';

/** A transport whose connection the test drives. */
class ScriptedTransport implements Transport {
  readonly endpoint = 'scripted';
  status: TransportStatus = { state: 'idle', endpoint: 'scripted', attempt: 0 };
  readonly published: string[] = [];
  /** The replace key of each published message (undefined: none). */
  readonly keys: Array<string | undefined> = [];
  /** Every will registered, in order (the subscribe-time one first). */
  readonly wills: string[] = [];
  private readonly listeners = new Set<(status: TransportStatus) => void>();

  connect(): Promise<void> {
    this.set('connected');
    return Promise.resolve();
  }
  subscribe(_topic: string, _onMessage: (data: string) => void, options?: SubscribeOptions): () => void {
    if (options?.will) this.wills.push(options.will);
    return () => undefined;
  }
  publish(_topic: string, data: string, options?: PublishOptions): void {
    this.published.push(data);
    this.keys.push(options?.replaceKey);
  }
  setWill(_topic: string, will: string | undefined): void {
    if (will) this.wills.push(will);
  }
  onStatus(listener: (status: TransportStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): Promise<void> {
    this.set('closed');
    return Promise.resolve();
  }
  set(state: TransportState): void {
    this.status = { ...this.status, state };
    for (const listener of this.listeners) listener(this.status);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('SealedChannel', () => {
  it('gives each signaling connection its own will; only the latest counts, and the pagehide bye names it', async () => {
    const now = () => 1_700_000_000_000;
    const transport = new ScriptedTransport();
    const channel = new SealedChannel({
      role: 'viewer',
      secret: testSecret,
      session: newId(),
      transport,
      now,
      onArrival: () => undefined,
    });
    transport.onStatus(() => channel.onStatus());
    await channel.ready;
    expect(transport.status.state).toBe('connected');
    const sender = await party(await testRoom(), 'sender');
    const open = (data: string) => sender.opener.open(data, now());

    channel.send({ t: 'conn' });
    await settle();
    const [conn1] = transport.published;
    expect(await open(conn1!)).not.toBeNull();
    expect(transport.wills).toHaveLength(1);

    // The connection drops: a will naming a new connection is registered at once, before the reconnect.
    transport.set('reconnecting');
    expect(transport.wills).toHaveLength(2);
    transport.set('connected');
    await settle();
    const announced = transport.published.at(-1)!;
    const opened = await open(announced);
    expect(opened?.body).toEqual({ t: 'conn' });

    // The old connection's will, published late by the server, no longer counts; the new one does, once.
    const [will1, will2] = transport.wills;
    expect(await open(will1!)).toBeNull();
    expect(sender.opener.dropped.will).toBe(1);
    channel.close();
    const bye = transport.published.at(-1)!;
    expect((await open(bye))?.body).toEqual({ t: 'bye', reason: 'left' });
    expect(await open(will2!)).toBeNull(); // that connection's departure was already taken
    expect(transport.status.state).toBe('closed');
  });

  it('connects a transport that takes late wills (the relay) before its keys exist; others only once the will is sealed', async () => {
    for (const lateWill of [true, false]) {
      const transport = Object.assign(new ScriptedTransport(), { lateWill });
      /** What the transport saw, in order: connect, and subscribe with or without a will. */
      const seen: string[] = [];
      const connect = transport.connect.bind(transport);
      transport.connect = () => {
        seen.push('connect');
        return connect();
      };
      const subscribe = transport.subscribe.bind(transport);
      transport.subscribe = (topic, onMessage, options) => {
        seen.push(options?.will ? 'subscribe+will' : 'subscribe');
        return subscribe(topic, onMessage, options);
      };
      let keys!: () => void;
      const identity = (await party(await testRoom(), 'viewer')).identity;
      const channel = new SealedChannel({
        role: 'viewer',
        secret: testSecret,
        session: newId(),
        identity: new Promise((resolve) => {
          keys = () => resolve(identity); // the key store answers when the test says
        }),
        transport,
        now: () => 1_700_000_000_000,
        onArrival: () => undefined,
      });
      await settle();
      expect(seen).toEqual(lateWill ? ['connect'] : []);
      keys();
      await channel.ready;
      expect(seen).toEqual(lateWill ? ['connect', 'subscribe+will', 'connect'] : ['subscribe+will', 'connect']);
      channel.close();
    }
  });

  it('publishes re-sends of one handshake step with one replace key (the transport keeps one queued copy), a bye with none', async () => {
    const transport = new ScriptedTransport();
    const channel = new SealedChannel({
      role: 'sender',
      secret: testSecret,
      session: newId(),
      transport,
      now: () => 1_700_000_000_000,
      onArrival: () => undefined,
    });
    await channel.ready;
    const [to, other] = [newId(), newId()];
    // Re-sends of one step (the machine's "busy" to one viewer; offers and candidates by offer id
    // and candidate alike, see replace-key.test.ts) share a key; another addressee does not.
    channel.send({ t: 'busy', to });
    channel.send({ t: 'busy', to });
    channel.send({ t: 'busy', to: other });
    channel.send({ t: 'conn' });
    channel.send({ t: 'conn' });
    await settle();
    channel.close();
    const [busy1, busy2, busyOther, conn1, conn2, bye] = transport.keys;
    expect(busy1).toBeDefined();
    expect(busy2).toBe(busy1);
    expect(busyOther).not.toBe(busy1);
    expect(conn2).toBe(conn1);
    expect(conn1).not.toBe(busy1);
    expect(bye).toBeUndefined(); // the pagehide bye: each one counts
    expect(transport.keys).toHaveLength(6);
  });
});

/** A scripted transport that also delivers what the test injects, as the server would. */
class ListeningTransport extends ScriptedTransport {
  private onMessage: ((data: string) => void) | undefined;
  override subscribe(topic: string, onMessage: (data: string) => void, options?: SubscribeOptions): () => void {
    this.onMessage = onMessage;
    return super.subscribe(topic, onMessage, options);
  }
  deliver(data: string): void {
    this.onMessage?.(data);
  }
}

describe('SealedChannel hints', () => {
  const t0 = 1_700_000_000_000;
  const hourMs = 3_600_000;

  /** A viewer channel whose link's `k` is `senderKey`, and a way to hand it envelopes and open them. */
  async function viewerChannel(senderKey: string) {
    const transport = new ListeningTransport();
    const channel = new SealedChannel({
      role: 'viewer',
      secret: testSecret,
      session: newId(),
      senderKey,
      transport,
      now: () => t0,
      onArrival: () => undefined,
    });
    await channel.ready;
    const receive = async (data: string) => {
      transport.deliver(data);
      return channel.openNext();
    };
    return { channel, receive };
  }

  it('a real sender 2 h ahead: the viewer (its clock behind) suspects the clocks; replays of day-old hellos do not', async () => {
    const room = await testRoom();
    const sender = await party(room, 'sender');
    const { channel, receive } = await viewerChannel(sender.identity.id);
    const yesterday = [
      await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0 - 24 * hourMs),
      await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0 - 24 * hourMs + 1000),
    ];
    for (const data of yesterday) expect(await receive(data)).toBeNull();
    expect(channel.stats.dropped.stale).toBe(2);
    expect(channel.stats.clockSuspect).toBe(false);
    expect(await receive(await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0 + 2 * hourMs))).toBeNull();
    expect(channel.stats.clockSuspect).toBe(true);
    channel.close();
  });

  it("wrong key: a real other key counts until the room's sender is heard (junk signatures: open-hints.test.ts)", async () => {
    const room = await testRoom();
    const sender = await party(room, 'sender');
    const evil = await party(room, 'sender');
    const { channel, receive } = await viewerChannel(sender.identity.id);
    const hello = await evil.sealer.seal({ t: 'hello', peer: evil.self }, t0);
    expect(await receive(hello)).toBeNull();
    expect(channel.stats.wrongKey).toBe(true);
    expect(await receive(await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0))).not.toBeNull();
    expect(channel.stats.wrongKey).toBe(false);
    expect(channel.stats.dropped.untrusted).toBe(1);
    channel.close();
  });
});
