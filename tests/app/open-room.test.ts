import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chooseIceServers,
  chooseSignaling,
  OpenRoomError,
  type OpenRoomOptions,
  openRoom,
  publicMqttBrokers,
  publicStunServers,
} from '../../src/app/open-room';
import type { Role } from '../../src/protocol/link';
import { generateIdentityKeyPair, identityFromKeyPair } from '../../src/protocol/identity';
import { newRoomSecret } from '../../src/protocol/room';
import type { RoomSession } from '../../src/rtc/session';
import type { AppConfig } from '../../src/signaling/app-config';
import type { SignalingChoice } from '../../src/signaling/create-transport';
import { createMemoryHub } from '../../src/signaling/memory';
import type { Transport } from '../../src/signaling/transport';
import WebSocket from 'ws';
import { createRelay } from '../../relay/src/index.js';
import { onRelayTokenRefused } from '../../src/app/relay-access';
import { buildLink } from '../../src/protocol/link';
import { createRelayTransport } from '../../src/signaling/relay';
import { memoryStorage } from '../helpers/memory-storage';
import { FakePool } from '../rtc/fake-peers';

describe('chooseSignaling', () => {
  const relayConfig: AppConfig = { iceServers: [], relay: { path: '/ws', tokenRequired: false } };

  it('lets an explicit via win', () => {
    expect(chooseSignaling({ kind: 'mqtt', url: 'ws://127.0.0.1:1883' }, relayConfig, 'https://h/')).toEqual({
      kind: 'mqtt',
      urls: ['ws://127.0.0.1:1883'],
    });
    expect(chooseSignaling({ kind: 'relay', url: 'wss://r.example/ws' }, null, 'https://h/')).toEqual({
      kind: 'relay',
      url: 'wss://r.example/ws',
    });
  });

  it('uses the relay that served the page, wss on https, ws on http', () => {
    expect(chooseSignaling(undefined, relayConfig, 'https://cam.example:8443/#/view?r=x')).toEqual({
      kind: 'relay',
      url: 'wss://cam.example:8443/ws',
    });
    expect(chooseSignaling(undefined, relayConfig, 'http://192.168.1.5:8080/')).toEqual({
      kind: 'relay',
      url: 'ws://192.168.1.5:8080/ws',
    });
  });

  it('adds the token kept for that relay, outside the URL', () => {
    const tokens: Record<string, string> = { 'ws://h/ws': 'a b', 'wss://r.example/ws': 'r' };
    const kept = (url: string): string | undefined => tokens[url];
    expect(chooseSignaling(undefined, relayConfig, 'http://h/', kept)).toEqual({
      kind: 'relay',
      url: 'ws://h/ws',
      token: 'a b',
    });
    expect(chooseSignaling({ kind: 'relay', url: 'wss://r.example/ws' }, null, 'http://h/', kept)).toEqual({
      kind: 'relay',
      url: 'wss://r.example/ws',
      token: 'r',
    });
    expect(chooseSignaling({ kind: 'relay', url: 'wss://other.example/ws' }, null, 'http://h/', kept)).toEqual({
      kind: 'relay',
      url: 'wss://other.example/ws',
    });
    expect(chooseSignaling({ kind: 'mqtt', url: 'ws://h:1883' }, relayConfig, 'http://h/', kept)).toEqual({
      kind: 'mqtt',
      urls: ['ws://h:1883'],
    });
  });

  it('falls back to the public MQTT brokers, all of them for failover', () => {
    const choice = chooseSignaling(undefined, null, 'https://h/');
    expect(choice).toEqual({ kind: 'mqtt', urls: [...publicMqttBrokers] });
    expect(chooseSignaling(undefined, { iceServers: [] }, 'https://h/')).toEqual(choice);
    expect(publicMqttBrokers[0]).toBe('wss://broker.emqx.io:8084/mqtt');
  });
});

describe('chooseIceServers', () => {
  const config: AppConfig = { iceServers: [{ urls: 'stun:relay:3478' }] };

  it('puts the link servers first, then the relay servers', () => {
    expect(chooseIceServers(config, [{ urls: 'turn:t:3478', username: 'u', credential: 'c' }])).toEqual([
      { urls: 'turn:t:3478', username: 'u', credential: 'c' },
      { urls: 'stun:relay:3478' },
    ]);
    expect(chooseIceServers(config)).toEqual([{ urls: 'stun:relay:3478' }]);
    expect(chooseIceServers(null, [{ urls: 'stun:l:1' }])).toEqual([{ urls: 'stun:l:1' }]);
  });

  it('uses public STUN when nobody supplies servers', () => {
    expect(chooseIceServers(null)).toEqual(publicStunServers);
    expect(chooseIceServers({ iceServers: [] }, [])).toEqual(publicStunServers);
    expect(publicStunServers).toEqual([
      { urls: 'stun:stun.l.google.com:19302' },
      { urls: 'stun:stun.cloudflare.com:3478' },
    ]);
  });
});

