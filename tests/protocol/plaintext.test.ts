/** The plaintext of a signed message: what parses, and what is refused before any crypto. */
import { describe, expect, it } from 'vitest';
import { parseObject, parseSigned } from '../../src/protocol/plaintext';

const peer = { device: 'deviceAAAA', session: 'sessionAAA', since: 1, ek: `B${'A'.repeat(86)}` };
const signed = (fields: Record<string, unknown>) =>
  JSON.stringify({ f: 'sessionAAA', r: 'viewer', s: 1, c: 'connAAAAAA', ts: 5, b: { t: 'hello', peer }, ...fields });

describe('parseObject', () => {
  it('gives plain objects only', () => {
    expect(parseObject('{"a":1}')).toEqual({ a: 1 });
    for (const text of ['[1]', 'null', '3', 'not json', null]) expect(parseObject(text)).toBeNull();
  });
});

describe('parseSigned', () => {
  it('reads a hello with its header fields', () => {
    expect(parseSigned(signed({}))).toMatchObject({
      from: 'sessionAAA',
      role: 'viewer',
      seq: 1,
      conn: 'connAAAAAA',
      ts: 5,
      will: false,
      body: { t: 'hello' },
    });
  });

  it('refuses a bad header, a will that is not a broadcast bye, and a hello without ek', () => {
    for (const bad of [
      { f: 'x' },
      { r: 'admin' },
      { s: 0 },
      { ts: -1 },
      { w: 2 },
      { w: 1 },
      { b: { t: 'hello', peer: { ...peer, ek: undefined } } },
    ]) {
      expect(parseSigned(signed(bad))).toBeNull();
    }
  });

  it('keeps an offer sealed: its x aside, the body with a placeholder SDP', () => {
    const offer = parseSigned(signed({ r: 'sender', b: { t: 'offer', to: 'sessionBBB', o: 1, peer, x: 'sealed' } }));
    expect(offer?.x).toBe('sealed');
    expect(offer?.body).toMatchObject({ t: 'offer', sdp: 'v=0' });
    expect(parseSigned(signed({ r: 'sender', b: { t: 'offer', to: 'sessionBBB', o: 1, peer } }))).toBeNull();
  });
});
