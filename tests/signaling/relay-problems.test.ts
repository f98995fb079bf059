/**
 * Every problem a real relay can report to the relay transport shows in `status.problem` by its
 * stable code, and none of them ends the session: the transport stays connected (or reconnects)
 * and messages flow again once the cause is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { createRelayTransport, type RelayTransportOptions } from '../../src/signaling/relay';
import { closeProblem, isRelayErrorCode, relayErrorCodes } from '../../src/signaling/relay-problems';
import type { Transport } from '../../src/signaling/transport';
import { Inbox, roomTopic, until } from '../helpers/inbox';

type Relay = ReturnType<typeof createRelay>;

const relays: Relay[] = [];
const transports: Transport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

/** A relay on 127.0.0.1 with `options` (limits made small by the test). */
async function relayWith(options: Parameters<typeof createRelay>[0] = {}): Promise<Relay> {
  const relay = createRelay({
    httpHost: '127.0.0.1',
    httpPort: 0,
    stunPort: false,
    maxConnectsPerSecondPerIp: 10_000,
    ...options,
  });
  await relay.ready;
  relays.push(relay);
  return relay;
}

/** A connected relay transport (Node's `ws`), retrying fast. */
async function connected(relay: Relay, options: Partial<RelayTransportOptions> = {}): Promise<Transport> {
  const t = createRelayTransport({
    url: `ws://127.0.0.1:${relay.httpPort}/ws`,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    connectTimeoutMs: 1000,
    reconnectDelayMs: () => 100,
    ...options,
  });
  transports.push(t);
  await t.connect();
  return t;
}

/** Proves `a` and `b` (both on `topic`) exchange a message both ways. */
async function exchange(a: Transport, b: Transport, topic: string, tag: string): Promise<void> {
  const atA = new Inbox(a, topic);
  const atB = new Inbox(b, topic);
  // Publish until it arrives: the other side's join may not be in yet.
  for (const [from, to] of [
    [a, atB],
    [b, atA],
  ] as const) {
    await until(() => {
      if (to.messages.includes(tag)) return true;
      from.publish(topic, tag);
      return false;
    }, `${tag} delivered`);
  }
  atA.off();
  atB.off();
}

