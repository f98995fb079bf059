/**
 * The attacks on protocol v1, one test each, against the v2 envelope. Each failed on v1 (see
 * the notes): a link holder could take the viewer's slot, pose as the sender, silence a peer,
 * and read the admitted pair's SDP; old wills counted; floods queued without bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signBytes } from '../../src/protocol/identity';
import { Inbox, maxQueuedEnvelopes } from '../../src/protocol/inbox';
import type { Body } from '../../src/protocol/messages';
import type { RoomKeys } from '../../src/protocol/room';
import { envelopeVersion, aeadSeal, padPlaintext, roomAad, signedData } from '../../src/protocol/wire';
import { toBase64Url } from '../../src/protocol/encoding';
import { candidate, sdp } from './fixtures';
import { type Party, newIdentity, pair, party, testRoom } from './parties';

const t0 = 1_700_000_000_000;
let room: RoomKeys;
beforeAll(async () => {
  room = await testRoom();
});

/** A link holder's own signed envelope with any fields (it holds the room key and its own identity). */
async function forge(by: Party, m: Record<string, unknown>): Promise<string> {
  const text = JSON.stringify(m);
  const g = await signBytes(by.identity, signedData(room.topic, text));
  const sealed = await aeadSeal(
    room.key,
    roomAad(room.topic),
    padPlaintext(JSON.stringify({ k: by.identity.publicKey, m: text, g }))!,
  );
  return toBase64Url(new Uint8Array([envelopeVersion, ...sealed]));
}

