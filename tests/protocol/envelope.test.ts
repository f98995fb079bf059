import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, utf8Encode } from '../../src/protocol/encoding';
import { Opener, Sealer, maxEnvelopeChars } from '../../src/protocol/envelope';
import type { DropReason } from '../../src/protocol/envelope';
import type { Body } from '../../src/protocol/messages';
import { deriveRoomKeys } from '../../src/protocol/room';
import type { RoomKeys } from '../../src/protocol/room';

const secret = 'AAECAwQFBgcICQoLDA0ODw';
const alice = 'aliceSession';
const bob = 'bobSession00';
const t0 = 1_700_000_000_000;
const eoc: Body = { t: 'eoc', to: bob };

let room: RoomKeys;
beforeAll(async () => {
  room = await deriveRoomKeys(secret);
});

const sealer = () => new Sealer(room.key, room.topic, alice, 'sender');
const opener = (options = {}) => new Opener(room.key, room.topic, bob, options);
const total = (o: Opener) => o.accepted + Object.values(o.dropped).reduce((a, b) => a + b, 0);

/** Seals arbitrary plaintext with the room key, as a key holder crafting its own envelope could. */
async function sealRaw(plain: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aad = utf8Encode(`porthole/1|${room.topic}`);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad },
    room.key,
    utf8Encode(JSON.stringify(plain)),
  );
  return toBase64Url(new Uint8Array([1, ...iv, ...new Uint8Array(ct)]));
}

describe('Sealer', () => {
  it('round-trips with header fields and seq from 1', async () => {
    const s = sealer();
    const o = opener();
    const first = await o.open(await s.seal(eoc, t0), t0 + 5);
    expect(first).toEqual({ header: { from: alice, role: 'sender', seq: 1, ts: t0 }, body: eoc });
    const second = await o.open(await s.seal({ t: 'bye', reason: 'left' }, t0 + 1), t0 + 5);
    expect(second?.header.seq).toBe(2);
    expect(s.seq).toBe(2);
  });

  it('uses a fresh IV: the same body twice gives different strings', async () => {
    const s = sealer();
    expect(await s.seal(eoc, t0)).not.toBe(await s.seal(eoc, t0));
  });

  it('starts with version 1 and hides the body', async () => {
    const wire = await sealer().seal({ t: 'answer', to: bob, sdp: 'v=0 secret-ip 192.0.2.1' }, t0);
    const bytes = fromBase64Url(wire)!;
    expect(bytes[0]).toBe(1);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('192.0.2.1');
  });

  it('refuses invalid bodies and non-bye wills', async () => {
    await expect(sealer().seal({ t: 'eoc', to: 'x' } as Body, t0)).rejects.toThrow('invalid body');
    await expect(sealer().seal(eoc, t0, { will: true })).rejects.toThrow('a will must be a bye');
  });
});

