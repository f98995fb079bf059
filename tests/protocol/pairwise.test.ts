import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PairBook, generateSessionKey, maxBoundPairs } from '../../src/protocol/pairwise';
import type { PeerInfo } from '../../src/protocol/messages';
import { deriveRoomKeys } from '../../src/protocol/room';
import type { RoomKeys } from '../../src/protocol/room';
import { aeadOpenBytes, aeadSealText } from '../../src/protocol/wire';
import { utf8Decode } from '../../src/protocol/encoding';
import { testSecret } from './parties';

let room: RoomKeys;
beforeAll(async () => {
  room = await deriveRoomKeys(testSecret);
});

async function side(role: 'sender' | 'viewer', session: string) {
  const own = await generateSessionKey();
  const book = new PairBook({ own, session, role, pairSalt: room.pairSalt });
  const self: PeerInfo = { device: `${role}Device0`, session, since: 1, ek: own.publicKey };
  return { book, self, own };
}

const roundTrip = async (a: CryptoKey | null, b: CryptoKey | null) => {
  if (!a || !b) return null;
  const sealed = await aeadSealText(a, 'aad', 'hello');
  const plain = await aeadOpenBytes(b, 'aad', sealed);
  return plain ? utf8Decode(plain) : null;
};

describe('pair keys', () => {
  it('the sender and the viewer derive the same key; a third session (even from the same viewer key) does not', async () => {
    const s = await side('sender', 'senderSession');
    const v = await side('viewer', 'viewerSession');
    const x = await side('viewer', 'thirdSession0');
    expect(s.own.privateKey.extractable).toBe(false);
    expect(await roundTrip(await s.book.keyWith(v.self), await v.book.keyWith(s.self))).toBe('hello');
    expect(await roundTrip(await s.book.keyWith(v.self), await x.book.keyWith(s.self))).toBeNull();
    // The info string binds both session ids: the same ECDH secret under other ids gives another key.
    const renamed = await side('viewer', 'viewerSession');
    expect(
      await roundTrip(await s.book.keyWith({ ...v.self, session: 'otherSession' }), await v.book.keyWith(s.self)),
    ).toBeNull();
    expect(await roundTrip(await s.book.keyWith(renamed.self), await v.book.keyWith(s.self))).toBeNull();
  });

  it('a missing or malformed ek gives no key, never a throw', async () => {
    const s = await side('sender', 'senderSession');
    const { ek: _, ...noEk } = (await side('viewer', 'viewerSession')).self;
    expect(await s.book.keyWith(noEk)).toBeNull();
    expect(await s.book.keyWith({ ...noEk, ek: `BA${'A'.repeat(85)}` })).toBeNull(); // not on the curve
  });

  it('binding a peer starts its pair key: the first message sealed to it finds it derived', async () => {
    const s = await side('sender', 'senderSession');
    const v = await side('viewer', 'viewerSession');
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    try {
      s.book.bind(v.self);
      // The ECDH runs with nothing asking for the key yet.
      await vi.waitFor(() => expect(deriveBits).toHaveBeenCalledTimes(1));
      const key = await s.book.keyWith(v.self);
      expect(deriveBits).toHaveBeenCalledTimes(1); // the one bind started, not a second
      expect(await roundTrip(key, await v.book.keyWith(s.self))).toBe('hello');
    } finally {
      deriveBits.mockRestore();
    }
  });

  it('binds a few pair peers, the latest per session', async () => {
    const s = await side('sender', 'senderSession');
    const peers = Array.from({ length: maxBoundPairs + 1 }, (_, i) => ({
      device: `dev${i}aaaaa`,
      session: `sess${i}aaaa`,
      since: 1,
    }));
    for (const p of peers) s.book.bind(p);
    expect(s.book.peer(peers[0]!.session)).toBeUndefined();
    expect(s.book.isBound(peers[1]!.device, peers[1]!.session)).toBe(true);
    expect(s.book.isBound('another0', peers[1]!.session)).toBe(false);
    s.book.bind({ ...peers[1]!, device: 'replaced' });
    expect(s.book.peer(peers[1]!.session)?.device).toBe('replaced');
  });
});
