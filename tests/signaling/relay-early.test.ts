/**
 * The relay transport's early frames: its handshake carries its joins and queued messages; a
 * relay that took them (it selects `porthole.v1.early`) gets none of them again after the open,
 * one that did not (an older relay) gets them all; what changed while the handshake was on its
 * way is put right; what a socket closed at once was sent goes again; a proxy refusing or stalling
 * on them gets plain handshakes. A `ws` server in the place of the relay, recording what arrives.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { type AttemptOutcome, EarlyFramesState, earlyOffer, openingFrames } from '../../src/signaling/relay-early';
import { earlyFramesBudgetChars } from '../../src/signaling/relay-wire';
import { createRelayTransport, type RelayTransportOptions } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import { until } from '../helpers/inbox';

/** How a stand-in relay treats handshakes. */
interface StubOptions {
  /** Each handshake waits for this before it is answered. */
  hold?: Promise<void>;
  /** Refuses (HTTP 400) a handshake that offers an early-frames entry, as a proxy with a small header limit. */
  refuseEarly?: boolean;
  /** Refuses (HTTP 400) this many first handshakes, whatever they offer (a passing failure). */
  refuseFirst?: number;
  /** Never answers a handshake that offers an early-frames entry, as a proxy stalling on a long header. */
  stallEarly?: boolean;
  /** Answers a handshake that offers an early-frames entry only after this long, in ms (a slow network). */
  slowEarlyMs?: number;
  /** Closes the first connections at once after the upgrade, with these codes in turn (as a relay refusing them). */
  closeWith?: number[];
  /**
   * Refuses the first connection as the real relay does (`closeUnread`): its close frame
   * `afterMs` after the upgrade, then nothing read, and the connection cut `graceMs` later.
   */
  refuseLater?: { code: number; afterMs: number; graceMs: number };
  /**
   * Sends a frame (`joined`) on each connection soon after the upgrade, as a relay that handled its
   * joins. (Not in the same packet as the upgrade's answer: `ws` in Node emits such a frame before
   * the transport listens, where a browser queues it as a task.)
   */
  greet?: boolean;
}

