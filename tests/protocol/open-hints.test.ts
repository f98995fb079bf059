/**
 * The evidence behind the wrong-key and clock hints (hint-evidence.ts) is not cheap to raise: a
 * junk signature, a replay of genuine old broadcasts, or a replay within the session counts for
 * nothing; a real other key counts only until the room's sender is heard; only signed broadcasts
 * from the future count for the clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../src/protocol/encoding';
import type { Body } from '../../src/protocol/messages';
import { clockSuspect } from '../../src/protocol/open';
import type { RoomKeys } from '../../src/protocol/room';
import { aeadSeal, envelopeVersion, padPlaintext, roomAad } from '../../src/protocol/wire';
import { pair, party, testRoom } from './parties';

const t0 = 1_700_000_000_000;
const hourMs = 3_600_000;
let room: RoomKeys;
beforeAll(async () => {
  room = await testRoom();
});

/** A signed-message envelope with any signature `g`, sealed with the room key (any link holder can). */
async function withSignature(k: string, m: Record<string, unknown>, g: string): Promise<string> {
  const sealed = await aeadSeal(
    room.key,
    roomAad(room.topic),
    padPlaintext(JSON.stringify({ k, m: JSON.stringify(m), g }))!,
  );
  return toBase64Url(new Uint8Array([envelopeVersion, ...sealed]));
}

describe('wrong-key evidence', () => {
  it('a sender-role envelope with a junk signature ("AAAA") counts for nothing: forged, not untrusted', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: sender.identity.id } });
    const evil = await party(room, 'sender');
    const m = {
      f: evil.self.session,
      r: 'sender',
      s: 1,
      c: 'connection01',
      ts: t0,
      b: { t: 'hello', peer: evil.self },
    };
    expect(await viewer.opener.open(await withSignature(evil.identity.publicKey, m, 'AAAA'), t0)).toBeNull();
    expect(viewer.opener.dropped.untrusted).toBe(0);
    expect(viewer.opener.dropped.forged).toBe(1);
    expect(viewer.opener.hints.wrongKey).toBe(0);
  });

  it('a real other key counts, once per message, until a trusted sender message resets it', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: sender.identity.id } });
    const evil = await party(room, 'sender');
    const hello = await evil.sealer.seal({ t: 'hello', peer: evil.self }, t0);
    expect(await viewer.opener.open(hello, t0)).toBeNull();
    expect(await viewer.opener.open(hello, t0)).toBeNull(); // replayed: no more evidence
    expect(viewer.opener.dropped).toMatchObject({ untrusted: 1, replay: 1 });
    expect(viewer.opener.hints.wrongKey).toBe(1);
    expect(
      await viewer.opener.open(await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0), t0),
    ).not.toBeNull();
    expect(viewer.opener.hints.wrongKey).toBe(0);
  });

  it('a wrong-key broadcast out of the clock window, or a will, is no evidence (either may be an old one)', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: sender.identity.id } });
    const old = await party(room, 'sender');
    expect(
      await viewer.opener.open(await old.sealer.seal({ t: 'hello', peer: old.self }, t0 - 24 * hourMs), t0),
    ).toBeNull();
    const will = await old.sealer.seal({ t: 'bye', reason: 'lost' }, t0 - 24 * hourMs, { will: true });
    expect(await viewer.opener.open(will, t0)).toBeNull();
    expect(viewer.opener.dropped.untrusted).toBe(2);
    expect(viewer.opener.hints.wrongKey).toBe(0);
  });

  it('a directed offer by another real key counts (it names our fresh session: no replay)', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: sender.identity.id } });
    const evil = await party(room, 'sender');
    pair(evil, viewer);
    const offer: Body = { t: 'offer', to: viewer.self.session, o: 1, sdp: 'v=0', peer: evil.self };
    expect(await viewer.opener.open(await evil.sealer.seal(offer, t0), t0)).toBeNull();
    expect(viewer.opener.hints.wrongKey).toBe(1);
  });
});

describe('clock evidence', () => {
  it('two genuine signed hellos 24 h old, replayed (the broker, a reused room): no clock hint', async () => {
    const yesterday = await party(room, 'viewer');
    const sender = await party(room, 'sender');
    const captured = [
      await yesterday.sealer.seal({ t: 'hello', peer: yesterday.self }, t0 - 24 * hourMs),
      await yesterday.sealer.seal({ t: 'hello', peer: yesterday.self }, t0 - 24 * hourMs + 1000),
    ];
    for (const data of captured) expect(await sender.opener.open(data, t0)).toBeNull();
    expect(sender.opener.dropped.stale).toBe(2);
    expect(clockSuspect(sender.opener)).toBe(false);
    expect(sender.opener.hints.clockEvidence).toBe(0);
  });

  it('a signed broadcast from 2 h in the future counts, once; a junk-signed one is forged', async () => {
    const ahead = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: ahead.identity.id } });
    const junk = { f: ahead.self.session, r: 'sender', s: 9, c: 'connection01', ts: t0 + 2 * hourMs, b: { t: 'conn' } };
    expect(await viewer.opener.open(await withSignature(ahead.identity.publicKey, junk, 'AAAA'), t0)).toBeNull();
    expect(viewer.opener.dropped.forged).toBe(1);
    expect(clockSuspect(viewer.opener)).toBe(false);
    const hello = await ahead.sealer.seal({ t: 'hello', peer: ahead.self }, t0 + 2 * hourMs);
    expect(await viewer.opener.open(hello, t0)).toBeNull();
    expect(await viewer.opener.open(hello, t0)).toBeNull();
    expect(viewer.opener.dropped).toMatchObject({ stale: 1, replay: 1 });
    expect(viewer.opener.hints.clockEvidence).toBe(1);
    expect(clockSuspect(viewer.opener)).toBe(true);
    expect(viewer.opener.lastStaleSkewMs).toBe(2 * hourMs);
  });
});
