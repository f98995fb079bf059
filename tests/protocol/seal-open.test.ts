/** The v2 envelope: signed and pairwise layers, padding, and every kind of drop. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../src/protocol/encoding';
import { signBytes } from '../../src/protocol/identity';
import type { Body } from '../../src/protocol/messages';
import { clockSuspect } from '../../src/protocol/open';
import { deriveRoomKeys } from '../../src/protocol/room';
import type { RoomKeys } from '../../src/protocol/room';
import {
  aeadSeal,
  envelopeChars,
  envelopeVersion,
  maxEnvelopeChars,
  padPlaintext,
  precheckEnvelope,
  roomAad,
  signedData,
} from '../../src/protocol/wire';
import { candidate, sdp } from './fixtures';
import { type Party, newIdentity, pair, party, testRoom, total } from './parties';

const t0 = 1_700_000_000_000;
let room: RoomKeys;
beforeAll(async () => {
  room = await testRoom();
});

/** Seals arbitrary JSON with the room key, as any holder of the link could. */
async function sealOuter(json: string, keys: RoomKeys = room): Promise<string> {
  const sealed = await aeadSeal(keys.key, roomAad(keys.topic), padPlaintext(json)!);
  return toBase64Url(new Uint8Array([envelopeVersion, ...sealed]));
}

/** A signed plaintext with any fields, signed by `by` (a link holder crafting its own). */
async function signedRaw(by: Party, m: Record<string, unknown>): Promise<string> {
  const text = JSON.stringify(m);
  const g = await signBytes(by.identity, signedData(room.topic, text));
  return sealOuter(JSON.stringify({ k: by.identity.publicKey, m: text, g }));
}

describe('signed messages', () => {
  it('round-trip with the signer key, connection, time and seq from 1', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const hello: Body = { t: 'hello', peer: a.self };
    const opened = await b.opener.open(await a.sealer.seal(hello, t0), t0 + 5);
    expect(opened).toEqual({
      header: { from: a.self.session, role: 'viewer', seq: 1, key: a.identity.id, ts: t0, conn: a.sealer.conn },
      body: hello,
    });
    const busy = await b.opener.open(await a.sealer.seal({ t: 'busy', to: b.self.session }, t0), t0);
    expect(busy?.header.seq).toBe(2);
  });

  it('hide everything from the broker: no SDP, name, key id or session in the clear', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    pair(s, v);
    const wire = [
      await s.sealer.seal({ t: 'hello', peer: { ...s.self, name: 'Kitchen' } }, t0),
      await s.sealer.seal(
        { t: 'offer', to: v.self.session, o: 1, sdp: `${sdp}a=secret-ip 192.0.2.1`, peer: s.self },
        t0,
      ),
    ];
    for (const w of wire) {
      const text = Buffer.from(fromBase64Url(w)!).toString('latin1');
      for (const needle of ['192.0.2.1', 'Kitchen', s.identity.id, s.self.session, 'v=0'])
        expect(text).not.toContain(needle);
    }
  });

  it('refuse invalid bodies, non-broadcast wills, pairwise bodies without a pair, and oversize', async () => {
    const a = await party(room, 'viewer');
    await expect(a.sealer.seal({ t: 'eoc', to: 'x' } as Body, t0)).rejects.toThrow('invalid body');
    await expect(a.sealer.seal({ t: 'bye', reason: 'left', to: 'someone0' }, t0, { will: true })).rejects.toThrow(
      'will',
    );
    await expect(a.sealer.seal({ t: 'eoc', to: 'someone0', o: 1 }, t0)).rejects.toThrow('no pair peer');
    const big = { t: 'here', to: 'someone0', peer: { ...a.self, name: 'x'.repeat(64) } } as Body;
    await expect(a.sealer.seal(big, t0)).resolves.toBeTypeOf('string');
  });
});

