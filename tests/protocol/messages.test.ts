import { describe, expect, it } from 'vitest';
import {
  cleanName,
  maxCandidateChars,
  maxNameChars,
  maxSdpChars,
  parseBody,
  parsePeerInfo,
} from '../../src/protocol/messages';
import { candidate, peer, sdp } from './fixtures';

const me = peer('devA', 'sessA', 1000);
const to = 'sessB000';

describe('parseBody accepts every message type', () => {
  const valid = [
    { t: 'hello', peer: me },
    { t: 'hello', peer: { ...me, name: 'Kitchen phone' } },
    { t: 'here', to, peer: me },
    { t: 'busy', to },
    { t: 'offer', to, o: 1, sdp, peer: me },
    { t: 'answer', to, o: 1, sdp },
    { t: 'ice', to, o: 1, candidate },
    { t: 'ice', to, o: 1, candidate: { candidate: '', sdpMid: null, sdpMLineIndex: 0, usernameFragment: null } },
    { t: 'ice', to, o: 1, candidate: { ...candidate, usernameFragment: 'abcd' } },
    { t: 'eoc', to, o: 1 },
    { t: 'bye', reason: 'left' },
    { t: 'bye', reason: 'lost' },
    { t: 'bye', reason: 'retired', to },
    { t: 'offer', to, o: 3, sdp, peer: me },
    { t: 'answer', to, o: 3, sdp },
    { t: 'ice', to, o: 2 ** 53 - 1, candidate },
    { t: 'eoc', to, o: 1 },
    { t: 'conn' },
  ];
  valid.forEach((body, i) => {
    it(`#${i} ${body.t}`, () => {
      expect(parseBody(body)).toEqual(body);
      expect(parseBody(JSON.parse(JSON.stringify(body)))).toEqual(body);
    });
  });
});

describe('parseBody rejects', () => {
  const bad: Array<[string, unknown]> = [
    ['non-objects', 'hello'],
    ['null', null],
    ['arrays', [{ t: 'hello', peer: me }]],
    ['unknown t', { t: 'welcome', peer: me }],
    ['missing peer', { t: 'hello' }],
    ['bad device id', { t: 'hello', peer: { ...me, device: 'x' } }],
    ['bad session id', { t: 'hello', peer: { ...me, session: 'has space!' } }],
    ['negative since', { t: 'hello', peer: { ...me, since: -1 } }],
    ['infinite since', { t: 'hello', peer: { ...me, since: Infinity } }],
    ['string since', { t: 'hello', peer: { ...me, since: '1000' } }],
    ['name with control chars', { t: 'hello', peer: { ...me, name: 'a\nb' } }],
    ['name with bidi override', { t: 'hello', peer: { ...me, name: 'a\u202eb' } }],
    ['oversize name', { t: 'hello', peer: { ...me, name: 'n'.repeat(maxNameChars + 1) } }],
    ['numeric name', { t: 'hello', peer: { ...me, name: 5 } }],
    ['here without to', { t: 'here', peer: me }],
    ['busy with bad to', { t: 'busy', to: 'x' }],
    ['offer without peer', { t: 'offer', to, o: 1, sdp }],
    ['offer with non-SDP', { t: 'offer', to, o: 1, sdp: 'hello', peer: me }],
    ['oversize sdp', { t: 'answer', to, o: 1, sdp: `v=0${'a'.repeat(maxSdpChars)}` }],
    ['sdp not a string', { t: 'answer', to, o: 1, sdp: 42 }],
    [
      'oversize candidate',
      { t: 'ice', to, o: 1, candidate: { ...candidate, candidate: 'c'.repeat(maxCandidateChars + 1) } },
    ],
    [
      'candidate with both indexes null',
      { t: 'ice', to, o: 1, candidate: { candidate: 'c', sdpMid: null, sdpMLineIndex: null } },
    ],
    ['candidate with fractional index', { t: 'ice', to, o: 1, candidate: { ...candidate, sdpMLineIndex: 0.5 } }],
    ['candidate with missing sdpMid', { t: 'ice', to, o: 1, candidate: { candidate: 'c', sdpMLineIndex: 0 } }],
    ['candidate with numeric ufrag', { t: 'ice', to, o: 1, candidate: { ...candidate, usernameFragment: 1 } }],
    ['eoc without to', { t: 'eoc', o: 1 }],
    ['offer without an id', { t: 'offer', to, sdp, peer: me }],
    ['answer without an id', { t: 'answer', to, sdp }],
    ['ice without an id', { t: 'ice', to, candidate }],
    ['eoc without an id', { t: 'eoc', to }],
    ['bye with unknown reason', { t: 'bye', reason: 'crashed' }],
    ['bye with bad to', { t: 'bye', reason: 'retired', to: 7 }],
    ['offer id 0', { t: 'offer', to, o: 0, sdp, peer: me }],
    ['fractional offer id', { t: 'answer', to, o: 1.5, sdp }],
    ['offer id as a string', { t: 'ice', to, o: '1', candidate }],
    ['unsafe offer id', { t: 'eoc', to, o: 2 ** 53 }],
    ['ek not a P-256 point', { t: 'hello', peer: { ...me, ek: 'AAAA' } }],
    ['ek not a string', { t: 'hello', peer: { ...me, ek: 7 } }],
  ];
  for (const [name, body] of bad) {
    it(name, () => expect(parseBody(body)).toBeNull());
  }
});

describe('parseBody copies', () => {
  it('drops unknown fields and returns fresh objects', () => {
    const input = { t: 'offer', to, o: 2, sdp, peer: { ...me, extra: 1 }, evil: '<script>' };
    const out = parseBody(input);
    expect(out).toEqual({ t: 'offer', to, o: 2, sdp, peer: me });
    expect(out).not.toBe(input);
    expect(out?.t === 'offer' && out.peer).not.toBe(input.peer);
  });

  it('parsePeerInfo keeps an empty name', () => {
    expect(parsePeerInfo({ ...me, name: '' })).toEqual({ ...me, name: '' });
  });
});

describe('cleanName', () => {
  it('strips control and bidi characters, trims, and keeps what parseBody accepts', () => {
    expect(cleanName('  Kitchen\u0000 phone\u202e\n ')).toBe('Kitchen phone');
    expect(cleanName(' \u0007 ')).toBeUndefined();
    const long = cleanName('🎥'.repeat(40))!;
    expect(long.length).toBeLessThanOrEqual(maxNameChars);
    expect(long).toBe('🎥'.repeat(32));
    for (const name of ['a'.repeat(100), 'x\ty', long]) {
      expect(parseBody({ t: 'hello', peer: { ...me, name: cleanName(name) } })).not.toBeNull();
    }
  });
});
