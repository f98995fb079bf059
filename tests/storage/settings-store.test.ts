import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  draftFromSettings,
  linkParamsFromSettings,
  loadSettings,
  saveSettings,
  settingsStorageKey,
  validateSettings,
  type SettingsDraft,
  type StorageLike,
} from '../../src/storage/settings-store';
import { loadRelayToken, relayTokensStorageKey } from '../../src/storage/relay-token';
import { memoryStorage } from '../helpers/memory-storage';

const base: SettingsDraft = { transport: 'public', url: '', ice: '', language: 'auto', theme: 'auto' };
const draft = (patch: Partial<SettingsDraft>): SettingsDraft => ({ ...base, ...patch });

describe('validateSettings', () => {
  it('accepts the defaults', () => {
    expect(validateSettings(base)).toEqual({ ok: true, settings: { ice: [], language: 'auto', theme: 'auto' } });
  });

  it.each([
    ['mqtt', '', 'settings.error.urlRequired'],
    ['relay', '   ', 'settings.error.urlRequired'],
    ['mqtt', 'not a url', 'settings.error.urlInvalid'],
    ['mqtt', 'broker.example.org:8084', 'settings.error.urlScheme'],
    ['mqtt', 'http://broker.example.org/mqtt', 'settings.error.urlScheme'],
    ['relay', 'https://relay.example.org/ws', 'settings.error.urlScheme'],
    ['mqtt', 'mqtt://broker.example.org:1883', 'settings.error.urlScheme'],
    ['relay', 'wss://user:pass@relay.example.org/ws', 'settings.error.urlCredentials'],
    ['relay', 'wss://relay.example.org/ws#x', 'settings.error.urlFragment'],
    ['mqtt', `wss://broker.example.org/${'a'.repeat(600)}`, 'settings.error.urlTooLong'],
    ['mqtt', 'wss://', 'settings.error.urlInvalid'],
  ])('%s %j → %s', (transport, url, key) => {
    expect(validateSettings(draft({ transport, url }))).toEqual({ ok: false, errors: { url: key } });
  });

  it.each([
    ['stun.example.org', 'settings.error.ice'],
    ['turn:turn.example.org:3478', 'settings.error.ice'],
    ['stun:user:pw@stun.example.org', 'settings.error.ice'],
    ['http://x', 'settings.error.ice'],
    ['stun:a:1,stun:b:1,stun:c:1,stun:d:1,stun:e:1', 'settings.error.iceTooMany'],
  ])('ice %j → %s', (ice, key) => {
    expect(validateSettings(draft({ ice }))).toEqual({ ok: false, errors: { ice: key } });
  });

  it('rejects unknown choices', () => {
    expect(validateSettings(draft({ transport: 'carrier-pigeon', language: 'fr', theme: 'sepia' }))).toEqual({
      ok: false,
      errors: { transport: 'settings.error.choice', language: 'settings.error.choice', theme: 'settings.error.choice' },
    });
  });

  it('reports every bad field at once', () => {
    const result = validateSettings(draft({ transport: 'relay', url: 'http://x', ice: 'nope' }));
    expect(result).toEqual({ ok: false, errors: { url: 'settings.error.urlScheme', ice: 'settings.error.ice' } });
  });

  it('accepts custom transports and servers, trimming and splitting on lines, spaces and commas', () => {
    const result = validateSettings(
      draft({
        transport: 'relay',
        url: '  wss://relay.example.org/ws  ',
        ice: 'stun:stun.example.org:3478\n turn:al%40ice:s%3Acret@turn.example.org:3478?transport=tcp, ',
        language: 'zh-CN',
        theme: 'dark',
      }),
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        via: { kind: 'relay', url: 'wss://relay.example.org/ws' },
        ice: [
          { urls: 'stun:stun.example.org:3478' },
          { urls: 'turn:turn.example.org:3478?transport=tcp', username: 'al@ice', credential: 's:cret' },
        ],
        language: 'zh-CN',
        theme: 'dark',
      },
    });
  });

  it('takes a typed ?token= out of a relay URL and returns it for the relay-token store', () => {
    expect(validateSettings(draft({ transport: 'relay', url: 'wss://relay.example.org/ws?token=s%2Fcret' }))).toEqual({
      ok: true,
      settings: { via: { kind: 'relay', url: 'wss://relay.example.org/ws' }, ice: [], language: 'auto', theme: 'auto' },
      relayToken: 's/cret',
    });
    expect(validateSettings(draft({ transport: 'relay', url: 'wss://r.example/ws?token=' }))).toEqual({
      ok: true,
      settings: { via: { kind: 'relay', url: 'wss://r.example/ws' }, ice: [], language: 'auto', theme: 'auto' },
    });
  });

  it.each([
    ['relay', 'wss://relay.example.org/ws?token=abc&room=1'],
    ['relay', 'wss://relay.example.org/ws?x=1'],
    ['mqtt', 'wss://broker.example.org/mqtt?token=abc'],
    ['relay', `wss://relay.example.org/ws?token=${'x'.repeat(600)}`],
  ])('refuses any other query, or a token too long to keep, in a %s URL (case %#)', (transport, url) => {
    expect(validateSettings(draft({ transport, url }))).toEqual({
      ok: false,
      errors: { url: 'settings.error.urlQuery' },
    });
  });

  it('ignores the URL field for the public brokers', () => {
    expect(validateSettings(draft({ url: 'garbage' }))).toEqual({
      ok: true,
      settings: { ice: [], language: 'auto', theme: 'auto' },
    });
  });

  it('round-trips through the draft a form shows', () => {
    const good = draft({
      transport: 'mqtt',
      url: 'ws://127.0.0.1:9001',
      ice: 'stun:a.example:1\nturn:u:p@b.example',
      theme: 'light',
    });
    const first = validateSettings(good);
    if (!first.ok) throw new Error('expected valid');
    expect(validateSettings(draftFromSettings(first.settings))).toEqual(first);
  });
});

