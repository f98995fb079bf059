/** When the app asks for a relay token before a room connects, and what a refusal does. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fetchRelayConfig,
  forgetRelayConfig,
  onRelayTokenRefused,
  relayNeedingToken,
  relayTokenRefused,
  tokenPrompt,
} from '../../src/app/relay-access';
import type { AppConfig } from '../../src/signaling/app-config';
import { loadRelayToken, saveRelayToken } from '../../src/storage/relay-token';
import { saveSettings } from '../../src/storage/settings-store';
import { memoryStorage } from '../helpers/memory-storage';

/** Every relay origin these tests use: what the module remembers of one test's relays is forgotten before the next. */
const origins = ['cam.example', 'relay.example', 'static.example', 'open.example', 'ahead.example'];

afterEach(() => {
  vi.unstubAllGlobals();
  for (const host of origins) forgetRelayConfig(`https://${host}`);
});

const guarded: AppConfig = { iceServers: [], relay: { path: '/ws', tokenRequired: true } };
const open: AppConfig = { iceServers: [], relay: { path: '/ws', tokenRequired: false } };

/** A config loader answering `configs[origin]` (null for any other origin), recording what was asked. */
function loader(configs: Record<string, AppConfig>) {
  const asked: string[] = [];
  const fetchConfig = async (origin: string) => {
    asked.push(origin);
    return configs[origin] ?? null;
  };
  return { asked, fetchConfig };
}

describe('relayNeedingToken', () => {
  it("asks for the page's relay token when it needs one and none is kept", async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const { asked, fetchConfig } = loader({ 'https://cam.example': guarded });
    const gate = { role: 'viewer' as const, params: {}, pageUrl: 'https://cam.example/#/view?r=x', fetchConfig };
    expect(await relayNeedingToken(gate)).toBe('https://cam.example');
    expect(asked).toEqual(['https://cam.example']);
    saveRelayToken('https://cam.example/', 'sesame');
    expect(await relayNeedingToken(gate)).toBeUndefined();
  });

  it('asks for the token of a relay named in the link only when it served the page; never for MQTT or an open relay', async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const { asked, fetchConfig } = loader({ 'https://relay.example': guarded, 'https://cam.example': open });
    const base = { role: 'viewer' as const, pageUrl: 'https://relay.example/', fetchConfig };
    const relayVia = { via: { kind: 'relay' as const, url: 'wss://relay.example/ws' } };
    expect(await relayNeedingToken({ ...base, params: relayVia })).toBe('https://relay.example');
    // A relay elsewhere is not waited for: its refusal (4401) asks instead.
    const elsewhere = { ...base, pageUrl: 'https://cam.example/' };
    expect(await relayNeedingToken({ ...elsewhere, params: relayVia })).toBeUndefined();
    const mqttVia = { via: { kind: 'mqtt' as const, url: 'wss://relay.example/mqtt' } };
    expect(await relayNeedingToken({ ...base, params: mqttVia })).toBeUndefined();
    expect(await relayNeedingToken({ ...elsewhere, params: {} })).toBeUndefined();
    expect(await relayNeedingToken({ ...base, pageUrl: 'https://static.example/', params: {} })).toBeUndefined();
    expect(asked).toEqual(['https://relay.example', 'https://cam.example', 'https://static.example']);
  });

  it("follows a sender's saved transport when its link names none", async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    saveSettings({ via: { kind: 'mqtt', url: 'wss://broker.example/mqtt' }, ice: [], language: 'auto', theme: 'auto' });
    const { asked, fetchConfig } = loader({ 'https://cam.example': guarded });
    expect(await relayNeedingToken({ role: 'sender', params: {}, pageUrl: 'https://cam.example/', fetchConfig })).toBe(
      undefined,
    );
    expect(asked).toEqual([]);
    expect(await relayNeedingToken({ role: 'viewer', params: {}, pageUrl: 'https://cam.example/', fetchConfig })).toBe(
      'https://cam.example',
    );
  });
});

