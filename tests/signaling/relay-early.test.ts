/**
 * The relay transport's early frames: its handshake carries its joins and queued messages; a
 * relay that took them (it selects `porthole.v1.early`) gets none of them again after the open,
 * one that did not (an older relay) gets them all; what changed while the handshake was on its
 * way is put right. A `ws` server in the place of the relay, recording what arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { earlyOffer, openingFrames } from '../../src/signaling/relay-early';
import { earlyFramesBudgetChars } from '../../src/signaling/relay-wire';
import { createRelayTransport } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import { until } from '../helpers/inbox';

/** How a stand-in relay treats handshakes. */
interface StubOptions {
  /** Each handshake waits for this before it is answered. */
  hold?: Promise<void>;
  /** Refuses (HTTP 400) a handshake that offers an early-frames entry, as a proxy with a small header limit. */
  refuseEarly?: boolean;
}

/** A stand-in relay: selects `select` when offered, records each handshake's subprotocols and every frame. */
async function stubRelay(select: 'porthole.v1' | 'porthole.v1.early', options: StubOptions = {}) {
  const offered: string[][] = [];
  const frames: string[] = [];
  const requests: string[][] = [];
  const closes: number[] = [];
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (protocols) => (protocols.has(select) ? select : 'porthole.v1'),
    verifyClient: (info, done) => {
      const protocols = (info.req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      requests.push(protocols);
      const refuse = options.refuseEarly === true && protocols.some((p) => p.startsWith('porthole.frames.'));
      void (options.hold ?? Promise.resolve()).then(() => done(!refuse, 400));
    },
  });
  server.on('connection', (ws, req) => {
    offered.push((req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()));
    ws.on('message', (data) => frames.push(data.toString()));
    ws.on('close', (code) => closes.push(code));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  stubs.push(server);
  return { url: `ws://127.0.0.1:${port}/ws`, offered, frames, requests, closes };
}

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const stubs: WebSocketServer[] = [];
const transports: Transport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const server of stubs.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

function transport(url: string, earlyGatherMs?: number): Transport {
  const t = createRelayTransport({
    url,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    reconnectDelayMs: () => 20,
    ...(earlyGatherMs === undefined ? {} : { earlyGatherMs }),
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
  it('carries its join (with its will) and its first message in the handshake, and sends neither again', async () => {
    const relay = await stubRelay('porthole.v1.early');
    const t = transport(relay.url);
    const connecting = t.connect(); // as a session does: connect first, the keys and the hello follow
    t.subscribe('room', () => undefined, { will: 'will' });
    t.publish('room', 'hello');
    await connecting;
    expect(relay.offered[0]).toEqual(expect.arrayContaining(['porthole.v1', 'porthole.v1.early']));
    expect(carried(relay.offered[0]!)).toEqual([join('room', 'will'), pub('room', 'hello')]);
    await settle();
    expect(relay.frames).toEqual([]);
    t.publish('room', 'later');
    await until(() => relay.frames.length === 1, 'the next message sent after the open');
    expect(relay.frames).toEqual([pub('room', 'later')]);
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
    expect(carried(relay.requests[0]!)).toEqual([join('gone'), join('room', 'first'), pub('room', 'hello')]);
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

  it('after a handshake with early frames fails, tries without; once that works, early frames stay off', async () => {
    const relay = await stubRelay('porthole.v1.early', { refuseEarly: true });
    const t = transport(relay.url);
    const inbox: string[] = [];
    t.subscribe('room', (data) => inbox.push(data));
    t.publish('room', 'hello');
    await t.connect();
    expect(relay.requests.map((protocols) => carried(protocols).length)).toEqual([2, 0]);
    await until(() => relay.frames.length === 2, 'the join and the hello after the open');
    expect(relay.frames).toEqual([join('room'), pub('room', 'hello')]);
    for (const client of stubs[0]!.clients) client.terminate(); // the relay drops it: a reconnect
    await until(() => relay.offered.length === 2, 'the reconnect');
    expect(relay.requests).toHaveLength(3);
    expect(carried(relay.requests[2]!)).toEqual([]);
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
    expect(carried(offer.protocols)).toEqual([join('a', 'w'), join('b'), 'one', 'two']);
    expect(offer.frames).toEqual({
      joins: new Map([
        ['a', 'w'],
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
});