describe('openRoom', () => {
  const sessions: RoomSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stop();
    vi.unstubAllGlobals();
  });

  /** openRoom with recording fakes: the config arrives when the test resolves it. */
  function harness() {
    const hub = createMemoryHub();
    let answerConfig: (config: AppConfig | null) => void = () => undefined;
    const config = new Promise<AppConfig | null>((resolve) => {
      answerConfig = resolve;
    });
    const got: {
      origins: string[];
      signaling: SignalingChoice[];
      transports: Transport[];
      ice: Promise<RTCIceServer[]>[];
      roles: Role[];
    } = { origins: [], signaling: [], transports: [], ice: [], roles: [] };
    const open = async (options: Partial<OpenRoomOptions> & Pick<OpenRoomOptions, 'params'>) => {
      const session = await openRoom(
        {
          role: 'viewer',
          pageUrl: 'https://cam.example:8443/#/view',
          ...options,
          secret: options.secret ?? newRoomSecret(),
          identity: options.identity ?? generateIdentityKeyPair().then(identityFromKeyPair),
        },
        {
          fetchConfig: (origin) => {
            got.origins.push(origin);
            return config;
          },
          createTransport: (choice) => {
            got.signaling.push(choice);
            const transport = hub.transport();
            got.transports.push(transport);
            return transport;
          },
          createPool: (role, iceServers) => {
            got.roles.push(role);
            got.ice.push(iceServers);
            return new FakePool(role, { onActivity: () => undefined });
          },
        },
      );
      sessions.push(session);
      return session;
    };
    return { open, got, answerConfig };
  }

  it("starts signaling on the link's transport before /api/config answers; ICE is the link's, then the relay's", async () => {
    const { open, got, answerConfig } = harness();
    const session = await open({
      role: 'sender',
      params: { via: { kind: 'mqtt', url: 'ws://127.0.0.1:1883' }, ice: [{ urls: 'turn:t:3478' }] },
    });
    expect(got.origins).toEqual(['https://cam.example:8443']);
    expect(got.signaling).toEqual([{ kind: 'mqtt', urls: ['ws://127.0.0.1:1883'] }]);
    expect(got.roles).toEqual(['sender']);
    // The config has not answered, yet the transport connects (the room keys are derived first).
    await vi.waitFor(() => expect(session.transportStatus.state).toBe('connected'));
    let ice: RTCIceServer[] | undefined;
    void got.ice[0]?.then((servers) => {
      ice = servers;
    });
    await Promise.resolve();
    expect(ice).toBeUndefined();
    answerConfig({ iceServers: [{ urls: 'stun:relay:3478' }], relay: { path: '/ws', tokenRequired: false } });
    expect(await got.ice[0]).toEqual([{ urls: 'turn:t:3478' }, { urls: 'stun:relay:3478' }]);
  });

  it('without a transport in the link, waits for /api/config and uses the relay that served the page', async () => {
    const { open, got, answerConfig } = harness();
    const opening = open({ params: {} });
    await Promise.resolve();
    expect(got.signaling).toEqual([]); // nothing is made before the config decides
    answerConfig({ iceServers: [{ urls: 'stun:cam.example:3478' }], relay: { path: '/ws', tokenRequired: false } });
    await opening;
    expect(got.signaling).toEqual([{ kind: 'relay', url: 'wss://cam.example:8443/ws' }]);
    expect(await got.ice[0]).toEqual([{ urls: 'stun:cam.example:3478' }]);
  });

  it('falls back to the public brokers and public STUN without a relay; link ICE servers replace public STUN', async () => {
    const { open, got, answerConfig } = harness();
    answerConfig(null);
    await open({ params: {} });
    await open({ params: { ice: [{ urls: 'stun:mine:3478' }] } });
    expect(got.signaling).toEqual([
      { kind: 'mqtt', urls: [...publicMqttBrokers] },
      { kind: 'mqtt', urls: [...publicMqttBrokers] },
    ]);
    expect(await got.ice[0]).toEqual(publicStunServers);
    expect(await got.ice[1]).toEqual([{ urls: 'stun:mine:3478' }]);
  });

  it("keeps the relay's TURN credentials in memory: they reach the peer connection, never the room's link", async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const { open, got, answerConfig } = harness();
    const turn = { urls: ['turn:cam.example:3478'], username: '1700000000:abc', credential: 'minted-secret' };
    answerConfig({
      iceServers: [{ urls: 'stun:cam.example:3478' }, turn],
      relay: { path: '/ws', tokenRequired: true },
    });
    const params = { ice: [{ urls: 'stun:mine:3478' }] };
    const before = JSON.stringify(params);
    const secret = newRoomSecret();
    await open({ role: 'sender', params, secret });
    expect(await got.ice[0]).toEqual([{ urls: 'stun:mine:3478' }, { urls: 'stun:cam.example:3478' }, turn]);
    expect(JSON.stringify(params)).toBe(before);
    const link = buildLink('https://cam.example:8443/', 'view', { ...params, secret });
    for (const leak of ['turn', 'minted-secret', '1700000000', 'abc']) expect(link).not.toContain(leak);
    expect(JSON.stringify([...storage.data])).not.toContain('minted-secret');
  });

  it('gives a relay room the token kept for it, and tells the app (once) when the relay refuses it', async () => {
    const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, token: 'sesame' });
    await relay.ready;
    const url = `ws://127.0.0.1:${relay.httpPort}/ws`;
    const refused: string[] = [];
    const off = onRelayTokenRefused((origin) => refused.push(origin));
    try {
      const choices: SignalingChoice[] = [];
      const openWith = (token: string) =>
        openRoom(
          {
            role: 'viewer',
            secret: newRoomSecret(),
            params: { via: { kind: 'relay', url } },
            pageUrl: 'https://cam.example:8443/#/view',
            identity: generateIdentityKeyPair().then(identityFromKeyPair),
          },
          {
            fetchConfig: async () => null,
            relayToken: (relayUrl) => (relayUrl === url ? token : undefined),
            createTransport: (choice) => {
              choices.push(choice);
              if (choice.kind !== 'relay') throw new Error('relay expected');
              return createRelayTransport({
                url: choice.url,
                ...(choice.token === undefined ? {} : { token: choice.token }),
                WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
                reconnectDelayMs: () => 100,
              });
            },
            createPool: (role) => new FakePool(role, { onActivity: () => undefined }),
          },
        ).then((session) => {
          sessions.push(session);
          return session;
        });
      const good = await openWith('sesame');
      await vi.waitFor(() => expect(good.transportStatus.state).toBe('connected'));
      const bad = await openWith('wrong');
      expect(choices).toEqual([
        { kind: 'relay', url, token: 'sesame' },
        { kind: 'relay', url, token: 'wrong' },
      ]);
      await vi.waitFor(() => expect(refused).toEqual([`http://127.0.0.1:${relay.httpPort}`]), { timeout: 5000 });
      await new Promise((resolve) => setTimeout(resolve, 500)); // more refusals (retries) are not told again
      expect(refused).toHaveLength(1);
      expect(bad.transportStatus.problem).toEqual({ code: 'token-refused' });
      expect(good.transportStatus).toMatchObject({ state: 'connected' });
      expect(good.transportStatus.problem).toBeUndefined();
    } finally {
      off();
      for (const session of sessions.splice(0)) session.stop();
      await relay.close();
    }
  });

  it('makes no session when the screen closed while /api/config loaded', async () => {
    const { open, got, answerConfig } = harness();
    const screen = new AbortController();
    const opening = open({ params: {}, signal: screen.signal });
    screen.abort();
    answerConfig(null);
    await expect(opening).rejects.toMatchObject({ name: 'OpenRoomError', reason: 'closed' });
    expect(got.signaling).toEqual([]);
  });

  it('fails as insecure without WebCrypto, or without WebRTC when it would make real peer connections', async () => {
    const { open, got } = harness();
    const ids = { secret: newRoomSecret(), identity: generateIdentityKeyPair().then(identityFromKeyPair) };
    vi.stubGlobal('crypto', {});
    await expect(open({ params: {}, ...ids })).rejects.toMatchObject({ reason: 'insecure' });
    vi.unstubAllGlobals();
    // Node has no RTCPeerConnection: the default pool could not work.
    const real = openRoom({
      role: 'viewer',
      secret: newRoomSecret(),
      params: {},
      pageUrl: 'http://h/',
      identity: generateIdentityKeyPair().then(identityFromKeyPair),
    });
    await expect(real).rejects.toBeInstanceOf(OpenRoomError);
    await expect(real).rejects.toMatchObject({ reason: 'insecure' });
    expect(got.origins).toEqual([]);
  });
});