describe('padding', () => {
  it('a hello, a here, a busy, a conn, a bye and an ICE candidate have the same length', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    pair(s, v);
    const name = 'Wohnzimmer-Kamera 📷';
    const lengths = [
      await v.sealer.seal({ t: 'hello', peer: { ...v.self, name } }, t0),
      await v.sealer.seal({ t: 'here', to: s.self.session, peer: v.self }, t0),
      await s.sealer.seal({ t: 'busy', to: v.self.session }, t0),
      await s.sealer.seal({ t: 'conn' }, t0),
      await s.sealer.seal({ t: 'bye', reason: 'left' }, t0, { will: true }),
      await s.sealer.seal({ t: 'ice', to: v.self.session, o: 1, candidate }, t0),
      await v.sealer.seal({ t: 'eoc', to: s.self.session, o: 1 }, t0),
    ].map((w) => w.length);
    expect(new Set(lengths)).toEqual(new Set([envelopeChars(1024)]));
  });

  it('an offer or answer takes a larger fixed size; every envelope passes the pre-check', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    pair(s, v);
    const bigSdp = `${sdp}${'a=fmtp:111 minptime=10;useinbandfec=1\r\n'.repeat(120)}`; // a real-sized SDP
    const offer = await s.sealer.seal({ t: 'offer', to: v.self.session, o: 1, sdp: bigSdp, peer: s.self }, t0);
    const answer = await v.sealer.seal({ t: 'answer', to: s.self.session, o: 1, sdp: bigSdp }, t0);
    expect(offer.length).toBe(envelopeChars(8192));
    expect(answer.length).toBe(envelopeChars(8192));
    expect(precheckEnvelope(offer) && precheckEnvelope(answer)).toBe(true);
    expect(maxEnvelopeChars).toBeLessThan(65_536 - 200); // fits one relay frame with its JSON wrapper
  });

  it('the pre-check refuses other lengths, other versions and non-strings', async () => {
    const a = await party(room, 'viewer');
    const wire = await a.sealer.seal({ t: 'conn' }, t0);
    const bytes = fromBase64Url(wire)!;
    bytes[0] = 1;
    for (const bad of [wire.slice(1), `${wire}A`, toBase64Url(bytes), 'A'.repeat(wire.length), 42, null]) {
      expect(precheckEnvelope(bad)).toBe(false);
    }
  });
});

describe('drops', () => {
  it('another room key or topic → auth; flipped bytes → auth; truncation and junk → malformed; never throws', async () => {
    const a = await party(room, 'viewer');
    const other = await deriveRoomKeys('BBECAwQFBgcICQoLDA0ODw');
    const b = await party(room, 'sender');
    const wire = await a.sealer.seal({ t: 'conn' }, t0);
    const foreign = await party({ ...other, topic: room.topic }, 'sender');
    expect(await foreign.opener.open(wire, t0)).toBeNull();
    expect(foreign.opener.dropped.auth).toBe(1);
    const bytes = fromBase64Url(wire)!;
    for (const index of [5, 20, bytes.length - 1]) {
      const copy = bytes.slice();
      copy[index]! ^= 1;
      expect(await b.opener.open(toBase64Url(copy), t0)).toBeNull();
    }
    expect(b.opener.dropped.auth).toBe(3);
    const junk = ['', 'AA', wire.slice(0, 100), 'A'.repeat(maxEnvelopeChars + 4), undefined as unknown as string];
    for (const j of junk) expect(await b.opener.open(j, t0)).toBeNull();
    expect(b.opener.dropped.malformed).toBe(junk.length);
    expect(total(b.opener)).toBe(3 + junk.length);
  });

  it('the same envelope twice → replay; own session → self; addressed to another → other', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const wire = await a.sealer.seal({ t: 'conn' }, t0);
    expect(await b.opener.open(wire, t0)).not.toBeNull();
    expect(await b.opener.open(wire, t0)).toBeNull();
    expect(b.opener.dropped.replay).toBe(1);
    expect(await a.opener.open(wire, t0)).toBeNull();
    expect(a.opener.dropped.self).toBe(1);
    expect(await b.opener.open(await a.sealer.seal({ t: 'busy', to: 'someoneElse' }, t0), t0)).toBeNull();
    expect(b.opener.dropped.other).toBe(1);
  });

  it('concurrent opens of one envelope accept it once; reordering within the window is fine', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const wires = [];
    for (let i = 0; i < 5; i += 1) wires.push(await a.sealer.seal({ t: 'conn' }, t0));
    const results = await Promise.all([b.opener.open(wires[0]!, t0), b.opener.open(wires[0]!, t0)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    for (const i of [4, 1, 3, 2]) expect(await b.opener.open(wires[i]!, t0)).not.toBeNull();
  });

  it('seq below the window → replay', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender', { opener: { replayWindow: 4 } });
    const old = await a.sealer.seal({ t: 'conn' }, t0);
    for (let i = 0; i < 5; i += 1)
      expect(await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0), t0)).not.toBeNull();
    expect(await b.opener.open(old, t0)).toBeNull();
    expect(b.opener.dropped.replay).toBe(1);
  });

  it('authentic but invalid plaintexts → invalid', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const base = { f: a.self.session, r: 'viewer', s: 1, c: 'connection01', ts: t0 };
    const bad = [
      { ...base, b: { t: 'nope' } },
      { ...base, f: 'x', b: { t: 'conn' } },
      { ...base, r: 'admin', b: { t: 'conn' } },
      { ...base, s: 0, b: { t: 'conn' } },
      { ...base, s: 2 ** 53, b: { t: 'conn' } },
      { ...base, c: undefined, b: { t: 'conn' } },
      { ...base, ts: 'now', b: { t: 'conn' } },
      { ...base, w: 1, b: { t: 'busy', to: b.self.session } },
      { ...base, b: { t: 'hello', peer: { device: a.identity.id, session: a.self.session, since: 1 } } }, // no ek
      { ...base, b: { t: 'eoc', to: b.self.session, o: 1 } }, // pairwise-only, signed
    ];
    for (const m of bad) expect(await b.opener.open(await signedRaw(a, m), t0), JSON.stringify(m)).toBeNull();
    for (const json of ['[]', '"x"', '{}', '{"m":1}', 'not json']) {
      expect(await b.opener.open(await sealOuter(json), t0), json).toBeNull();
    }
    expect(b.opener.dropped.invalid).toBe(bad.length + 5);
  });

  it('a bad signature, or a PeerInfo naming another key or session than its signer → forged', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const m = { f: a.self.session, r: 'viewer', s: 1, c: 'connection01', ts: t0, b: { t: 'hello', peer: a.self } };
    const text = JSON.stringify(m);
    const g = await signBytes(a.identity, signedData(room.topic, `${text} `));
    expect(
      await b.opener.open(await sealOuter(JSON.stringify({ k: a.identity.publicKey, m: text, g })), t0),
    ).toBeNull();
    const elsewhere = await signBytes(a.identity, signedData('porthole/2/another-topic', text));
    expect(
      await b.opener.open(await sealOuter(JSON.stringify({ k: a.identity.publicKey, m: text, g: elsewhere })), t0),
    ).toBeNull();
    const other = await newIdentity();
    for (const peer of [
      { ...a.self, device: other.id },
      { ...a.self, session: 'anotherSession' },
    ]) {
      expect(await b.opener.open(await signedRaw(a, { ...m, s: 2, b: { t: 'hello', peer } }), t0)).toBeNull();
    }
    expect(b.opener.dropped.forged).toBe(4);
    expect(await b.opener.open(await signedRaw(a, m), t0)).not.toBeNull();
  });
});

