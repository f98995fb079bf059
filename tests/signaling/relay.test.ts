import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { createRelayTransport, parseRelayFrame } from '../../src/signaling/relay';
import type { RelayTransportOptions } from '../../src/signaling/relay';
import type { Transport } from '../../src/signaling/transport';
import { Inbox, until } from '../helpers/inbox';
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

  it('surfaces error frames in status without dropping the connection', async () => {
    const a = transport(wsUrl(relay));
    await a.connect();
    new Inbox(a, 'not a valid topic');
    await until(() => a.status.error !== undefined, 'the error');
    expect(a.status.error).toContain('bad-field');
    expect(a.status.state).toBe('connected');
  });

  it('presents the token from the URL but keeps it out of endpoint', async () => {
    const guarded = await startRelay({ token: 'sesame' });
    try {
      const good = transport(wsUrl(guarded, '?token=sesame'));
      await good.connect();
      expect(good.endpoint).toBe(wsUrl(guarded));
      const bad = transport(wsUrl(guarded, '?token=wrong'), { reconnectDelayMs: () => 60_000 });
      await expect(bad.connect()).rejects.toThrow(`could not connect to the relay ${wsUrl(guarded)}: `);
      expect(bad.status.state).toBe('reconnecting');
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
