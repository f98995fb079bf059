import { describe, expect, it } from 'vitest';
import { formatIce, parseIce } from '../../src/protocol/ice';

describe('parseIce', () => {
  it('parses stun, turn with credentials, turns with transport', () => {
    expect(
      parseIce(
        'stun:stun.example.org,stun:127.0.0.1:3478,turn:u:p@t.example:3478,turns:a%40b:c%3Ad@t.example:5349?transport=tcp',
      ),
    ).toEqual([
      { urls: 'stun:stun.example.org' },
      { urls: 'stun:127.0.0.1:3478' },
      { urls: 'turn:t.example:3478', username: 'u', credential: 'p' },
      { urls: 'turns:t.example:5349?transport=tcp', username: 'a@b', credential: 'c:d' },
    ]);
    expect(parseIce('stun:[::1]:3478')).toEqual([{ urls: 'stun:[::1]:3478' }]);
  });

  it('rejects bad entries', () => {
    for (const bad of [
      '',
      'http://x',
      'stun:',
      'stun:host:0',
      'stun:host:70000',
      'stun:host:0080',
      'stun:u:p@host',
      'stun:host?transport=udp',
      'turn:host:3478',
      'turn:u@host:3478',
      'turn:u:p@host?transport=sctp',
      'turn:%zz:p@host',
      'stun:-host',
      'stun:ho st',
      'stun:a,',
      'stun:a,stun:b,stun:c,stun:d,stun:e',
      `stun:${'a'.repeat(1100)}`,
    ]) {
      expect(parseIce(bad), bad).toBeNull();
    }
  });

  it('allows four entries', () => {
    expect(parseIce('stun:a,stun:b,stun:c,stun:d')).toHaveLength(4);
  });
});

describe('formatIce', () => {
  it('is the inverse of parseIce, percent-encoding credentials', () => {
    const list = [
      { urls: 'stun:s.example:3478' },
      { urls: 'turn:t.example:3478?transport=udp', username: 'user:1,2', credential: 'p@ss/w?rd' },
    ];
    const s = formatIce(list);
    expect(s).toBe('stun:s.example:3478,turn:user%3A1%2C2:p%40ss%2Fw%3Frd@t.example:3478?transport=udp');
    expect(parseIce(s)).toEqual(list);
  });
});