describe('a relay known to need no token', () => {
  it('is not waited for again in the page, until it refuses a token', async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const gate = { role: 'viewer' as const, params: {}, pageUrl: 'https://open.example/#/view' };
    const first = loader({ 'https://open.example': open });
    expect(await relayNeedingToken({ ...gate, fetchConfig: first.fetchConfig })).toBeUndefined();
    // Later links to it start at once: its config is not awaited (the room still fetches it for ICE).
    const later = loader({ 'https://open.example': guarded });
    expect(await relayNeedingToken({ ...gate, fetchConfig: later.fetchConfig })).toBeUndefined();
    expect(later.asked).toEqual([]);
    // It refused (it was given a token since): the next link asks it again.
    relayTokenRefused('wss://open.example/ws');
    expect(await relayNeedingToken({ ...gate, fetchConfig: later.fetchConfig })).toBe('https://open.example');
    expect(later.asked).toEqual(['https://open.example']);
  });

  it('is remembered from a config fetched ahead, and not from a fetch that failed', async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const answers = [new Response('oops', { status: 500 }), Response.json(open)];
    const fetchImpl = (async () => answers.shift()!) as unknown as typeof fetch;
    const gate = { role: 'viewer' as const, params: {}, pageUrl: 'https://ahead.example/' };
    const nobody = loader({});
    expect(await fetchRelayConfig('https://ahead.example', fetchImpl)).toBeNull();
    expect(await relayNeedingToken({ ...gate, fetchConfig: nobody.fetchConfig })).toBeUndefined();
    expect(nobody.asked).toEqual(['https://ahead.example']); // the failed fetch proved nothing
    forgetRelayConfig('https://ahead.example');
    expect(await fetchRelayConfig('https://ahead.example', fetchImpl)).toEqual(open);
    await Promise.resolve();
    expect(await relayNeedingToken({ ...gate, fetchConfig: nobody.fetchConfig })).toBeUndefined();
    expect(nobody.asked).toEqual(['https://ahead.example']);
  });
});

describe('a config fetch that outlives a refusal', () => {
  it('does not bring back what the refusal forgot', async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    let answer: (response: Response) => void = () => undefined;
    const fetchImpl = (() => new Promise<Response>((resolve) => (answer = resolve))) as unknown as typeof fetch;
    const pending = fetchRelayConfig('https://cam.example', fetchImpl);
    relayTokenRefused('wss://cam.example/ws');
    answer(Response.json(open));
    await pending;
    await Promise.resolve();
    // Not remembered as a relay without a token: the next room asks its config again.
    const again = loader({ 'https://cam.example': open });
    await relayNeedingToken({
      role: 'viewer',
      params: {},
      pageUrl: 'https://cam.example/',
      fetchConfig: again.fetchConfig,
    });
    expect(again.asked).toEqual(['https://cam.example']);
  });
});

describe('relayTokenRefused', () => {
  it('forgets the token and tells every listener the relay origin', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    saveRelayToken('https://cam.example/', 'wrong');
    const heard: string[] = [];
    const off = onRelayTokenRefused((origin) => heard.push(origin));
    relayTokenRefused('wss://cam.example/ws');
    off();
    relayTokenRefused('wss://cam.example/ws');
    expect(heard).toEqual(['https://cam.example']);
    expect(loadRelayToken('https://cam.example/')).toBeUndefined();
  });
});

describe('tokenPrompt', () => {
  it('names the relay by its host; the relay that served the page needs no warning', () => {
    expect(tokenPrompt('https://cam.example:8443', 'https://cam.example:8443/#/view?r=x')).toEqual({
      host: 'cam.example:8443',
    });
  });

  it("says a crafted link's relay is another server than the page's, naming both", () => {
    // via=relay:wss://evil.example/ws on a page served by cam.example: evil's 4401 or tokenRequired asks.
    expect(tokenPrompt('https://evil.example', 'https://cam.example/#/view?r=x')).toEqual({
      host: 'evil.example',
      otherThanPage: 'cam.example',
    });
    expect(tokenPrompt('http://cam.example:9000', 'https://cam.example/')).toEqual({
      host: 'cam.example:9000',
      otherThanPage: 'cam.example',
    });
  });
});
