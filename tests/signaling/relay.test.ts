import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { createRelayTransport, parseRelayFrame, relayProtocols } from '../../src/signaling/relay';
import type { RelayTransportOptions } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import { Inbox, roomTopic, until } from '../helpers/inbox';
import { transportContract } from './transport-contract';

type Relay = ReturnType<typeof createRelay>;

/** Starts a relay on 127.0.0.1 (ephemeral port unless given), without STUN. */
async function startRelay(options: Parameters<typeof createRelay>[0] = {}): Promise<Relay> {
  // The contract opens a few connections per case, faster than the default per-address rate.
  const relay = createRelay({
    httpHost: '127.0.0.1',
    httpPort: 0,
    stunPort: false,
    maxConnectsPerSecondPerIp: 10_000,
    ...options,
  });
  await relay.ready;
  return relay;
}

const wsUrl = (relay: Relay, query = ''): string => `ws://127.0.0.1:${relay.httpPort}/ws${query}`;

/** A relay transport over the `ws` package, whose sockets are recorded (newest last) so that a test can kill one. */
function trackedTransport(
  url: string,
  options: Partial<RelayTransportOptions> = {},
): { t: Transport; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const WebSocketImpl = TrackedWebSocket as unknown as typeof globalThis.WebSocket;
  const t = createRelayTransport({
    url,
    WebSocketImpl,
    connectTimeoutMs: 1000,
    reconnectDelayMs: () => 50,
    ...options,
  });
  return { t, sockets };
}

transportContract('relay', async () => {
  let relay: Relay | undefined = await startRelay();
  const port = relay.httpPort;
  const socketsOf = new Map<Transport, WebSocket[]>();
  return {
    transport(options) {
      const delayMs = options?.reconnectDelayMs ?? 50;
      const { t, sockets } = trackedTransport(`ws://127.0.0.1:${port}/ws`, { reconnectDelayMs: () => delayMs });
      socketsOf.set(t, sockets);
      return t;
    },
    endpoint: `ws://127.0.0.1:${port}/ws`,
    kill(t) {
      const socket = socketsOf.get(t)?.at(-1);
      expect(socket?.readyState).toBe(WebSocket.OPEN);
      socket?.terminate(); // no close handshake: the relay sees the socket die
    },
    afterKill: 'reconnects',
    willChanges: 'now',
    server: {
      stop: async () => {
        await relay?.close();
        relay = undefined;
      },
      start: async () => {
        relay = await startRelay({ httpPort: port });
      },
    },
    close: async () => {
      await relay?.close();
    },
  };
});

describe('relay transport', () => {
  let relay: Relay;
  const open: Transport[] = [];
  const transport = (url: string, options: Partial<RelayTransportOptions> = {}): Transport => {
    const { t } = trackedTransport(url, options);
    open.push(t);
    return t;
  };

  beforeAll(async () => {
    relay = await startRelay();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await relay.close();
  });

  it('closes a socket that opened just as the transport was closed', async () => {
    let t: Transport | undefined;
    const sockets: WebSocket[] = [];
    class ClosingWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
        // Registered after the transport's own listener: close() runs once the open was handed over.
        queueMicrotask(() => this.addEventListener('open', () => void t?.close()));
      }
    }
    t = createRelayTransport({
      url: wsUrl(relay),
      WebSocketImpl: ClosingWebSocket as unknown as typeof globalThis.WebSocket,
      connectTimeoutMs: 1000,
      reconnectDelayMs: () => 50,
    });
    open.push(t);
    void t.connect().catch(() => undefined);
    await until(() => sockets[0]?.readyState === WebSocket.CLOSED, `the socket closed (${t.status.state})`);
    expect(t.status.state).toBe('closed');
    expect(sockets).toHaveLength(1);
  });

  it('surfaces error frames in status without dropping the connection', async () => {
    const a = transport(wsUrl(relay));
    await a.connect();
    new Inbox(a, 'not a valid topic');
    await until(() => a.status.error !== undefined, 'the error');
    expect(a.status.error).toContain('bad-field');
    expect(a.status.problem).toEqual({ code: 'bad-field' });
    expect(a.status.state).toBe('connected');
  });

  it('presents the token as the porthole.token.* subprotocol, never in the URL', async () => {
    const token = 'sésame ouvre-toi 芝麻开门';
    const guarded = await startRelay({ token });
    try {
      const { t, sockets } = trackedTransport(wsUrl(guarded), { token });
      open.push(t);
      await t.connect();
      const socket = sockets.at(-1)!;
      expect(socket.protocol).toBe('porthole.v1');
      expect(socket.url).toBe(wsUrl(guarded));
      expect(t.endpoint).toBe(wsUrl(guarded));
      const peer = transport(wsUrl(guarded), { token });
      await peer.connect();
      const topic = roomTopic();
      const inbox = new Inbox(peer, topic);
      new Inbox(t, topic);
      await until(() => guarded.stats().topics === 1 && t.status.problem === undefined, 'both joined');
      t.publish(topic, 'with the token');
      await until(() => inbox.messages.includes('with the token'), 'the message');
      expect(JSON.stringify([t.status, peer.status])).not.toContain('芝麻');
    } finally {
      await guarded.close();
    }
  });

  it('encodes the token as base64url of its UTF-8 bytes, without padding', () => {
    expect(relayProtocols()).toEqual(['porthole.v1']);
    expect(relayProtocols('')).toEqual(['porthole.v1']);
    expect(relayProtocols('a?b>')).toEqual([
      'porthole.v1',
      `porthole.token.${Buffer.from('a?b>').toString('base64url')}`,
    ]);
    expect(relayProtocols('芝麻')[1]).toBe(`porthole.token.${Buffer.from('芝麻').toString('base64url')}`);
  });

  it('reports a wrong or missing token as token-refused (close 4401) and keeps retrying', async () => {
    const guarded = await startRelay({ token: 'sesame' });
    try {
      for (const options of [{ token: 'wrong' }, {}]) {
        const t = transport(wsUrl(guarded), { ...options, reconnectDelayMs: () => 100 });
        await t.connect().catch(() => undefined);
        await until(() => t.status.problem?.code === 'token-refused', 'token-refused');
        expect(t.status.state).not.toBe('closed');
        // It stays shown across retries (each retry's socket is refused again).
        const seen = new Set<string>();
        const off = t.onStatus((status) => seen.add(`${status.state}:${status.problem?.code ?? '-'}`));
        await new Promise((resolve) => setTimeout(resolve, 400));
        off();
        expect([...seen].filter((entry) => !entry.endsWith(':token-refused'))).toEqual([]);
        expect(guarded.stats().connections).toBe(0);
      }
    } finally {
      await guarded.close();
    }
  });

  it('still presents a (deprecated) token from the URL, kept out of endpoint', async () => {
    const guarded = await startRelay({ token: 'sesame' });
    try {
      const good = transport(wsUrl(guarded, '?token=sesame'));
      await good.connect();
      expect(good.endpoint).toBe(wsUrl(guarded));
      const bad = transport(wsUrl(guarded, '?token=wrong'), { reconnectDelayMs: () => 60_000 });
      await bad.connect();
      await until(() => bad.status.problem?.code === 'token-refused', 'token-refused');
      expect(bad.status.state).toBe('reconnecting');
      expect(bad.status.error).toBe('connection closed (code 4401: relay token missing or wrong)');
    } finally {
      await guarded.close();
    }
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
    expect(parseRelayFrame('{"op":"error","code":"topic-full","message":"m","topic":"t"}')).toEqual({
      op: 'error',
      code: 'topic-full',
      message: 'm',
      topic: 't',
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