describe('loadSettings / saveSettings', () => {
  it('returns the defaults when nothing is stored or there is no storage', () => {
    expect(loadSettings(memoryStorage())).toEqual(defaultSettings);
    expect(loadSettings(undefined)).toEqual(defaultSettings);
  });

  it('round-trips valid settings in the link syntax', () => {
    const storage = memoryStorage();
    const settings = {
      via: { kind: 'mqtt' as const, url: 'wss://broker.example.org:8084/mqtt' },
      ice: [{ urls: 'turn:turn.example.org:3478', username: 'u', credential: 'p w' }],
      language: 'en' as const,
      theme: 'dark' as const,
    };
    expect(saveSettings(settings, storage)).toBe(true);
    expect(JSON.parse(storage.data.get(settingsStorageKey)!)).toEqual({
      via: 'mqtt:wss://broker.example.org:8084/mqtt',
      ice: 'turn:u:p%20w@turn.example.org:3478',
      language: 'en',
      theme: 'dark',
    });
    expect(loadSettings(storage)).toEqual(settings);
  });

  it.each(['{', 'null', '42', '"x"', '[]', '{"via":5,"ice":{},"language":[],"theme":null}'])(
    'falls back to defaults for %j',
    (text) => {
      expect(loadSettings(memoryStorage({ [settingsStorageKey]: text }))).toEqual(defaultSettings);
    },
  );

  it('drops only the damaged fields', () => {
    const text = JSON.stringify({
      via: 'relay:http://x',
      ice: 'stun:ok.example:1',
      language: 'klingon',
      theme: 'dark',
    });
    expect(loadSettings(memoryStorage({ [settingsStorageKey]: text }))).toEqual({
      ice: [{ urls: 'stun:ok.example:1' }],
      language: 'auto',
      theme: 'dark',
    });
  });

  it('strips a ?token= stored in the relay URL: the token is kept for that relay, the settings stored without it', () => {
    const text = JSON.stringify({ via: 'relay:wss://relay.example.org/ws?token=SECRET', language: 'en' });
    const storage = memoryStorage({ [settingsStorageKey]: text });
    expect(loadSettings(storage)).toEqual({
      via: { kind: 'relay', url: 'wss://relay.example.org/ws' },
      ice: [],
      language: 'en',
      theme: 'auto',
    });
    expect(loadRelayToken('https://relay.example.org', storage)).toBe('SECRET');
    expect(storage.data.get(settingsStorageKey)).not.toContain('SECRET');
    expect(storage.data.get(settingsStorageKey)).not.toContain('token');
  });

  it('keeps a token already kept for the relay over one read out of old settings', () => {
    const storage = memoryStorage({
      [settingsStorageKey]: JSON.stringify({ via: 'relay:wss://relay.example.org/ws?token=OLD' }),
      [relayTokensStorageKey]: JSON.stringify({ 'https://relay.example.org': 'NEW' }),
    });
    expect(loadSettings(storage).via).toEqual({ kind: 'relay', url: 'wss://relay.example.org/ws' });
    expect(loadRelayToken('wss://relay.example.org/ws', storage)).toBe('NEW');
  });

  it('falls back to the default transport, keeping the rest, for a stored URL with another query', () => {
    const text = JSON.stringify({ via: 'mqtt:wss://b.example/mqtt?sig=1', theme: 'dark' });
    expect(loadSettings(memoryStorage({ [settingsStorageKey]: text }))).toEqual({
      ice: [],
      language: 'auto',
      theme: 'dark',
    });
  });

  it('survives storage that throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadSettings(broken)).toEqual(defaultSettings);
    expect(saveSettings({ ice: [], language: 'en', theme: 'auto' }, broken)).toBe(false);
  });
});

describe('linkParamsFromSettings', () => {
  it('adds nothing for the defaults', () => {
    expect(linkParamsFromSettings({ ice: [], language: 'zh-CN', theme: 'dark' })).toEqual({});
  });

  it('carries a custom transport and servers', () => {
    const via = { kind: 'relay' as const, url: 'wss://relay.example.org/ws' };
    const ice = [{ urls: 'stun:stun.example.org:3478' }];
    const params = linkParamsFromSettings({ via, ice, language: 'auto', theme: 'auto' });
    expect(params).toEqual({ via, ice });
    expect(params.via).not.toBe(via);
  });

  it('carries no TURN server: links carry no TURN password (STUN servers stay)', () => {
    const ice = [
      { urls: 'stun:stun.example.org:3478' },
      { urls: 'turn:turn.example.org:3478', username: 'alice', credential: 'hunter2' },
    ];
    expect(linkParamsFromSettings({ ice, language: 'auto', theme: 'auto' })).toEqual({ ice: [ice[0]] });
    expect(linkParamsFromSettings({ ice: [ice[1]!], language: 'auto', theme: 'auto' })).toEqual({});
  });
});
