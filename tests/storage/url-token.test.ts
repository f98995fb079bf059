import { describe, expect, it } from 'vitest';
import { takeUrlToken, viaWithoutToken } from '../../src/storage/url-token';

describe('takeUrlToken', () => {
  it('takes the token out, keeping the rest of the URL verbatim', () => {
    expect(takeUrlToken('wss://h.example/ws?token=a%20b')).toEqual({ url: 'wss://h.example/ws', token: 'a b' });
    expect(takeUrlToken('wss://h.example/ws?x=1&token=t&y=2')).toEqual({
      url: 'wss://h.example/ws?x=1&y=2',
      token: 't',
    });
    expect(takeUrlToken('wss://h.example/ws?token=')).toEqual({ url: 'wss://h.example/ws' });
    expect(takeUrlToken('wss://h.example/ws')).toEqual({ url: 'wss://h.example/ws' });
  });

  it('strips a stored via value', () => {
    expect(viaWithoutToken('relay:wss://h.example/ws?token=SECRET')).toBe('relay:wss://h.example/ws');
    expect(viaWithoutToken('mqtt:wss://h.example/mqtt')).toBe('mqtt:wss://h.example/mqtt');
  });
});
