/**
 * RoomSession end to end in Node: two or more real sessions (real WebCrypto sealing, real
 * protocol machines) over the memory transport, each with a fake peer pool standing in for
 * RTCPeerConnection. The tests fire what a browser would report (connected, lost, a stream).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helloRetryMs, negotiationTimeoutMs } from '../../src/protocol/admission';
import { Opener } from '../../src/protocol/open';
import { generateSessionKey, PairBook } from '../../src/protocol/pairwise';
import { deriveRoomKeys } from '../../src/protocol/room';
import { hostCandidate } from './fake-peers';
import { newIdentity, Room } from './room-harness';

let room: Room;

afterEach(() => {
  room?.close();
  vi.restoreAllMocks();
});

describe('RoomSession', () => {
  it('admits a viewer: the sender offers, the viewer answers, both are active once peer-to-peer is up', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    expect(sender.pool.peers).toHaveLength(1);
    expect(viewer.pool.peers).toHaveLength(1);
    expect(viewer.pool.last?.calls).toEqual(['offer v=0 offer 1']);
    expect(sender.pool.last?.calls).toEqual(['answer v=0 answer to v=0 offer 1']);
    expect(sender.session.remote).toMatchObject({ peer: viewer.session.self, connected: true });
    expect(viewer.session.remote?.peer).toEqual(sender.session.self);
    expect(viewer.session.remote?.connected).toBe(true);
  });

  it('lets the same viewer device reclaim its slot with a new session; its old session is replaced', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    room.clock += 1000;
    const reloaded = room.join('viewer', 'laptop');
    reloaded.session.start();
    await room.waitFor(() => reloaded.pool.last?.calls.length === 1 && sender.pool.last?.calls.length === 1);
    expect(sender.pool.peers).toHaveLength(2);
    expect(sender.pool.peers[0]?.closed).toBe(true);
    expect(reloaded.pool.last?.calls).toEqual(['offer v=0 offer 2']);
    expect(sender.session.remote?.peer.session).toBe(reloaded.session.self.session);
    await room.waitFor(() => viewer.session.state.state === 'error');
    expect(viewer.session.state.reason).toBe('replaced');
    sender.pool.last?.connect();
    reloaded.pool.last?.connect();
    await room.waitFor(() => sender.session.state.state === 'active' && reloaded.session.state.state === 'active');
  });

  it('refuses a second viewer (error busy) and keeps the first', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    room.clock += 1000;
    const second = room.join('viewer', 'tablet');
    second.session.start();
    await room.waitFor(() => second.session.state.state === 'error');
    expect(second.session.state.reason).toBe('busy');
    expect(second.pool.peers).toHaveLength(0);
    expect(sender.pool.peers).toHaveLength(1);
    expect(sender.session.state.state).toBe('active');
    expect(sender.session.remote?.peer.session).toBe(viewer.session.self.session);
    expect(viewer.session.state.state).toBe('active');
  });

  it('New link: retire() ends the viewer with error retired, then the old session closes its transport', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    const topic = (await deriveRoomKeys(room.secret)).topic;
    expect(room.hub.subscribers(topic)).toBe(2);
    await sender.session.retire();
    await room.waitFor(() => viewer.session.state.state === 'error');
    expect(viewer.session.state.reason).toBe('retired');
    expect(sender.pool.peers[0]?.sent).toEqual([{ t: 'retired' }]); // told over the data channel too
    expect(sender.pool.peers[0]?.closed).toBe(true);
    expect(viewer.pool.peers[0]?.closed).toBe(true);
    expect(sender.pool.closed).toBe(true);
    // At most one connection per transport: the retired session's is closed and off the topic.
    expect(sender.transport.status.state).toBe('closed');
    expect(room.hub.subscribers(topic)).toBe(1);
  });

  it('ATTACK: after New link, a hello on the old room gets no answer (an old link learns nothing, not even that the phone runs)', async () => {
    room = new Room();
    const { sender } = await room.activePair();
    const topic = (await deriveRoomKeys(room.secret)).topic;
    await sender.session.retire();
    const spy = room.hub.transport('spy');
    const heard: string[] = [];
    spy.subscribe(topic, (data) => heard.push(data));
    await spy.connect();
    room.clock += 1000;
    const late = room.join('viewer', 'tv');
    late.session.start();
    await room.waitFor(() => heard.length >= 1); // its hello went out on the old topic
    room.clock += helloRetryMs; // and it says hello again
    await room.waitFor(() => heard.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 20 * room.tickMs));
    expect(heard).toHaveLength(2); // nobody answered either
    expect(late.session.signaling.accepted).toBe(0);
    expect(late.session.state.state).toBe('init');
    expect(sender.pool.peers).toHaveLength(1); // nobody is offered anything in a retired room
  });

  it("New link reaches a viewer whose signaling is down: the data channel's 'retired' ends it", async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    viewer.transport.crash(); // its will changes nothing while media flows
    const retired = sender.session.retire();
    await room.waitFor(() => sender.pool.peers[0]?.sent.length === 1);
    const [farewell] = sender.pool.peers[0]!.sent;
    expect(viewer.session.state.state).toBe('active');
    viewer.pool.last?.events.onMessage?.(farewell);
    await room.waitFor(() => viewer.session.state.state === 'error');
    expect(viewer.session.state.reason).toBe('retired');
    await retired;
    expect(sender.transport.status.state).toBe('closed');
  });

  it("a 'retired' over the data channel means nothing from a viewer, and reaches the app as any other message", async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    const messages: unknown[] = [];
    sender.session.on('peerMessage', (message) => messages.push(message));
    sender.pool.last?.events.onMessage?.({ t: 'retired' });
    await room.waitFor(() => messages.length === 1);
    expect(sender.session.state.state).toBe('active');
    expect(viewer.session.state.state).toBe('active');
  });

  it("takes the sender back to waiting on the viewer's bye (stop)", async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    viewer.session.stop();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    expect(sender.session.remote).toBeUndefined();
    expect(sender.pool.peers[0]?.closed).toBe(true);
    expect(viewer.pool.peers[0]?.closed).toBe(true);
  });

  it('drops a viewer whose signaling dies (its will) before peer-to-peer is up, not after', async () => {
    room = new Room();
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop');
    viewer.session.start();
    await room.waitFor(() => sender.pool.last?.calls.length === 1);
    expect(sender.session.remote?.connected).toBe(false);
    viewer.transport.crash();
    await room.waitFor(() => sender.session.remote === undefined);
    expect(sender.session.state.state).toBe('waiting');
    expect(sender.pool.peers[0]?.closed).toBe(true);
  });

  it('keeps a connected viewer whose signaling dies: while media flows, its will changes nothing', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    viewer.transport.crash();
    // A newcomer's hello arrives after the will, so once it is refused the will was handled.
    room.clock += 1000;
    const second = room.join('viewer', 'tablet');
    second.session.start();
    await room.waitFor(() => second.session.state.state === 'error');
    expect(second.session.state.reason).toBe('busy');
    expect(sender.session.state.state).toBe('active');
    expect(sender.session.remote?.peer.session).toBe(viewer.session.self.session);
    expect(sender.pool.peers[0]?.closed).toBe(false);
  });

  it('publishes in the order it sends, even when sealing takes longer for some messages (offer before its candidates)', async () => {
    // Sealing a big offer is made slow, small candidates fast: a pipeline that published each
    // message as soon as it was sealed would let the candidates overtake the offer.
    const encrypt = crypto.subtle.encrypt.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'encrypt').mockImplementation(async (algorithm, key, data) => {
      if ((data as ArrayBuffer).byteLength > 2000) await new Promise((resolve) => setTimeout(resolve, 40));
      return encrypt(algorithm, key, data);
    });
    room = new Room();
    const sender = room.join('sender', 'phone', {
      offer: (n) => `v=0 offer ${n} ${'a=x\r\n'.repeat(600)}`,
      trickle: [hostCandidate(1), hostCandidate(2), hostCandidate(3)],
    });
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop');
    viewer.session.start();
    // The viewer drops candidates that arrive before the offer (it has no sender yet).
    await room.waitFor(() => viewer.pool.last?.calls.includes('eoc') === true);
    expect(viewer.pool.last?.calls.map((call) => call.split(' ').slice(0, 2).join(' '))).toEqual([
      'offer v=0',
      'ice candidate:1',
      'ice candidate:2',
      'ice candidate:3',
      'eoc',
    ]);
  });

  it('a failed negotiation times out: the sender offers again with a new id, and that one connects', async () => {
    room = new Room();
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop');
    viewer.pool.failAcceptOffer = true;
    viewer.session.start();
    await room.waitFor(() => viewer.pool.last?.calls.length === 1);
    // The session keeps handling messages after the rejected acceptOffer.
    sender.pool.last?.events.onCandidate(hostCandidate(7));
    await room.waitFor(() => viewer.pool.last?.calls.length === 2);
    expect(viewer.pool.last?.calls[1]).toMatch(/^ice candidate:7 /);
    expect(sender.pool.last?.calls).toEqual([]); // no answer came
    expect(viewer.session.remote).toEqual({ peer: sender.session.self, connected: false });
    // The offer runs out: the sender closes that connection and makes offer 2.
    viewer.pool.failAcceptOffer = false;
    room.clock += negotiationTimeoutMs;
    await room.waitFor(() => sender.pool.peers.length === 2 && viewer.pool.peers.length === 2);
    expect(sender.pool.peers[0]?.closed).toBe(true);
    await room.waitFor(() => sender.pool.last?.calls.length === 1);
    expect(viewer.pool.last?.calls).toEqual(['offer v=0 offer 2']);
    expect(sender.pool.last?.calls).toEqual(['answer v=0 answer to v=0 offer 2']);
    // A candidate of the closed first connection is not sent (it belongs to offer 1).
    const sent = viewer.pool.last?.calls.length;
    sender.pool.peers[0]?.events.onCandidate(hostCandidate(8));
    sender.pool.last?.connect();
    viewer.pool.last?.connect();
    await room.waitFor(() => sender.session.state.state === 'active' && viewer.session.state.state === 'active');
    expect(viewer.pool.last?.calls).toHaveLength(sent ?? 0);
  });

  it('ATTACK: a holder of the link cannot make a viewer take its offer (its key is not the link’s k)', async () => {
    room = new Room();
    const k = (await room.senderIdentity).id;
    const evil = room.join('sender', 'evil-phone', { identity: newIdentity() });
    evil.session.start();
    await room.waitFor(() => evil.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop', { senderKey: k });
    viewer.session.start();
    await room.waitFor(() => evil.pool.peers.length === 1); // it heard the hello and offered
    await room.waitFor(() => viewer.session.signaling.dropped.untrusted >= 1); // its offer
    expect(viewer.pool.peers).toHaveLength(0);
    expect(viewer.session.remote).toBeUndefined();
    // The room's own sender is taken at once.
    room.clock += 1000;
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => viewer.pool.last?.calls.length === 1);
    expect(viewer.session.remote?.peer.device).toBe(k);
  });

  it('ATTACK: a viewer refused as busy, and an eavesdropper with the link, read none of the pair’s SDP or candidates', async () => {
    room = new Room();
    const keys = await deriveRoomKeys(room.secret);
    const spy = room.hub.transport('spy');
    const captured: string[] = [];
    spy.subscribe(keys.topic, (data) => captured.push(data));
    await spy.connect();
    const sender = room.join('sender', 'phone', { trickle: [hostCandidate(1)] });
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop');
    viewer.session.start();
    // The laptop is admitted before the tablet says hello (each makes its device key first, in parallel).
    await room.waitFor(() => sender.session.remote?.peer.session === viewer.session.self.session);
    room.clock += 100;
    const refused = room.join('viewer', 'tablet');
    refused.session.start();
    await room.waitFor(() => sender.pool.last?.calls.some((c) => c.startsWith('answer')) === true);
    await room.waitFor(() => refused.session.state.reason === 'busy');
    expect(refused.pool.peers).toHaveLength(0);
    // The pair goes on talking while the refused viewer listens: a late candidate of the admitted viewer.
    viewer.pool.last?.events.onCandidate(hostCandidate(2));
    await room.waitFor(() => refused.session.signaling.dropped.other > 0); // the pair's messages, unopened
    // The eavesdropper poses as the admitted viewer's session, knows both PeerInfos, but not their ECDH keys.
    const own = await generateSessionKey();
    const pairs = new PairBook({ own, session: viewer.session.self.session, role: 'viewer', pairSalt: keys.pairSalt });
    pairs.bind(sender.session.self);
    const opener = new Opener({
      key: keys.key,
      topic: keys.topic,
      session: viewer.session.self.session,
      role: 'viewer',
      pairs,
    });
    const bodies = [];
    for (const data of captured) bodies.push((await opener.open(data, room.clock))?.body.t);
    expect(bodies).toContain('hello');
    expect(bodies.filter((t) => t === 'offer' || t === 'answer' || t === 'ice' || t === 'eoc')).toEqual([]);
    expect(opener.dropped.auth).toBeGreaterThanOrEqual(1); // the offer's SDP
    expect(JSON.stringify(captured)).not.toContain('candidate');
  });

  it('connects with clocks 10 minutes apart; 2 hours apart, the hellos are stale and the clock hint shows', async () => {
    room = new Room();
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const near = room.join('viewer', 'laptop', { skewMs: -600_000 });
    near.session.start();
    await room.waitFor(() => sender.pool.last?.calls.some((c) => c.startsWith('answer')) === true);
    near.session.stop();
    await room.waitFor(() => sender.session.state.state === 'waiting' && sender.session.remote === undefined);
    const far = room.join('viewer', 'tv', { skewMs: 2 * 3_600_000 });
    far.session.start();
    await room.waitFor(() => sender.session.signaling.dropped.stale >= 1);
    // Signed and from 2 h in the future (no replay makes one), but the near viewer's hello fit: not yet.
    expect(sender.session.signaling.clockSuspect).toBe(false);
    room.clock += helloRetryMs; // the viewer says hello again
    await room.waitFor(() => sender.session.signaling.dropped.stale >= 2);
    expect(sender.session.signaling.clockSuspect).toBe(true);
    expect(sender.session.remote).toBeUndefined();
    expect(far.session.signaling.clockSuspect).toBe(false); // it heard no sender broadcast
  });

  it('a sender 2 hours ahead: the waiting viewer (its clock behind) gets the clock hint, the sender none', async () => {
    room = new Room();
    const keys = await deriveRoomKeys(room.secret);
    const spy = room.hub.transport('spy');
    let heard = 0;
    spy.subscribe(keys.topic, () => {
      heard += 1;
    });
    await spy.connect();
    const viewer = room.join('viewer', 'laptop');
    viewer.session.start();
    await room.waitFor(() => heard >= 1); // its hello: it is subscribed
    const ahead = room.join('sender', 'phone', { skewMs: 2 * 3_600_000 });
    ahead.session.start();
    await room.waitFor(() => viewer.session.signaling.dropped.stale >= 1); // the sender's hello
    expect(viewer.session.signaling.clockSuspect).toBe(true);
    room.clock += helloRetryMs; // the viewer says hello again: 2 h in the sender's past
    await room.waitFor(() => ahead.session.signaling.dropped.stale >= 1);
    // Past times are what replays carry: no evidence.
    expect(ahead.session.signaling.clockSuspect).toBe(false);
    expect(viewer.session.remote).toBeUndefined();
  });

  it('ATTACK: genuine hellos replayed a day later (a reused room) do not show the clock hint', async () => {
    room = new Room();
    const keys = await deriveRoomKeys(room.secret);
    const spy = room.hub.transport('spy');
    const captured: string[] = [];
    spy.subscribe(keys.topic, (data) => captured.push(data));
    await spy.connect();
    const yesterday = room.join('viewer', 'laptop');
    yesterday.session.start();
    await room.waitFor(() => captured.length >= 1);
    room.clock += helloRetryMs;
    await room.waitFor(() => captured.length >= 2); // two hellos
    yesterday.session.stop();
    room.clock += 24 * 3_600_000;
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    for (const data of captured) spy.publish(keys.topic, data);
    await room.waitFor(() => sender.session.signaling.dropped.stale >= 2);
    expect(sender.session.signaling.clockSuspect).toBe(false);
  });

  it('reports streams, data-channel messages and loss reasons through typed events', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    const streams: (MediaStream | null)[] = [];
    const messages: unknown[] = [];
    viewer.session.on('stream', (stream) => streams.push(stream));
    viewer.session.on('peerMessage', (message) => messages.push(message));
    const stream = { id: 'fake-stream' } as unknown as MediaStream;
    viewer.pool.last?.events.onStream?.(stream);
    viewer.pool.last?.events.onMessage?.({ t: 'chat', text: 'hi', at: 1 });
    expect(streams).toEqual([stream]);
    expect(messages).toEqual([{ t: 'chat', text: 'hi', at: 1 }]);
    expect(viewer.session.sendToPeer({ t: 'pause', paused: true })).toBe(true);
    expect(viewer.pool.last?.sent).toEqual([{ t: 'pause', paused: true }]);

    viewer.pool.last?.lose('ice-failed');
    await room.waitFor(() => viewer.session.state.state === 'waiting');
    expect(viewer.session.lastLoss).toBe('ice-failed');
    expect(streams).toEqual([stream, null]);
    // The viewer says hello again; the live sender re-offers, and a new connection clears the loss.
    await room.waitFor(() => sender.pool.peers[1]?.calls.length === 1);
    sender.pool.last?.connect();
    viewer.pool.last?.connect();
    await room.waitFor(() => viewer.session.state.state === 'active');
    expect(viewer.session.lastLoss).toBeUndefined();
  });
});