describe('relay problems reach the status, and the session goes on', () => {
  it('topic-full: shown with its topic, tried again, over once a place frees up', async () => {
    const relay = await relayWith({ maxSubscribersPerTopic: 2 });
    const topic = roomTopic();
    const [squatter, other] = [await connected(relay), await connected(relay)];
    const squatting = new Inbox(squatter, topic);
    const otherInbox = new Inbox(other, topic);
    await until(() => squatter.status.problem === undefined && relay.stats().connections === 2, 'two joined');
    const t = await connected(relay);
    const mine = new Inbox(t, topic);
    await until(() => t.status.problem?.code === 'topic-full', 'topic-full');
    expect(t.status).toMatchObject({ state: 'connected', problem: { code: 'topic-full', topic } });
    squatting.off();
    await until(() => t.status.problem === undefined, 'the retried join', 8000);
    expect(t.status.state).toBe('connected');
    await until(() => {
      if (otherInbox.messages.includes('in at last')) return true;
      t.publish(topic, 'in at last');
      return false;
    }, 'delivery after topic-full');
    mine.off();
  });

  it('rate-limited: shown while frames are dropped; the connection stays', async () => {
    const relay = await relayWith({ maxMessagesPerSecond: 1, messageBurst: 20 });
    const t = await connected(relay);
    const topic = roomTopic();
    new Inbox(t, topic);
    for (let i = 0; i < 25; i += 1) t.publish(topic, `m${i}`);
    await until(() => t.status.problem?.code === 'rate-limited', 'rate-limited');
    expect(t.status.state).toBe('connected');
  });

  it('flooding (close 1008): shown while it reconnects; it reconnects and rejoins', async () => {
    const relay = await relayWith({ maxMessagesPerSecond: 1, messageBurst: 2 });
    const t = await connected(relay);
    const topic = roomTopic();
    new Inbox(t, topic);
    for (let i = 0; i < 20; i += 1) t.publish(topic, `m${i}`);
    await until(() => t.status.problem?.code === 'flooding', 'flooding');
    await until(() => t.status.state === 'connected' && t.status.problem === undefined, 'reconnected', 8000);
    await until(() => relay.stats().topics === 1, 'rejoined');
  });

  it('too-many-connections (close 1008): shown, and it gets in once a connection frees up', async () => {
    const relay = await relayWith({ maxConnectionsPerIp: 1 });
    const first = await connected(relay);
    const t = await connected(relay).catch(() => transports.at(-1)!);
    await until(() => t.status.problem?.code === 'too-many-connections', 'too-many-connections');
    await first.close();
    await until(() => t.status.state === 'connected' && t.status.problem === undefined, 'connected', 8000);
  });

  it('frame-too-large (close 1009): shown; the transport reconnects and goes on', async () => {
    const relay = await relayWith({ maxFrameBytes: 1024 });
    const t = await connected(relay);
    const peer = await connected(relay);
    const topic = roomTopic();
    new Inbox(t, topic);
    t.publish(topic, 'x'.repeat(4096));
    await until(() => t.status.problem?.code === 'frame-too-large', 'frame-too-large');
    await until(() => t.status.state === 'connected' && t.status.problem === undefined, 'reconnected', 8000);
    await exchange(t, peer, roomTopic(), 'after a big frame');
  });

  it('will-too-large and wills-full: shown, and the topic is joined without the will', async () => {
    for (const limits of [{ maxWillBytesPerSocket: 64 }, { maxWillBytesTotal: 64 }]) {
      const relay = await relayWith(limits);
      const t = await connected(relay);
      const peer = await connected(relay);
      const topic = roomTopic();
      const code = 'maxWillBytesTotal' in limits ? 'wills-full' : 'will-too-large';
      const seen: string[] = [];
      t.onStatus((status) => status.problem && seen.push(status.problem.code));
      new Inbox(peer, topic);
      const inbox = new Inbox(t, topic, 'w'.repeat(200));
      await until(() => seen.includes(code), code);
      await until(() => t.status.problem === undefined, 'joined without the will');
      await until(() => {
        if (inbox.messages.includes('hello')) return true;
        peer.publish(topic, 'hello');
        return false;
      }, 'delivery');
    }
  });

  it('too-many-topics, topic-too-long, not-joined, bad-field: shown; other topics keep working', async () => {
    const relay = await relayWith({ maxTopicsPerSocket: 2, maxTopicLength: 40 });
    const t = await connected(relay);
    const peer = await connected(relay);
    const topic = roomTopic();
    new Inbox(t, topic);
    const expectProblem = async (code: string, act: () => void): Promise<void> => {
      const seen: string[] = [];
      const off = t.onStatus((status) => status.problem && seen.push(status.problem.code));
      act();
      await until(() => seen.includes(code), code);
      off();
      expect(t.status.state).toBe('connected');
    };
    await expectProblem('topic-too-long', () => new Inbox(t, `x${'y'.repeat(60)}`));
    await expectProblem('bad-field', () => new Inbox(t, 'has space'));
    await expectProblem('not-joined', () => t.publish(roomTopic(), 'nobody joined'));
    await expectProblem('too-many-topics', () => {
      new Inbox(t, roomTopic());
      new Inbox(t, roomTopic());
    });
    const inbox = new Inbox(peer, topic);
    await until(() => {
      if (inbox.messages.includes('still here')) return true;
      t.publish(topic, 'still here');
      return false;
    }, 'delivery on the first topic');
  });
});

describe('relay problem codes', () => {
  it('knows every error code of wire.d.ts', () => {
    expect(relayErrorCodes.sort()).toEqual(
      [
        'bad-json',
        'bad-frame',
        'unknown-op',
        'bad-field',
        'topic-too-long',
        'too-many-topics',
        'topic-full',
        'rate-limited',
        'not-joined',
        'will-too-large',
        'wills-full',
      ].sort(),
    );
    expect(isRelayErrorCode('topic-full')).toBe(true);
    expect(isRelayErrorCode('toString')).toBe(false);
    expect(isRelayErrorCode(42)).toBe(false);
  });

  it('reads the close codes the relay ends a connection with', () => {
    expect(closeProblem(4401, 'relay token missing or wrong')).toEqual({ code: 'token-refused' });
    expect(closeProblem(1008, 'too many connections from this address')).toEqual({ code: 'too-many-connections' });
    expect(closeProblem(1008, 'message rate limit exceeded')).toEqual({ code: 'flooding' });
    expect(closeProblem(1009, '')).toEqual({ code: 'frame-too-large' });
    for (const code of [1000, 1001, 1005, 1006]) expect(closeProblem(code, '')).toBeUndefined();
  });
});