describe('clocks', () => {
  it('broadcasts are accepted within ±1 h of the receiver clock, stale beyond', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const hour = 3_600_000;
    expect(await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0 - hour), t0)).not.toBeNull();
    expect(await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0 + hour), t0)).not.toBeNull();
    expect(await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0 - hour - 1), t0)).toBeNull();
    expect(await b.opener.open(await a.sealer.seal({ t: 'hello', peer: a.self }, t0 + hour + 1), t0)).toBeNull();
    expect(b.opener.dropped.stale).toBe(2);
    expect(b.opener.lastStaleSkewMs).toBe(hour + 1);
  });

  it('directed messages carry no freshness by time: any clock will do', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const here = await a.sealer.seal({ t: 'here', to: b.self.session, peer: a.self }, t0 - 30 * 86_400_000);
    expect(await b.opener.open(here, t0)).not.toBeNull();
  });

  it('peers 10 minutes apart (either way) exchange broadcasts', async () => {
    for (const skew of [-600_000, 600_000]) {
      const a = await party(room, 'viewer');
      const b = await party(room, 'sender');
      expect(await b.opener.open(await a.sealer.seal({ t: 'hello', peer: a.self }, t0 + skew), t0)).not.toBeNull();
      expect(await a.opener.open(await b.sealer.seal({ t: 'hello', peer: b.self }, t0), t0 + skew)).not.toBeNull();
    }
  });

  it('clockSuspect: stale broadcasts piling up while none fit', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    expect(clockSuspect(b.opener)).toBe(false);
    for (let i = 0; i < 2; i += 1) await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0 + 7_200_000), t0);
    expect(clockSuspect(b.opener)).toBe(true);
    for (let i = 0; i < 3; i += 1) await b.opener.open(await a.sealer.seal({ t: 'conn' }, t0), t0);
    expect(clockSuspect(b.opener)).toBe(false);
  });
});

