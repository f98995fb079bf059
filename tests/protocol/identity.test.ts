import { describe, expect, it } from 'vitest';
import { toBase64Url, utf8Encode } from '../../src/protocol/encoding';
import {
  generateIdentityKeyPair,
  identityFromKeyPair,
  keyId,
  signBytes,
  verifyBytes,
} from '../../src/protocol/identity';
import { isValidId } from '../../src/protocol/room';

describe('identity', () => {
  it('makes a P-256 identity whose private key cannot be exported', async () => {
    const pair = await generateIdentityKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    const id = await identityFromKeyPair(pair);
    expect(id.publicKey).toHaveLength(87);
    expect(id.id).toHaveLength(16);
    expect(isValidId(id.id)).toBe(true);
    expect(await keyId(id.publicKey)).toBe(id.id);
  });

  it('key ids differ between keys and are stable for one key', async () => {
    const a = await identityFromKeyPair(await generateIdentityKeyPair());
    const b = await identityFromKeyPair(await generateIdentityKeyPair());
    expect(a.id).not.toBe(b.id);
  });

  it('signs and verifies; any change to data, signature or key fails', async () => {
    const a = await identityFromKeyPair(await generateIdentityKeyPair());
    const b = await identityFromKeyPair(await generateIdentityKeyPair());
    const data = utf8Encode('hello porthole');
    const sig = await signBytes(a, data);
    expect(sig).toHaveLength(86);
    expect(await verifyBytes(a.publicKey, sig, data)).toBe(true);
    expect(await verifyBytes(b.publicKey, sig, data)).toBe(false);
    expect(await verifyBytes(a.publicKey, sig, utf8Encode('hello porthold'))).toBe(false);
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(await verifyBytes(a.publicKey, flipped, data)).toBe(false);
  });

  it('verifyBytes never throws on garbage', async () => {
    const a = await identityFromKeyPair(await generateIdentityKeyPair());
    const data = utf8Encode('x');
    const sig = await signBytes(a, data);
    const notOnCurve = toBase64Url(new Uint8Array([4, ...new Array(64).fill(1)]));
    for (const key of ['', 'x', a.publicKey.slice(1), notOnCurve, 42 as unknown as string]) {
      expect(await verifyBytes(key, sig, data)).toBe(false);
    }
    for (const s of ['', '!!', sig.slice(2), 7 as unknown as string]) {
      expect(await verifyBytes(a.publicKey, s, data)).toBe(false);
    }
  });

  it('keyId rejects a malformed key', async () => {
    await expect(keyId('nope')).rejects.toThrow('invalid public key');
  });
});