describe('a holder of the viewer link', () => {
  it("cannot claim the admitted viewer's device id (v1: a later `since` reclaimed the slot)", async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer');
    const evil = await party(room, 'viewer');
    const claim = { ...evil.self, device: viewer.self.device, since: t0 + 60_000 };
    const m = { f: evil.self.session, r: 'viewer', s: 1, c: 'connection01', ts: t0, b: { t: 'hello', peer: claim } };
    expect(await sender.opener.open(await forge(evil, m), t0)).toBeNull();
    expect(sender.opener.dropped.forged).toBe(1);
  });

  it('cannot make a viewer take its offer (v1: any offer with the sender’s device id was adopted)', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer', { opener: { senderKey: sender.identity.id } });
    const evil = await party(room, 'sender');
    evil.pairs.bind(viewer.self);
    // Its own offer, signed by its own key: not the room's sender key (the link's k).
    const offer: Body = { t: 'offer', to: viewer.self.session, o: 1, sdp, peer: evil.self };
    expect(await viewer.opener.open(await evil.sealer.seal(offer, t0), t0)).toBeNull();
    expect(viewer.opener.dropped.untrusted).toBe(1);
    // Claiming the sender's device id in its PeerInfo: forged.
    const claim = { ...evil.self, device: sender.identity.id };
    const m = { f: evil.self.session, r: 'sender', s: 2, c: 'connection01', ts: t0, b: { t: 'hello', peer: claim } };
    expect(await viewer.opener.open(await forge(evil, m), t0)).toBeNull();
    expect(viewer.opener.dropped.forged).toBe(1);
    // The real sender's offer still opens.
    sender.pairs.bind(viewer.self);
    const real: Body = { t: 'offer', to: viewer.self.session, o: 1, sdp, peer: sender.self };
    expect((await viewer.opener.open(await sender.sealer.seal(real, t0), t0))?.body).toEqual(real);
  });

  it('without k in the link, the first sender key heard is pinned (trust on first use)', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer');
    const evil = await party(room, 'sender');
    expect(
      await viewer.opener.open(await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0), t0),
    ).not.toBeNull();
    expect(viewer.opener.senderKey).toBe(sender.identity.id);
    expect(await viewer.opener.open(await evil.sealer.seal({ t: 'hello', peer: evil.self }, t0), t0)).toBeNull();
    expect(viewer.opener.dropped.untrusted).toBe(1);
  });

  it("cannot silence a peer with a huge seq under its session id (v1: every later message was a 'replay')", async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer');
    const evil = await party(room, 'viewer');
    // Under the sender's session id, as a viewer (as a sender it would not even be trusted).
    const m = { f: sender.self.session, r: 'viewer', s: 2 ** 53 - 1, c: 'connection01', ts: t0, b: { t: 'conn' } };
    expect(await viewer.opener.open(await forge(evil, m), t0)).not.toBeNull(); // counted under the attacker's key
    const mv = { f: viewer.self.session, r: 'viewer', s: 2 ** 53 - 1, c: 'connection01', ts: t0, b: { t: 'conn' } };
    await sender.opener.open(await forge(evil, mv), t0); // under the viewer's session, to the sender
    expect(
      await viewer.opener.open(await sender.sealer.seal({ t: 'hello', peer: sender.self }, t0), t0),
    ).not.toBeNull();
    expect(
      await sender.opener.open(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0), t0),
    ).not.toBeNull();
    expect(viewer.opener.dropped.replay + sender.opener.dropped.replay).toBe(0);
  });

  it('refused as busy, cannot read the admitted pair’s offer, answer or candidates (v1: it decrypted them all)', async () => {
    const sender = await party(room, 'sender');
    const viewer = await party(room, 'viewer');
    const third = await party(room, 'viewer');
    pair(sender, viewer);
    // The third party also knows both PeerInfos (it saw their signed hellos) and binds them.
    third.pairs.bind(sender.self);
    third.pairs.bind(viewer.self);
    const secretSdp = `${sdp}c=IN IP4 192.0.2.7\r\n`;
    const wires = [
      await sender.sealer.seal({ t: 'offer', to: viewer.self.session, o: 1, sdp: secretSdp, peer: sender.self }, t0),
      await sender.sealer.seal({ t: 'ice', to: viewer.self.session, o: 1, candidate }, t0),
      await viewer.sealer.seal({ t: 'answer', to: sender.self.session, o: 1, sdp: secretSdp }, t0),
      await viewer.sealer.seal({ t: 'ice', to: sender.self.session, o: 1, candidate }, t0),
    ];
    // Posing as the addressee (its opener claims the viewer's, then the sender's session) does not help.
    const asViewer = await party(room, 'viewer', { session: viewer.self.session });
    const asSender = await party(room, 'sender', { session: sender.self.session });
    for (const p of [asViewer, asSender]) {
      p.pairs.bind(sender.self);
      p.pairs.bind(viewer.self);
    }
    const outcomes = [
      await asViewer.opener.open(wires[0]!, t0),
      await asViewer.opener.open(wires[1]!, t0),
      await asSender.opener.open(wires[2]!, t0),
      await asSender.opener.open(wires[3]!, t0),
      ...(await Promise.all(wires.map((w) => third.opener.open(w, t0)))),
    ];
    expect(outcomes.every((o) => o === null)).toBe(true);
    expect(asViewer.opener.dropped.auth + asSender.opener.dropped.auth).toBe(4);
    expect(third.opener.dropped.other).toBe(4);
    // The pair itself reads them.
    expect((await viewer.opener.open(wires[0]!, t0))?.body).toMatchObject({ sdp: secretSdp });
    expect((await sender.opener.open(wires[2]!, t0))?.body).toMatchObject({ sdp: secretSdp });
  });
});