describe('pairwise messages', () => {
  it('answer, ice, eoc and a directed bye travel under the pair key and open at the pair peer only', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    pair(s, v);
    const bodies: Body[] = [
      { t: 'answer', to: s.self.session, o: 3, sdp },
      { t: 'ice', to: s.self.session, o: 3, candidate },
      { t: 'eoc', to: s.self.session, o: 3 },
    ];
    for (const body of bodies) {
      const opened = await s.opener.open(await v.sealer.seal(body, t0), t0);
      expect(opened).toEqual({
        header: { from: v.self.session, role: 'viewer', seq: expect.any(Number), key: v.identity.id, pairwise: true },
        body,
      });
    }
    const bye = await v.opener.open(await s.sealer.seal({ t: 'bye', reason: 'retired', to: v.self.session }, t0), t0);
    expect(bye?.header.pairwise).toBe(true);
  });

  it('from a session that is not the bound pair peer → nokey', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    v.pairs.bind(s.self);
    expect(await s.opener.open(await v.sealer.seal({ t: 'eoc', to: s.self.session, o: 1 }, t0), t0)).toBeNull();
    expect(s.opener.dropped.nokey).toBe(1);
  });

  it('an offer opens without binding first (its header carries the sender key), for its addressee only', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    s.pairs.bind(v.self);
    const body: Body = { t: 'offer', to: v.self.session, o: 1, sdp, peer: s.self };
    const opened = await v.opener.open(await s.sealer.seal(body, t0), t0);
    expect(opened?.body).toEqual(body);
    expect(opened?.header).toMatchObject({ key: s.identity.id, role: 'sender' });
  });
});

describe("an offer's crypto started before its checks", () => {
  it('a broker replaying an offer costs no signature check or key agreement per copy', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    s.pairs.bind(v.self);
    const offer = await s.sealer.seal({ t: 'offer', to: v.self.session, o: 1, sdp, peer: s.self }, t0);
    expect(await v.opener.open(offer, t0)).not.toBeNull();
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    try {
      for (let i = 0; i < 20; i += 1) expect(await v.opener.open(offer, t0)).toBeNull();
      expect(v.opener.dropped.replay).toBe(20);
      expect(verify).not.toHaveBeenCalled();
      expect(deriveBits).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
      deriveBits.mockRestore();
    }
  });

  it('a dropped offer is counted only once its crypto is over: the inbox bounds what is in flight', async () => {
    const s = await party(room, 'sender');
    const v = await party(room, 'viewer');
    // Link holders signing as themselves, each naming another session in `peer`: forged, and each
    // started a key agreement (with its own ek) before that showed.
    const forged = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const intruder = await party(room, 'sender');
        intruder.pairs.bind(v.self);
        const peer = { ...intruder.self, session: s.self.session };
        return intruder.sealer.seal({ t: 'offer', to: v.self.session, o: 1, sdp, peer }, t0);
      }),
    );
    let inFlight = 0;
    let most = 0;
    const real = crypto.subtle.deriveBits.bind(crypto.subtle);
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation(async (...args) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await real(...args);
      } finally {
        inFlight -= 1;
      }
    });
    try {
      const drops = await Promise.all(forged.map((envelope) => v.opener.open(envelope, t0)));
      expect(drops).toEqual([null, null, null, null, null]);
      expect(v.opener.dropped.forged).toBe(5);
      expect(inFlight).toBe(0); // every drop waited for the key agreement it had started
      expect(most).toBe(1); // one message's at a time: the opener's order holds them back
    } finally {
      deriveBits.mockRestore();
    }
  });
});

describe('wills', () => {
  it('count once, for the latest connection announced, however old their time', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const will = await a.sealer.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    expect(await b.opener.open(await a.sealer.seal({ t: 'hello', peer: a.self }, t0), t0)).not.toBeNull();
    const opened = await b.opener.open(will, t0 + 5 * 3_600_000);
    expect(opened?.header.will).toBe(true);
    expect(opened?.body).toEqual({ t: 'bye', reason: 'lost' });
    const bye = await a.sealer.seal({ t: 'bye', reason: 'left' }, t0, { will: true });
    expect(await b.opener.open(bye, t0)).toBeNull(); // that connection's will was taken
    expect(b.opener.dropped.will).toBe(1);
  });

  it('of a session never heard from → will', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    expect(await b.opener.open(await a.sealer.seal({ t: 'bye', reason: 'lost' }, t0, { will: true }), t0)).toBeNull();
    expect(b.opener.dropped.will).toBe(1);
  });
});

describe('counters', () => {
  it('accepted + dropped equals envelopes offered', async () => {
    const a = await party(room, 'viewer');
    const b = await party(room, 'sender');
    const good = await a.sealer.seal({ t: 'conn' }, t0);
    const inputs = [good, good, 'junk', await a.sealer.seal({ t: 'conn' }, t0 - 10 * 3_600_000)];
    for (const i of inputs) await b.opener.open(i, t0);
    expect(b.opener.accepted).toBe(1);
    expect(total(b.opener)).toBe(inputs.length);
  });
});
