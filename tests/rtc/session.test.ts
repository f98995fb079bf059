/**
 * RoomSession end to end in Node: two or more real sessions (real WebCrypto sealing, real
 * protocol machines) over the memory transport, each with a fake peer pool standing in for
 * RTCPeerConnection. The tests fire what a browser would report (connected, lost, a stream).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostCandidate } from './fake-peers';
import { Room } from './room-harness';

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

  it('New link: retire() ends the viewer with error retired, and the old room answers later viewers so', async () => {
    room = new Room();
    const { sender, viewer } = await room.activePair();
    sender.session.retire();
    await room.waitFor(() => viewer.session.state.state === 'error');
    expect(viewer.session.state.reason).toBe('retired');
    expect(sender.pool.peers[0]?.closed).toBe(true);
    expect(viewer.pool.peers[0]?.closed).toBe(true);
    expect(sender.pool.closed).toBe(true);

    room.clock += 1000;
    const late = room.join('viewer', 'tv');
    late.session.start();
    await room.waitFor(() => late.session.state.state === 'error');
    expect(late.session.state.reason).toBe('retired');
    expect(sender.pool.peers).toHaveLength(1); // nobody is offered anything in a retired room
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

  it('survives a failed negotiation: no answer, nothing crashes, and the pair waits (no timeout yet)', async () => {
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
    // Current behaviour: both sides stay as they are until a peer leaves or another device
    // replaces the viewer after the negotiation grace period; nothing retries the offer.
    expect(viewer.session.state.state).toBe('init');
    expect(viewer.session.remote).toEqual({ peer: sender.session.self, connected: false });
    expect(sender.session.state.state).toBe('waiting');
    expect(sender.session.remote?.connected).toBe(false);
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
