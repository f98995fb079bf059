import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { createRelayTransport, parseRelayFrame } from '../../src/signaling/relay';
import type { RelayTransportOptions } from '../../src/signaling/relay';
import type { Transport, TransportState } from '../../src/signaling/transport';

type Relay = ReturnType<typeof createRelay>;

/** Polls `condition` every 10 ms; fails with `what` after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every transport's sockets, newest last (so a test can kill one abruptly). */
const socketsOf = new Map<Transport, WebSocket[]>();

/** The `ws` client class, recording the sockets it opens into `sockets`. */
function trackedWebSocket(sockets: WebSocket[]): typeof globalThis.WebSocket {
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return TrackedWebSocket as unknown as typeof globalThis.WebSocket;
}

/** Kills `t`'s current socket without a close handshake (the relay sees it die). */
function kill(t: Transport): void {
  const socket = socketsOf.get(t)?.at(-1);
  expect(socket?.readyState).toBe(WebSocket.OPEN);
  socket?.terminate();
}

const relays: Relay[] = [];
const open: Transport[] = [];

async function startRelay(options: Parameters<typeof createRelay>[0] = {}): Promise<Relay> {
  const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, ...options });
  relays.push(relay);
  await relay.ready;
  return relay;
}

const wsUrl = (relay: Relay, query = ''): string => `ws://127.0.0.1:${relay.httpPort}/ws${query}`;

function transport(url: string, options: Partial<RelayTransportOptions> = {}): Transport {
  const sockets: WebSocket[] = [];
  const t = createRelayTransport({
    url,
    WebSocketImpl: trackedWebSocket(sockets),
    connectTimeoutMs: 1000,
    reconnectDelayMs: () => 50,
    ...options,
  });
  open.push(t);
  socketsOf.set(t, sockets);
  return t;
}

/** Subscribes and records what arrives. */
function inbox(t: Transport, topic: string, will?: string): string[] {
  const got: string[] = [];
  t.subscribe(topic, (data) => got.push(data), will === undefined ? undefined : { will });
  return got;
}

let relay: Relay;

beforeAll(async () => {
  relay = await startRelay();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  socketsOf.clear();
});
afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
});

/** Connects `t`, the first on its (fresh) topic, and waits until the relay has handled its join. */
async function connectFirst(t: Transport): Promise<void> {
  const topicsBefore = relay.stats().topics;
  await t.connect();
  await until(() => relay.stats().topics === topicsBefore + 1, 'the join');
}

/** Waits until the relay holds `count` open sockets. */
const connections = (count: number): Promise<void> =>
  until(() => relay.stats().connections === count, `${count} relay connections`);

describe('relay transport', () => {
  it('exchanges messages both ways (the relay never echoes)', async () => {
    const a = transport(wsUrl(relay));
    const b = transport(wsUrl(relay));
    const gotA = inbox(a, 'room-1');
    const gotB = inbox(b, 'room-1');
    await connectFirst(b);
    await a.connect();
    a.publish('room-1', 'from-a'); // after a's join on the same socket
    await until(() => gotB.length === 1, 'a message to b');
    b.publish('room-1', 'from-b');
    await until(() => gotA.length === 1, 'a message to a');
    await sleep(100);
    expect(gotA).toEqual(['from-b']);
    expect(gotB).toEqual(['from-a']);
    expect(a.status).toMatchObject({ state: 'connected', endpoint: wsUrl(relay), attempt: 0 });
  });

  it('publishes the will when the socket dies, the replaced will included', async () => {
    const a = transport(wsUrl(relay), { reconnectDelayMs: () => 60_000 });
    const b = transport(wsUrl(relay));
    const gotA = inbox(a, 'room-w', 'bye-1');
    const gotB = inbox(b, 'room-w');
    await connectFirst(a);
    await b.connect();
    b.publish('room-w', 'hi'); // a hears it: both have joined
    await until(() => gotA.length === 1, 'both joined');
    a.setWill('room-w', 'bye-2'); // the relay replaces the will at once…
    a.publish('room-w', 'sync'); // …and handles a's frames in order
    await until(() => gotB.length === 1, 'the sync message');
    kill(a);
    await until(() => gotB.length === 2, 'the will');
    expect(gotB).toEqual(['sync', 'bye-2']);
  });

  it('does not publish the will after close()', async () => {
    const a = transport(wsUrl(relay));
    const b = transport(wsUrl(relay));
    inbox(a, 'room-q', 'bye');
    const gotB = inbox(b, 'room-q');
    await connectFirst(b);
    await a.connect();
    await connections(2);
    await a.close();
    expect(a.status.state).toBe('closed');
    await connections(1);
    await sleep(100);
    expect(gotB).toEqual([]);
  });

  it('surfaces error frames in status without dropping the connection', async () => {
    const a = transport(wsUrl(relay));
    await a.connect();
    inbox(a, 'not a valid topic');
    await until(() => a.status.error !== undefined, 'the error');
    expect(a.status.error).toContain('bad-field');
    expect(a.status.state).toBe('connected');
  });

  it('presents the token from the URL but keeps it out of endpoint', async () => {
    const guarded = await startRelay({ token: 'sesame' });
    const good = transport(wsUrl(guarded, '?token=sesame'));
    await good.connect();
    expect(good.endpoint).toBe(wsUrl(guarded));
    const bad = transport(wsUrl(guarded, '?token=wrong'), { reconnectDelayMs: () => 60_000 });
    await expect(bad.connect()).rejects.toThrow(`could not connect to the relay ${wsUrl(guarded)}: `);
    expect(bad.status.state).toBe('reconnecting');
  });
});