describe('Opener drops', () => {
  it('wrong key → auth', async () => {
    const other = await deriveRoomKeys('BBECAwQFBgcICQoLDA0ODw');
    const o = new Opener(other.key, room.topic, bob);
    expect(await o.open(await sealer().seal(eoc, t0), t0)).toBeNull();
    expect(o.dropped.auth).toBe(1);
  });

  it('different topic (additional data) → auth', async () => {
    const o = new Opener(room.key, 'porthole/1/elsewhere', bob);
    expect(await o.open(await sealer().seal(eoc, t0), t0)).toBeNull();
    expect(o.dropped.auth).toBe(1);
  });

  it('a flipped byte in each region → malformed (version) or auth (IV, ciphertext, tag)', async () => {
    const wire = fromBase64Url(await sealer().seal(eoc, t0))!;
    const regions: Array<[string, number, DropReason]> = [
      ['version', 0, 'malformed'],
      ['iv', 5, 'auth'],
      ['ciphertext', 13 + 3, 'auth'],
      ['tag', wire.length - 1, 'auth'],
    ];
    for (const [name, index, reason] of regions) {
      const o = opener();
      const bytes = wire.slice();
      bytes[index]! ^= 0x01;
      expect(await o.open(toBase64Url(bytes), t0), name).toBeNull();
      expect(o.dropped[reason], name).toBe(1);
    }
    expect(await opener().open(toBase64Url(wire), t0)).not.toBeNull();
  });

  it('truncated envelopes → malformed', async () => {
    const wire = fromBase64Url(await sealer().seal(eoc, t0))!;
    const o = opener();
    expect(await o.open(toBase64Url(wire.slice(0, 28)), t0)).toBeNull();
    expect(await o.open(toBase64Url(wire.slice(0, wire.length - 1)), t0)).toBeNull();
    expect(o.dropped.malformed).toBe(1);
    expect(o.dropped.auth).toBe(1);
  });

  it('the same string twice → replay the second time', async () => {
    const o = opener();
    const wire = await sealer().seal(eoc, t0);
    expect(await o.open(wire, t0)).not.toBeNull();
    expect(await o.open(wire, t0)).toBeNull();
    expect(o.dropped.replay).toBe(1);
  });

  it('concurrent opens of one string accept it once', async () => {
    const o = opener();
    const wire = await sealer().seal(eoc, t0);
    const results = await Promise.all([o.open(wire, t0), o.open(wire, t0), o.open(wire, t0)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(o.dropped.replay).toBe(2);
  });

  it('out of order within the window: each accepted once', async () => {
    const s = sealer();
    const wires = [];
    for (let i = 0; i < 5; i += 1) wires.push(await s.seal(eoc, t0));
    const o = opener();
    for (const i of [4, 1, 3, 0, 2]) expect(await o.open(wires[i]!, t0), `seq ${i + 1}`).not.toBeNull();
    for (const w of wires) expect(await o.open(w, t0)).toBeNull();
    expect(o.dropped.replay).toBe(5);
  });

  it('seq below the window → replay even if never seen', async () => {
    const s = sealer();
    const old = await s.seal(eoc, t0);
    const o = opener({ replayWindow: 4 });
    for (let i = 0; i < 4; i += 1) await s.seal(eoc, t0);
    expect(await o.open(await s.seal(eoc, t0), t0)).not.toBeNull(); // seq 6: window is 3..6
    expect(await o.open(old, t0)).toBeNull();
    expect(o.dropped.replay).toBe(1);
  });

  it('too old or too far in the future → stale, bounds inclusive', async () => {
    const s = sealer();
    const o = opener({ maxAgeMs: 1000, maxFutureMs: 500 });
    expect(await o.open(await s.seal(eoc, t0), t0 + 1001)).toBeNull();
    expect(await o.open(await s.seal(eoc, t0), t0 - 501)).toBeNull();
    expect(o.dropped.stale).toBe(2);
    expect(await o.open(await s.seal(eoc, t0), t0 + 1000)).not.toBeNull();
    expect(await o.open(await s.seal(eoc, t0), t0 - 500)).not.toBeNull();
  });

  it('a stale envelope is not recorded: the same seq stays openable in time', async () => {
    const o = opener({ maxAgeMs: 1000 });
    const wire = await sealer().seal(eoc, t0);
    expect(await o.open(wire, t0 + 5000)).toBeNull();
    expect(await o.open(wire, t0)).not.toBeNull();
  });

  it('own messages → self', async () => {
    const o = new Opener(room.key, room.topic, alice);
    expect(await o.open(await sealer().seal(eoc, t0), t0)).toBeNull();
    expect(o.dropped.self).toBe(1);
  });

  it('garbage and huge input → malformed, never throws', async () => {
    const o = opener();
    const junk = ['', 'AA', '!!!!', 'not base64 at all', 'A'.repeat(maxEnvelopeChars + 4), '\u0000'.repeat(40)];
    for (const j of junk) expect(await o.open(j, t0)).toBeNull();
    expect(await o.open(undefined as unknown as string, t0)).toBeNull();
    expect(o.dropped.malformed).toBe(junk.length + 1);
  });

  it('authentic but invalid plaintext → invalid', async () => {
    const o = opener();
    const header = { f: alice, r: 'sender', s: 1, ts: t0 };
    const bad = [
      'not an object',
      { ...header, b: { t: 'nope' } },
      { ...header, f: 'x', b: eoc },
      { ...header, r: 'admin', b: eoc },
      { ...header, s: 0, b: eoc },
      { ...header, s: 1.5, b: eoc },
      { ...header, ts: 'now', b: eoc },
      { ...header, w: true, b: { t: 'bye', reason: 'lost' } },
      { ...header, w: 1, b: eoc },
    ];
    for (const plain of bad) expect(await o.open(await sealRaw(plain), t0), JSON.stringify(plain)).toBeNull();
    expect(o.dropped.invalid).toBe(bad.length);
    expect(await o.open(await sealRaw({ ...header, b: eoc, extra: 1 }), t0)).not.toBeNull();
  });
});

describe('will envelopes', () => {
  it('are accepted however old, flagged will, from a sender already heard from', async () => {
    const o = opener();
    const s = sealer();
    const will = await s.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    expect(await o.open(await s.seal(eoc, t0), t0)).not.toBeNull();
    const opened = await o.open(will, t0 + 3_600_000);
    expect(opened?.header.will).toBe(true);
    expect(opened?.body).toEqual({ t: 'bye', reason: 'lost' });
  });

  it('are still replay-checked', async () => {
    const o = opener();
    const s = sealer();
    const will = await s.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    expect(await o.open(await s.seal(eoc, t0), t0)).not.toBeNull();
    expect(await o.open(will, t0 + 100_000)).not.toBeNull();
    expect(await o.open(will, t0 + 200_000)).toBeNull();
    expect(o.dropped.replay).toBe(1);
  });

  it('from sessions never heard from are dropped, so old wills cannot flush the replay memory', async () => {
    const live = sealer();
    const o = opener({ maxTrackedSenders: 4 });
    const hello = await live.seal(eoc, t0);
    expect(await o.open(hello, t0)).not.toBeNull();
    for (let i = 0; i < 10; i += 1) {
      const stranger = new Sealer(room.key, room.topic, `strangerSess${i}`.padEnd(16, 'x'), 'viewer');
      expect(
        await o.open(await stranger.seal({ t: 'bye', reason: 'lost' }, t0 - 600_000, { will: true }), t0 + 10),
      ).toBeNull();
    }
    expect(o.dropped.stale).toBe(10);
    expect(await o.open(hello, t0 + 20)).toBeNull();
    expect(o.dropped.replay).toBe(1);
  });

  it('sealed long before, below the replay window by now, still opens once', async () => {
    const s = sealer();
    const will = await s.seal({ t: 'bye', reason: 'left' }, t0, { will: true });
    const o = opener({ replayWindow: 8 });
    for (let i = 0; i < 20; i += 1) expect(await o.open(await s.seal(eoc, t0 + i), t0 + i)).not.toBeNull();
    expect(await o.open(will, t0 + 120_000)).not.toBeNull();
    expect(await o.open(will, t0 + 120_000)).toBeNull();
    expect(o.dropped.replay).toBe(1);
  });

  it('sealed before later messages still opens after them (seq below highest, inside window)', async () => {
    const s = sealer();
    const will = await s.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    const o = opener();
    for (let i = 0; i < 20; i += 1) expect(await o.open(await s.seal(eoc, t0 + i), t0 + i)).not.toBeNull();
    expect(await o.open(will, t0 + 120_000)).not.toBeNull();
  });
});

describe('counters', () => {
  it('accepted + dropped equals envelopes offered', async () => {
    const s = sealer();
    const o = new Opener(room.key, room.topic, bob, { maxAgeMs: 1000 });
    const good = await s.seal(eoc, t0);
    const inputs = [
      good,
      good,
      'junk',
      await s.seal(eoc, t0 - 10_000),
      await sealRaw({ f: alice }),
      await s.seal(eoc, t0),
    ];
    for (const i of inputs) await o.open(i, t0);
    expect(o.accepted).toBe(2);
    expect(o.dropped).toEqual({ malformed: 1, auth: 0, invalid: 1, replay: 1, stale: 1, self: 0 });
    expect(total(o)).toBe(inputs.length);
  });
});
