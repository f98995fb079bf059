import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../../src/protocol/encoding';

describe('base64url', () => {
  it('matches Node for every length 0..64 and round-trips', () => {
    for (let n = 0; n <= 64; n += 1) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 97 + n * 13) & 0xff);
      const s = toBase64Url(bytes);
      expect(s).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(s)).toEqual(bytes);
    }
  });

  it('handles all byte values', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('rejects invalid characters, padding and impossible lengths', () => {
    for (const bad of ['A', 'AAAAA', 'AA==', 'A+B/', 'AB C', 'AB\n', 'Ä', 'AA=']) {
      expect(fromBase64Url(bad), bad).toBeNull();
    }
  });

  it('rejects non-canonical trailing bits', () => {
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase64Url('AB')).toBeNull();
    expect(fromBase64Url('AAA')).toEqual(new Uint8Array([0, 0]));
    expect(fromBase64Url('AAB')).toBeNull();
  });

  it('decodes the empty string to no bytes', () => {
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('utf8', () => {
  it('round-trips text beyond ASCII', () => {
    const text = 'porthole 窗口 🎥';
    expect(utf8Decode(utf8Encode(text))).toBe(text);
    expect(utf8Encode('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
  });

  it('returns null on invalid UTF-8', () => {
    expect(utf8Decode(new Uint8Array([0xc3]))).toBeNull();
    expect(utf8Decode(new Uint8Array([0xff, 0xfe]))).toBeNull();
  });
});