describe('relay transport across a relay restart', () => {
  const fakeWindow = new EventTarget();

  beforeAll(() => {
    (globalThis as { window?: EventTarget }).window = fakeWindow;
  });
  afterAll(() => {
    delete (globalThis as { window?: EventTarget }).window;
  });

  it('reconnects by itself, re-joins and delivers what was queued while down', async () => {
    const port = relay.httpPort;
    const fast = transport(wsUrl(relay));
    const slow = transport(wsUrl(relay), { reconnectDelayMs: () => 60_000 });
    const gotFast = inbox(fast, 'room-r', 'bye-fast');
    const gotSlow = inbox(slow, 'room-r');
    const fastStates: TransportState[] = [];
    fast.onStatus((status) => fastStates.push(status.state));
    await Promise.all([fast.connect(), slow.connect()]);

    await relay.close();
    await until(() => fast.status.state === 'reconnecting' && slow.status.state === 'reconnecting', 'the drop');
    slow.publish('room-r', 'sent-while-down');
    await sleep(200);
    expect(fast.status.attempt).toBeGreaterThan(1);

    relay = await startRelay({ httpPort: port });
    await until(() => fast.status.state === 'connected', 'fast to reconnect by itself', 3000);
    await until(() => relay.stats().topics === 1, 'fast to re-join');
    expect(slow.status.state).toBe('reconnecting');
    fakeWindow.dispatchEvent(new Event('online'));
    await until(() => gotFast.length === 1, 'the queued message');
    expect(gotFast).toEqual(['sent-while-down']);

    fast.publish('room-r', 'after-restart');
    await until(() => gotSlow.length === 1, 'a message the other way');
    expect(gotSlow).toEqual(['after-restart']);
    expect(fastStates).toContain('reconnecting');
    expect(fastStates.at(-1)).toBe('connected');

    // The will came back with the re-join: kill fast's socket, slow hears it.
    kill(fast);
    await until(() => gotSlow.length === 2, 'the re-joined will');
    expect(gotSlow[1]).toBe('bye-fast');
  });
});

describe('parseRelayFrame', () => {
  it('accepts the frames the relay sends', () => {
    expect(parseRelayFrame('{"op":"msg","topic":"t","data":"d"}')).toEqual({ op: 'msg', topic: 't', data: 'd' });
    expect(parseRelayFrame('{"op":"joined","topic":"t","peers":1}')).toEqual({ op: 'joined', topic: 't', peers: 1 });
    expect(parseRelayFrame('{"op":"error","code":"bad-json","message":"m"}')).toEqual({
      op: 'error',
      code: 'bad-json',
      message: 'm',
    });
  });

  it('ignores malformed frames', () => {
    for (const raw of [
      '',
      'nope',
      'null',
      '[]',
      '"msg"',
      '{"op":"msg","topic":"t"}',
      '{"op":"msg","topic":1,"data":"d"}',
      '{"op":"msg","topic":"t","data":{}}',
      '{"op":"joined","topic":"t"}',
      '{"op":"error"}',
      '{"op":"pub","topic":"t","data":"d"}',
    ]) {
      expect(parseRelayFrame(raw), raw).toBeNull();
    }
    expect(parseRelayFrame(new ArrayBuffer(4))).toBeNull();
  });
});
