import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../src/protocol/encoding';
import {
  deriveRoomKeys,
  isValidId,
  isValidRoomSecret,
  newId,
  newRoomSecret,
  roomSecretBytes,
} from '../../src/protocol/room';
import { party } from './parties';

const fixedSecret = toBase64Url(new Uint8Array(16).map((_, i) => i));

describe('room secrets', () => {
  it('are 16 random bytes in 22 base64url chars', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const s = newRoomSecret();
      expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(fromBase64Url(s)?.length).toBe(roomSecretBytes);
      expect(isValidRoomSecret(s)).toBe(true);
      seen.add(s);
    }
    expect(seen.size).toBe(50);
  });

  it('accept 16..64 bytes and reject everything else', () => {
    const of = (n: number) => toBase64Url(new Uint8Array(n).fill(7));
    expect(isValidRoomSecret(of(16))).toBe(true);
    expect(isValidRoomSecret(of(64))).toBe(true);
    expect(isValidRoomSecret(of(15))).toBe(false);
    expect(isValidRoomSecret(of(65))).toBe(false);
    for (const bad of ['', 'short', `${of(16)}=`, `${of(16).slice(0, 21)}+`, ' '.repeat(22), 'A'.repeat(5000)]) {
      expect(isValidRoomSecret(bad), bad).toBe(false);
    }
  });
});

describe('ids', () => {
  it('are 16 base64url chars, random', () => {
    const a = newId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(isValidId(a)).toBe(true);
    expect(newId()).not.toBe(a);
  });

  it('validate 8..32 base64url chars, strings only', () => {
    expect(isValidId('abcdefgh')).toBe(true);
    expect(isValidId('a'.repeat(32))).toBe(true);
    for (const bad of ['abcdefg', 'a'.repeat(33), 'abcdefg!', 'abcd efgh', 12345678, null, undefined, {}]) {
      expect(isValidId(bad)).toBe(false);
    }
  });
});

describe('deriveRoomKeys', () => {
  it('is deterministic and yields a porthole/2/ topic and a 32-byte pair salt', async () => {
    const a = await deriveRoomKeys(fixedSecret);
    const b = await deriveRoomKeys(fixedSecret);
    expect(a.topic).toBe(b.topic);
    expect(a.topic).toMatch(/^porthole\/2\/[A-Za-z0-9_-]{22}$/);
    expect(a.key.extractable).toBe(false);
    expect(a.pairSalt).toHaveLength(32);
    expect(a.pairSalt).toEqual(b.pairSalt);
    expect(toBase64Url(a.pairSalt)).not.toContain(a.topic.slice('porthole/2/'.length));
  });

  it('gives different topics for different secrets', async () => {
    const topics = new Set<string>();
    for (let i = 0; i < 8; i += 1) topics.add((await deriveRoomKeys(newRoomSecret())).topic);
    expect(topics.size).toBe(8);
  });

  it('topic does not reveal the secret', async () => {
    const { topic } = await deriveRoomKeys(fixedSecret);
    const id = topic.slice('porthole/2/'.length);
    expect(topic).not.toContain(fixedSecret);
    expect(id).not.toBe(fixedSecret);
    expect(fromBase64Url(id)).not.toEqual(fromBase64Url(fixedSecret));
  });

  it('keys from separate derivations interoperate; other secrets do not', async () => {
    const a = await deriveRoomKeys(fixedSecret);
    const b = await deriveRoomKeys(fixedSecret);
    const other = await deriveRoomKeys(newRoomSecret());
    const alice = await party(a, 'sender');
    const sealed = await alice.sealer.seal({ t: 'conn' }, 1000);
    const bob = await party(b, 'viewer');
    expect((await bob.opener.open(sealed, 1000))?.body).toEqual({ t: 'conn' });
    const wrong = await party({ ...other, topic: a.topic }, 'viewer');
    expect(await wrong.opener.open(sealed, 1000)).toBeNull();
    expect(wrong.opener.dropped.auth).toBe(1);
  });

  it('rejects an invalid secret', async () => {
    await expect(deriveRoomKeys('nope')).rejects.toThrow('invalid room secret');
  });
});