describe('wills', () => {
  it('a will captured long ago (an older connection) no longer counts (v1: no age limit, 8 seqs remembered)', async () => {
    const viewer = await party(room, 'viewer');
    const sender = await party(room, 'sender');
    const oldWill = await viewer.sealer.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    expect(
      await sender.opener.open(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0), t0),
    ).not.toBeNull();
    viewer.sealer.conn = 'connection02';
    expect(await sender.opener.open(await viewer.sealer.seal({ t: 'conn' }, t0 + 1000), t0 + 1000)).not.toBeNull();
    expect(await sender.opener.open(oldWill, t0 + 2000)).toBeNull();
    expect(sender.opener.dropped.will).toBe(1);
  });

  it('the will of a half-open old connection, published later, does not kill the renegotiation', async () => {
    const viewer = await party(room, 'viewer');
    const sender = await party(room, 'sender');
    const willOfConn1 = await viewer.sealer.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    await sender.opener.open(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0), t0);
    // The viewer's Wi-Fi drops; it reconnects (connection 2) and says so, then says hello again.
    viewer.sealer.conn = 'connection02';
    await sender.opener.open(await viewer.sealer.seal({ t: 'conn' }, t0 + 5000), t0 + 5000);
    await sender.opener.open(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0 + 5000), t0 + 5000);
    // 60 s later the broker notices connection 1 is dead and publishes its will.
    expect(await sender.opener.open(willOfConn1, t0 + 65_000)).toBeNull();
    // Connection 2's will still counts, once.
    const willOfConn2 = await viewer.sealer.seal({ t: 'bye', reason: 'lost' }, t0 + 5000, { will: true });
    expect(await sender.opener.open(willOfConn2, t0 + 70_000)).not.toBeNull();
    expect(await sender.opener.open(willOfConn2, t0 + 70_000)).toBeNull();
  });

  it('a will naming a connection announced more than 24 h ago is dropped', async () => {
    const viewer = await party(room, 'viewer');
    const sender = await party(room, 'sender');
    const will = await viewer.sealer.seal({ t: 'bye', reason: 'lost' }, t0, { will: true });
    await sender.opener.open(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0), t0);
    expect(await sender.opener.open(will, t0 + 86_400_001)).toBeNull();
    expect(sender.opener.dropped.will).toBe(1);
  });
});

describe('floods', () => {
  it('the inbox refuses junk before any crypto and holds at most maxQueuedEnvelopes (v1: unbounded)', async () => {
    const viewer = await party(room, 'viewer');
    const good = await viewer.sealer.seal({ t: 'conn' }, t0);
    const inbox = new Inbox();
    for (const junk of ['x', 'A'.repeat(5000), good.slice(1), 42]) expect(inbox.push(junk, t0)).toBe(false);
    for (let i = 0; i < maxQueuedEnvelopes + 10; i += 1) inbox.push(good, t0 + i);
    expect(inbox.length).toBe(maxQueuedEnvelopes);
    expect(inbox.dropped).toEqual({ malformed: 4, overflow: 10 });
    // The oldest keep their place and their arrival stamps.
    expect(inbox.shift()).toEqual({ data: good, receivedAt: t0 });
    expect(inbox.shift()?.receivedAt).toBe(t0 + 1);
  });

  it('age is judged at arrival: a broadcast that waited in the queue is still fresh', async () => {
    const viewer = await party(room, 'viewer');
    const sender = await party(room, 'sender');
    const inbox = new Inbox();
    inbox.push(await viewer.sealer.seal({ t: 'hello', peer: viewer.self }, t0), t0);
    const arrival = inbox.shift()!;
    // Opened two hours later (a long stall), against its arrival stamp.
    expect(await sender.opener.open(arrival.data, arrival.receivedAt)).not.toBeNull();
  });
});

describe('identities', () => {
  it('copying a viewer’s device id gives nothing without its key', async () => {
    const sender = await party(room, 'sender');
    const victim = await party(room, 'viewer');
    const thief = await party(room, 'viewer', { identity: await newIdentity() });
    const m = {
      f: thief.self.session,
      r: 'viewer',
      s: 1,
      c: 'connection01',
      ts: t0,
      b: { t: 'here', to: sender.self.session, peer: { ...thief.self, device: victim.self.device } },
    };
    expect(await sender.opener.open(await forge(thief, m), t0)).toBeNull();
    expect(sender.opener.dropped.forged).toBe(1);
  });
});
