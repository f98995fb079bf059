import { describe, expect, it } from 'vitest';
import {
  forgetRelayToken,
  isValidRelayToken,
  loadRelayToken,
  maxRelayTokenChars,
  relayOrigin,
  relayTokensStorageKey,
  saveRelayToken,
} from '../../src/storage/relay-token';
import { memoryStorage } from '../helpers/memory-storage';

describe('relay tokens', () => {
  it('keeps one token per relay origin, found by its http and ws URLs alike', () => {
    const storage = memoryStorage();
    expect(saveRelayToken('https://cam.example:8443/#/send', 'sesame', storage)).toBe(true);
    expect(saveRelayToken('ws://192.168.1.5:8080/ws', 'other', storage)).toBe(true);
    expect(loadRelayToken('wss://cam.example:8443/ws', storage)).toBe('sesame');
    expect(loadRelayToken('https://cam.example:8443/', storage)).toBe('sesame');
    expect(loadRelayToken('http://192.168.1.5:8080/', storage)).toBe('other');
    expect(loadRelayToken('https://elsewhere.example/', storage)).toBeUndefined();
    expect(JSON.parse(storage.data.get(relayTokensStorageKey)!)).toEqual({
      'https://cam.example:8443': 'sesame',
      'http://192.168.1.5:8080': 'other',
    });
    forgetRelayToken('wss://cam.example:8443/ws', storage);
    expect(loadRelayToken('https://cam.example:8443/', storage)).toBeUndefined();
    forgetRelayToken('ws://192.168.1.5:8080/ws', storage);
    expect(storage.data.has(relayTokensStorageKey)).toBe(false);
  });

  it('refuses empty, blank or huge tokens and URLs that are not http(s)/ws(s)', () => {
    const storage = memoryStorage();
    expect(saveRelayToken('https://h/', '', storage)).toBe(false);
    expect(saveRelayToken('https://h/', '   ', storage)).toBe(false);
    expect(saveRelayToken('https://h/', 'x'.repeat(maxRelayTokenChars + 1), storage)).toBe(false);
    expect(saveRelayToken('mqtt://h/', 'ok', storage)).toBe(false);
    expect(saveRelayToken('not a url', 'ok', storage)).toBe(false);
    expect(storage.data.size).toBe(0);
    expect(isValidRelayToken(' spaces inside are fine ')).toBe(true);
    expect(relayOrigin('wss://[::1]:8443/ws')).toBe('https://[::1]:8443');
  });

  it('survives damaged storage and storage that throws', () => {
    const damaged = memoryStorage({ [relayTokensStorageKey]: '{"https://h":42,"https://ok":"t"' });
    expect(loadRelayToken('https://h/', damaged)).toBeUndefined();
    const odd = memoryStorage({ [relayTokensStorageKey]: '{"https://h":42,"https://ok":"t"}' });
    expect(loadRelayToken('https://h/', odd)).toBeUndefined();
    expect(loadRelayToken('https://ok/', odd)).toBe('t');
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
      removeItem: () => {
        throw new Error('blocked');
      },
    };
    expect(loadRelayToken('https://h/', throwing)).toBeUndefined();
    expect(saveRelayToken('https://h/', 't', throwing)).toBe(true);
    expect(() => forgetRelayToken('https://h/', throwing)).not.toThrow();
    expect(loadRelayToken('https://h/', undefined)).toBeUndefined();
  });
});