/** A stand-in relay: selects `select` when offered, records each handshake's subprotocols and every frame. */
async function stubRelay(select: 'porthole.v1' | 'porthole.v1.early', options: StubOptions = {}) {
  const offered: string[][] = [];
  const frames: string[] = [];
  const requests: string[][] = [];
  const closes: number[] = [];
  /** Frames per connection, in the order of `offered`. */
  const sockets: string[][] = [];
  /** When each handshake arrived (`Date.now()`), in the order of `requests`. */
  const at: number[] = [];
  const closeWith = [...(options.closeWith ?? [])];
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (protocols) => (protocols.has(select) ? select : 'porthole.v1'),
    verifyClient: (info, done) => {
      const protocols = (info.req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      requests.push(protocols);
      at.push(Date.now());
      const early = protocols.some((p) => p.startsWith('porthole.frames.'));
      const refuse = (options.refuseEarly === true && early) || requests.length <= (options.refuseFirst ?? 0);
      if (options.stallEarly === true && early) {
        releases.push(() => done(false, 400));
        return;
      }
      const slow = early && options.slowEarlyMs !== undefined ? sleep(options.slowEarlyMs) : undefined;
      void (slow ?? options.hold ?? Promise.resolve()).then(() => done(!refuse, 400));
    },
  });
  server.on('connection', (ws, req) => {
    offered.push((req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()));
    const mine: string[] = [];
    sockets.push(mine);
    ws.on('message', (data) => {
      frames.push(data.toString());
      mine.push(data.toString());
    });
    ws.on('close', (code) => closes.push(code));
    const code = closeWith.shift();
    const later = sockets.length === 1 ? options.refuseLater : undefined;
    if (later) {
      setTimeout(() => {
        ws.close(later.code);
        ws.pause();
        setTimeout(() => ws.terminate(), later.graceMs);
      }, later.afterMs);
    } else if (code !== undefined) ws.close(code);
    else if (options.greet === true)
      setTimeout(() => ws.send(JSON.stringify({ op: 'joined', topic: 'room', peers: 0 })), greetDelayMs);
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  stubs.push(server);
  return { url: `ws://127.0.0.1:${port}/ws`, offered, frames, requests, closes, sockets, at };
}

/**
 * A server where no relay answers (a dead network): it reads each handshake and hangs up,
 * recording the transport's `status.attempt` (read through `attempt`) and whether it carried early frames.
 */
async function deadEnd(attempt: () => number) {
  const handshakes: Array<{ attempt: number; early: boolean }> = [];
  const server = createServer((connection) => {
    connection.once('data', (chunk: Buffer) => {
      handshakes.push({ attempt: attempt(), early: chunk.toString().includes('porthole.frames.') });
      connection.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  raw.push(server);
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}/ws`, handshakes };
}

/** How long after the upgrade a greeting stub sends its frame, in ms. */
const greetDelayMs = 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const stubs: WebSocketServer[] = [];
const raw: Server[] = [];
const transports: Transport[] = [];
/** Answers handshakes a stub still holds. */
const releases: Array<() => void> = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const release of releases.splice(0)) release();
  for (const server of raw.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const server of stubs.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

function transport(url: string, earlyGatherMs?: number, options: Partial<RelayTransportOptions> = {}): Transport {
  const t = createRelayTransport({
    url,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    reconnectDelayMs: () => 20,
    ...(earlyGatherMs === undefined ? {} : { earlyGatherMs }),
    ...options,
  });
  transports.push(t);
  return t;
}

/** The frames an `porthole.frames.` entry carries. */
function carried(protocols: string[]): string[] {
  const entry = protocols.find((p) => p.startsWith('porthole.frames.'));
  return entry
    ? (JSON.parse(Buffer.from(entry.slice('porthole.frames.'.length), 'base64url').toString()) as string[])
    : [];
}

const join = (topic: string, will?: string): string => JSON.stringify({ op: 'join', topic, ...(will ? { will } : {}) });
const pub = (topic: string, data: string): string => JSON.stringify({ op: 'pub', topic, data });
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

describe('relay transport, early frames', () => {
  it('carries its join and its first message in the handshake, sends neither again, and the will after the open', async () => {
    const relay = await stubRelay('porthole.v1.early');
    const t = transport(relay.url);
    const connecting = t.connect(); // as a session does: connect first, the keys and the hello follow
    t.subscribe('room', () => undefined, { will: 'will' });
    t.publish('room', 'hello');
    await connecting;
    expect(relay.offered[0]).toEqual(expect.arrayContaining(['porthole.v1', 'porthole.v1.early']));
    // No will in the handshake: one the relay took while the browser gave up on it would fire.
    expect(carried(relay.offered[0]!)).toEqual([join('room'), pub('room', 'hello')]);
    await until(() => relay.frames.length === 1, 'the join with its will, after the open');
    await settle();
    expect(relay.frames).toEqual([join('room', 'will')]);
    t.publish('room', 'later');
    await until(() => relay.frames.length === 2, 'the next message sent after the open');
    expect(relay.frames).toEqual([join('room', 'will'), pub('room', 'later')]);
  });

  it('sends them after the open when the relay did not take them (an older relay)', async () => {
    const relay = await stubRelay('porthole.v1');
    const t = transport(relay.url);
    t.subscribe('room', () => undefined, { will: 'will' });
    t.publish('room', 'hello');
    await t.connect();
    expect(carried(relay.offered[0]!)).toHaveLength(2);
    await until(() => relay.frames.length === 2, 'the join and the hello');
    await settle();
    expect(relay.frames).toEqual([join('room', 'will'), pub('room', 'hello')]);
  });

  it('leaves a topic left while the handshake was on its way, and joins again one whose will changed', async () => {
    const held = gate();
    const relay = await stubRelay('porthole.v1.early', { hold: held.promise });
    const t = transport(relay.url);
    const leave = t.subscribe('gone', () => undefined);
    t.subscribe('room', () => undefined, { will: 'first' });
    t.publish('room', 'hello');
    const connecting = t.connect();
    await until(() => relay.requests.length === 1, 'the handshake on its way');
    expect(carried(relay.requests[0]!)).toEqual([join('gone'), join('room'), pub('room', 'hello')]);
    leave();
    t.setWill('room', 'second');
    held.open();
    await connecting;
    await until(() => relay.frames.length === 2, 'the corrections');
    await settle();
    expect(relay.frames).toEqual([join('room', 'second'), JSON.stringify({ op: 'leave', topic: 'gone' })]);
  });

  it('closed during its handshake, leaves what the handshake joined before it closes (so no will fires)', async () => {
    const held = gate();
    const relay = await stubRelay('porthole.v1.early', { hold: held.promise });
    const t = transport(relay.url);
    t.subscribe('room', () => undefined, { will: 'crashed' });
    t.publish('room', 'hello');
    const connecting = t.connect();
    await until(() => relay.requests.length === 1, 'the handshake on its way');
    const closing = t.close();
    held.open();
    await expect(connecting).rejects.toThrow(/closed/);
    await closing;
    await until(() => relay.closes.length === 1, 'the socket closed');
    expect(relay.frames).toEqual([JSON.stringify({ op: 'leave', topic: 'room' })]);
    expect(relay.closes).toEqual([1000]);
  });

  it('closed while it waits for its early frames, makes no socket at all', async () => {
    const relay = await stubRelay('porthole.v1.early');
    const t = transport(relay.url, 300);
    const connecting = t.connect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.close();
    await expect(connecting).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(relay.requests).toEqual([]);
  });

  it('after a handshake with early frames fails, tries without at once; after that twice, early frames stay off', async () => {
    const relay = await stubRelay('porthole.v1.early', { refuseEarly: true, greet: true });
    const t = transport(relay.url);
    const inbox: string[] = [];
    t.subscribe('room', (data) => inbox.push(data));
    t.publish('room', 'hello');
    await t.connect();
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0]);
    await until(() => relay.frames.length === 2, 'the join and the hello after the open');
    expect(relay.frames).toEqual([join('room'), pub('room', 'hello')]);
    await sleep(100); // the relay's answer has arrived: the hello is not sent again
    for (const client of stubs[0]!.clients) client.terminate(); // the relay drops it: a reconnect
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0, 1, 0]); // a second strike
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 3, 'the second reconnect');
    expect(relay.requests).toHaveLength(5);
    expect(carried(relay.requests[4]!)).toEqual([]); // off for this transport now
  });

  it('one failed handshake with early frames (a passing failure) does not switch them off', async () => {
    const relay = await stubRelay('porthole.v1.early', { refuseFirst: 1, greet: true });
    const t = transport(relay.url);
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await t.connect();
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0]);
    await sleep(100);
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0, 1]); // the join, early again
  });

  it('on a dead network, tries without early frames at once only once: then one attempt a round', async () => {
    let t: Transport | undefined;
    const dead = await deadEnd(() => t?.status.attempt ?? -1);
    t = transport(dead.url, undefined, { reconnectDelayMs: () => 30 });
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await expect(t.connect()).rejects.toThrow(/could not connect/);
    await until(() => dead.handshakes.length >= 6, 'six handshakes');
    expect(dead.handshakes.slice(0, 6)).toEqual([
      { attempt: 0, early: true },
      { attempt: 0, early: false }, // at once, the first time
      { attempt: 1, early: true },
      { attempt: 2, early: false }, // on the schedule from now on, alternating
      { attempt: 3, early: true },
      { attempt: 4, early: false },
    ]);
  });

  it('a relay that selects early frames and closes at once gets the carried messages on the next connection', async () => {
    for (const code of [4401, 1008, 1012]) {
      const relay = await stubRelay('porthole.v1.early', { closeWith: [code] });
      const t = transport(relay.url);
      t.subscribe('room', () => undefined, { will: 'will' });
      t.publish('room', 'hello');
      await t.connect();
      await until(() => relay.offered.length === 2, `the reconnect after ${code}`);
      expect(carried(relay.offered[0]!), `${code}`).toEqual([join('room'), pub('room', 'hello')]);
      expect(carried(relay.offered[1]!), `${code}`).toEqual([join('room'), pub('room', 'hello')]);
    }
  });

  it('a plain relay that closes at once gets what it was sent after the open again', async () => {
    const relay = await stubRelay('porthole.v1', { closeWith: [4401] });
    const t = transport(relay.url);
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await t.connect();
    await until(() => relay.offered.length === 2, 'the reconnect');
    await until(() => relay.sockets[1]!.length === 2, 'the join and the hello on the second socket');
    expect(relay.sockets[1]).toEqual([join('room'), pub('room', 'hello')]);
  });

  /** A transport joined to `room` with `hello` queued, connected to a stub that refuses its first socket as `refuseLater` says. */
  async function refusedLater(refuseLater: NonNullable<StubOptions['refuseLater']>) {
    const relay = await stubRelay('porthole.v1.early', { refuseLater });
    const t = transport(relay.url);
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await t.connect();
    return { relay, t };
  }

  it('a socket still closing when it would have proven good by time keeps what it carried (a real refusal)', async () => {
    // The relay's close comes at once but the connection is cut only later: past the settle time.
    const { relay } = await refusedLater({ code: 4401, afterMs: 0, graceMs: 2000 });
    await until(() => relay.offered.length === 2, 'the reconnect', 8000);
    expect(carried(relay.offered[1]!)).toEqual([join('room'), pub('room', 'hello')]);
  });

  it('what was published after the open on a socket not proven yet goes again when it is refused', async () => {
    const { relay, t } = await refusedLater({ code: 1008, afterMs: 300, graceMs: 0 });
    t.publish('room', 'candidate'); // sent at once on the open socket
    await until(() => relay.sockets[0]!.includes(pub('room', 'candidate')), 'the candidate on the first socket');
    await until(() => relay.offered.length === 2, 'the reconnect', 8000);
    expect(carried(relay.offered[1]!)).toEqual([join('room'), pub('room', 'hello'), pub('room', 'candidate')]);
  });

  it('a relay refusing each socket right after it opens is retried ever later, not every second', async () => {
    const relay = await stubRelay('porthole.v1', { closeWith: [4401, 4401, 4401] });
    const attempts: number[] = [];
    const t = transport(relay.url, undefined, {
      reconnectDelayMs: (attempt) => {
        attempts.push(attempt);
        return 20;
      },
    });
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await t.connect();
    await until(() => relay.offered.length === 4, 'three refusals and a good socket');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('after a 1009 (a frame too big for the relay) the largest of what the socket was sent is not sent again', async () => {
    const relay = await stubRelay('porthole.v1.early', { closeWith: [1009] });
    const t = transport(relay.url);
    t.subscribe('room', () => undefined);
    t.publish('room', 'small');
    t.publish('room', 'x'.repeat(3000));
    await t.connect();
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(carried(relay.offered[0]!)).toHaveLength(3);
    expect(carried(relay.offered[1]!)).toEqual([join('room'), pub('room', 'small')]);
  });

  it('puts them back before what was queued since, a newer message of the same replace key winning', async () => {
    const relay = await stubRelay('porthole.v1.early', { closeWith: [4401] });
    const t = transport(relay.url, undefined, { reconnectDelayMs: () => 300 });
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello', { replaceKey: 'hello' });
    t.publish('room', 'candidate');
    await t.connect();
    await until(() => t.status.state === 'reconnecting', 'the drop');
    t.publish('room', 'hello again', { replaceKey: 'hello' });
    t.publish('room', 'later');
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(carried(relay.offered[1]!)).toEqual([
      join('room'),
      pub('room', 'candidate'),
      pub('room', 'hello again'),
      pub('room', 'later'),
    ]);
  });

  it('does not send again what a socket carried once the relay answered on it', async () => {
    const relay = await stubRelay('porthole.v1.early', { greet: true });
    const t = transport(relay.url);
    const inbox: string[] = [];
    t.subscribe('room', (data) => inbox.push(data));
    t.publish('room', 'hello');
    await t.connect();
    await sleep(100); // the greeting has arrived
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(carried(relay.offered[1]!)).toEqual([join('room')]);
  });

  it('nor once the socket stayed open a while (closeProblemSettleMs)', async () => {
    const relay = await stubRelay('porthole.v1.early');
    const t = transport(relay.url);
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await t.connect();
    await sleep(1600);
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(carried(relay.offered[1]!)).toEqual([join('room')]);
  });

  it('after a handshake with early frames times out, the next round goes without; after that twice, they stay off', async () => {
    const relay = await stubRelay('porthole.v1.early', { stallEarly: true, greet: true });
    const t = transport(relay.url, undefined, { connectTimeoutMs: 200, reconnectDelayMs: () => 150 });
    t.subscribe('room', () => undefined);
    t.publish('room', 'hello');
    await expect(t.connect()).rejects.toThrow(/timed out/);
    await until(() => relay.offered.length === 1, 'the plain handshake');
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0]);
    expect(relay.at[1]! - relay.at[0]!).toBeGreaterThanOrEqual(200 + 150 - 20); // on the schedule, not at once
    await until(() => relay.sockets[0]!.length === 2, 'the join and the hello after the open');
    expect(relay.sockets[0]).toEqual([join('room'), pub('room', 'hello')]);
    await sleep(100); // the relay's answer has arrived: the hello is not sent again
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 2, 'the plain handshake after the second timeout');
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0, 1, 0]);
    for (const client of stubs[0]!.clients) client.terminate();
    await until(() => relay.offered.length === 3, 'the next reconnect');
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0, 1, 0, 0]);
  });

  it('leaves what a timed-out handshake joined when the relay upgrades it late (it carried no will)', async () => {
    const relay = await stubRelay('porthole.v1.early', { slowEarlyMs: 300 });
    const t = transport(relay.url, undefined, { connectTimeoutMs: 200, reconnectDelayMs: () => 1000 });
    t.subscribe('room', () => undefined, { will: 'crashed' });
    t.publish('room', 'hello');
    await expect(t.connect()).rejects.toThrow(/timed out/);
    await until(() => relay.closes.length === 1, 'the late socket closed');
    expect(carried(relay.offered[0]!)).toEqual([join('room'), pub('room', 'hello')]);
    expect(relay.sockets[0]).toEqual([JSON.stringify({ op: 'leave', topic: 'room' })]);
    expect(relay.closes).toEqual([1000]);
  });

  it('waits for a topic and a message before its first handshake, at most earlyGatherMs', async () => {
    const relay = await stubRelay('porthole.v1.early');
    const t = transport(relay.url, 2000);
    const started = Date.now();
    const connecting = t.connect();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(relay.offered).toHaveLength(0); // nothing to carry yet: no socket either
    t.subscribe('room', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(relay.offered).toHaveLength(0);
    t.publish('room', 'hello');
    await connecting;
    expect(Date.now() - started).toBeLessThan(1500); // not the whole wait
    expect(carried(relay.offered[0]!)).toEqual([join('room'), pub('room', 'hello')]);

    const idle = transport(relay.url, 100);
    const before = Date.now();
    await idle.connect(); // nothing ever to carry: it connects after the wait
    expect(Date.now() - before).toBeGreaterThanOrEqual(90);
    expect(relay.offered[1]).toEqual(['porthole.v1']);
  });
});

describe('early frames, pure', () => {
  it('carry the joins first, then as many queued frames as fit', () => {
    const topics = [
      { topic: 'a', will: 'w' },
      { topic: 'b', will: undefined },
    ];
    const offer = earlyOffer(topics, ['one', 'two'])!;
    expect(carried(offer.protocols)).toEqual([join('a'), join('b'), 'one', 'two']); // wills after the open
    expect(offer.frames).toEqual({
      joins: new Map([
        ['a', undefined],
        ['b', undefined],
      ]),
      pubs: ['one', 'two'],
    });
    const big = 'x'.repeat(2500);
    const partial = earlyOffer(topics, [big, big])!;
    expect(partial.frames.pubs).toEqual([big]); // the second would not fit
    expect(partial.protocols[1]!.length).toBeLessThanOrEqual('porthole.frames.'.length + earlyFramesBudgetChars);
    expect(earlyOffer(topics, ['x'.repeat(5000)])!.frames.pubs).toEqual([]); // the joins only
    expect(earlyOffer([], ['x'.repeat(20_000)])).toBeUndefined();
  });

  it('after the open: nothing carried is sent again; changes since are', () => {
    const took = {
      joins: new Map<string, string | undefined>([
        ['a', 'w'],
        ['gone', undefined],
      ]),
      pubs: ['one', 'one'],
    };
    const frames = openingFrames(
      [
        { topic: 'a', will: 'w2' },
        { topic: 'new', will: undefined },
      ],
      ['one', 'one', 'one', 'two'],
      took,
    );
    expect(frames).toEqual([
      join('a', 'w2'),
      join('new'),
      JSON.stringify({ op: 'leave', topic: 'gone' }),
      'one',
      'two',
    ]);
    expect(openingFrames([{ topic: 'a', will: undefined }], ['one'])).toEqual([join('a'), 'one']);
  });

  /** Runs attempts with the given outcomes; returns for each whether it carried early frames, and `+` for one made at once. */
  function attempts(state: EarlyFramesState, outcomes: AttemptOutcome[]): string[] {
    const made: string[] = [];
    let atOnce = false;
    for (const outcome of outcomes) {
      const carrying = state.offer([{ topic: 'a', will: undefined }], ['hello']) !== undefined;
      made.push(`${atOnce ? '+' : ''}${carrying ? 'early' : 'plain'}`);
      state.settled(carrying, outcome);
      atOnce = state.retryPlain;
    }
    return made;
  }

  it('state: a failure is retried plain at once only the first time since an open; rounds then alternate', () => {
    const state = new EarlyFramesState();
    expect(attempts(state, ['failed', 'failed', 'failed', 'failed', 'failed', 'opened'])).toEqual([
      'early',
      '+plain',
      'early',
      'plain',
      'early',
      'plain', // a scheduled plain round that opens: no strike
    ]);
    expect(attempts(state, ['failed', 'opened', 'failed', 'opened', 'opened'])).toEqual([
      'early',
      '+plain', // at once again after the open; strike 1
      'early',
      '+plain', // strike 2
      'plain', // off for good
    ]);
  });

  it('state: a timeout is followed by a plain round on the schedule, and counts a strike if that opens', () => {
    const state = new EarlyFramesState();
    expect(attempts(state, ['timed-out', 'opened', 'timed-out', 'opened', 'opened'])).toEqual([
      'early',
      'plain',
      'early',
      'plain',
      'plain',
    ]);
  });

  it('state: a handshake with early frames that opens clears the strikes', () => {
    const state = new EarlyFramesState();
    expect(attempts(state, ['failed', 'opened', 'opened', 'failed', 'opened', 'opened'])).toEqual([
      'early',
      '+plain',
      'early',
      'early',
      '+plain',
      'early', // one strike since the last early open: still on
    ]);
  });
});
