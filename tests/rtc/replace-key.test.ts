import { describe, expect, it } from 'vitest';
import { publishOptions, replaceKeyOf } from '../../src/rtc/replace-key';

const to = 'AbCdEfGhIjKlMnOp';
const candidate = { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('replaceKeyOf', () => {
  it('gives copies of one step one key, and other steps, offers and candidates other keys', () => {
    expect(replaceKeyOf({ t: 'answer', to, o: 2, sdp: 'a' })).toBe(replaceKeyOf({ t: 'answer', to, o: 2, sdp: 'a' }));
    expect(replaceKeyOf({ t: 'answer', to, o: 2, sdp: 'a' })).not.toBe(
      replaceKeyOf({ t: 'answer', to, o: 3, sdp: 'a' }),
    );
    expect(replaceKeyOf({ t: 'eoc', to, o: 2 })).not.toBe(replaceKeyOf({ t: 'answer', to, o: 2, sdp: 'a' }));
    const ice = (line: string) => replaceKeyOf({ t: 'ice', to, o: 2, candidate: { ...candidate, candidate: line } });
    expect(ice('candidate:1')).toBe(ice('candidate:1'));
    expect(ice('candidate:1')).not.toBe(ice('candidate:2'));
    expect(replaceKeyOf({ t: 'busy', to })).toBe(`busy:${to}`);
  });

  it('gives a bye no key: each one counts', () => {
    expect(replaceKeyOf({ t: 'bye', reason: 'left' })).toBeUndefined();
    expect(publishOptions({ t: 'bye', reason: 'left' })).toEqual({});
    expect(publishOptions({ t: 'conn' })).toEqual({ replaceKey: 'conn' });
  });
});
