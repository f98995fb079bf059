import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenRoomDeps, OpenRoomOptions } from '../../src/app/open-room';
import type { Transport } from '../../src/signaling/transport';

/** What the stand-ins record: the transports opened ahead, and the token check's answer. */
const fakes = vi.hoisted(() => ({
  transports: [] as Transport[],
  deps: undefined as OpenRoomDeps | undefined,
  check: (): Promise<string | undefined> => Promise.resolve(undefined),
  page: new EventTarget(),
}));

vi.mock('../../src/app/identities', async () => {
  const { generateIdentityKeyPair, identityFromKeyPair } = await import('../../src/protocol/identity');
  const id = generateIdentityKeyPair().then(identityFromKeyPair);
  return { deviceIdentity: () => id, keyStore: () => ({}) };
});
vi.mock('../../src/storage/device-name', () => ({ deviceName: () => 'Laptop' }));
vi.mock('../../src/app/relay-access', async (original) => ({
  ...(await original<typeof import('../../src/app/relay-access')>()),
  relayNeedingToken: () => fakes.check(),
}));
vi.mock('../../src/app/open-room', async (original) => {
  const real = await original<typeof import('../../src/app/open-room')>();
  return { ...real, openRoomAhead: vi.fn((options: OpenRoomOptions) => real.openRoomAhead(options, fakes.deps)) };
});

import { dropRoomAhead, openRoomAhead } from '../../src/app/open-room';
import { dropPreopened, preopenViewer, warmRelay } from '../../src/app/preopen';
import { forgetRelayConfig } from '../../src/app/relay-access';
import { memoryStorage } from '../helpers/memory-storage';
import { newRoomSecret } from '../../src/protocol/room';
import { createMemoryHub } from '../../src/signaling/memory';
import { FakePool } from '../rtc/fake-peers';

describe('preopenViewer', () => {
  beforeAll(() => {
    // The page's window, for `pagehide`.
    vi.stubGlobal('addEventListener', fakes.page.addEventListener.bind(fakes.page));
    const hub = createMemoryHub();
    fakes.deps = {
      fetchConfig: async () => null,
      createTransport: () => {
        const transport = hub.transport();
        fakes.transports.push(transport);
        return transport;
      },
      createPool: (role) => new FakePool(role, { onActivity: () => undefined }),
    };
  });
  afterEach(() => {
    dropRoomAhead();
    fakes.transports.splice(0);
    fakes.check = () => Promise.resolve(undefined);
    vi.mocked(openRoomAhead).mockClear();
  });

  const link = () => ({ secret: newRoomSecret(), via: { kind: 'mqtt' as const, url: 'ws://127.0.0.1:1883' } });
  const pageUrl = 'https://cam.example/#/view';

  it('opens the room ahead once the token check passes', async () => {
    await preopenViewer(link(), pageUrl);
    expect(openRoomAhead).toHaveBeenCalledTimes(1);
    expect(fakes.transports).toHaveLength(1);
  });

  it('opens nothing when the address left the link during the token check', async () => {
    const pending = preopenViewer(link(), pageUrl);
    dropPreopened();
    await pending;
    expect(openRoomAhead).not.toHaveBeenCalled();
    expect(fakes.transports).toHaveLength(0);
  });

  it("opens nothing for a link whose slower token check ends after the next link's room opened", async () => {
    let passA: (origin: string | undefined) => void = () => undefined;
    fakes.check = () => new Promise((resolve) => (passA = resolve));
    const a = preopenViewer(link(), pageUrl);
    fakes.check = () => Promise.resolve(undefined);
    const b = link();
    await preopenViewer(b, pageUrl);
    passA(undefined);
    await a;
    expect(vi.mocked(openRoomAhead).mock.calls.map(([options]) => options.secret)).toEqual([b.secret]);
    expect(fakes.transports[0]?.status.state).not.toBe('closed');
  });

  it('drops the room opened ahead when the page is hidden', async () => {
    await preopenViewer(link(), pageUrl);
    await expect.poll(() => fakes.transports[0]?.status.state).toBe('connected');
    fakes.page.dispatchEvent(new Event('pagehide'));
    await expect.poll(() => fakes.transports[0]?.status.state).toBe('closed');
  });
});

describe('warmRelay', () => {
  it("asks the page's origin for its config only when the app is at the root (where a relay serves it)", () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const asked: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      asked.push(String(url));
      return Promise.resolve(new Response('{}', { status: 404 }));
    });
    try {
      warmRelay('https://cam.example/#/');
      warmRelay('https://someone.example/porthole/#/'); // a static host under a sub-path: its root is not ours
      expect(asked).toEqual(['https://cam.example/api/config']);
    } finally {
      vi.unstubAllGlobals();
      forgetRelayConfig('https://cam.example');
      forgetRelayConfig('https://someone.example');
    }
  });
});
