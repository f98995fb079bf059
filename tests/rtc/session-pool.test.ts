/**
 * A sender RoomSession with the real PeerPool and PeerConnection over the fake RTCPeerConnection
 * (the viewer keeps the harness's fake pool): a camera replaced while the viewer's connection is
 * being set up ends on that connection's senders, and viewer after viewer leaves the counts of
 * open connections and live timers flat.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomSession } from '../../src/rtc/session';
import { type FakeConnection, FakeRtc, fakeStream } from './fake-rtc';
import { Room } from './room-harness';

let rtc: FakeRtc;
let uninstall: () => void;
let room: Room;
let sender: RoomSession | undefined;
let timers: LiveTimers;

beforeEach(() => {
  rtc = new FakeRtc();
  uninstall = rtc.install();
  timers = new LiveTimers();
  room = new Room();
});

afterEach(() => {
  sender?.stop();
  sender = undefined;
  room.close();
  timers.uninstall();
  uninstall();
});

/** The room's sender with the real pool (its RTCPeerConnections are the fake's). */
function realSender(): RoomSession {
  return new RoomSession(
    {
      role: 'sender',
      secret: room.secret,
      signaling: { kind: 'relay', url: 'ws://unused.invalid/ws' },
      iceServers: [],
      identity: room.senderIdentity,
    },
    { transport: room.hub.transport('memory:phone'), now: () => room.clock, tickMs: room.tickMs },
  );
}

describe('RoomSession with the real peer pool', () => {
  it('a camera replaced (flip) while the connection is being set up is the one the connection sends', async () => {
    rtc.offerMode = 'gate';
    rtc.closeGate();
    sender = realSender();
    const session = sender;
    session.start(fakeStream('front'));
    await room.waitFor(() => session.state.state === 'waiting');
    room.clock += 100;
    const viewer = room.join('viewer', 'laptop');
    viewer.session.start();
    // Admitted: the connection for this viewer is being made, its offer held at the gate.
    await room.waitFor(() => session.remote !== undefined);
    session.replaceStream(fakeStream('rear'));
    rtc.openGate();
    await room.waitFor(() => viewer.pool.last?.calls.some((call) => call.startsWith('offer')) === true);
    const connection = session.connection as unknown as FakeConnection;
    await room.waitFor(() => connection.sentTrackIds[0] === 'rear-video');
    expect(connection.sentTrackIds).toEqual(['rear-video', 'rear-audio']);
  });

  it('viewer after viewer leaving keeps open connections and live timers flat', async () => {
    sender = realSender();
    const session = sender;
    session.start(fakeStream('camera'));
    await room.waitFor(() => session.state.state === 'waiting');
    const counts: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      room.clock += 1000;
      const viewer = room.join('viewer', 'laptop');
      viewer.session.start();
      // Wait for this viewer's admission (and the offer reaching it) before anything else.
      await room.waitFor(() => viewer.pool.last?.calls.some((call) => call.startsWith('offer')) === true);
      viewer.session.stop();
      await room.waitFor(() => session.state.state === 'waiting' && session.remote === undefined);
      await room.waitFor(() => rtc.open === 1); // the spare for whoever comes next
      counts.push(`${rtc.open}/${timers.intervals}`);
    }
    console.log(
      `sender after 12 viewers: ${rtc.made} RTCPeerConnections made, open/intervals per round ${counts.join(' ')}`,
    );
    expect(rtc.made).toBeGreaterThanOrEqual(12);
    expect(rtc.open).toBe(1);
    // One interval: the sender's tick (stopped viewers' ticks are cleared; no heartbeat without a channel).
    expect(timers.intervals).toBe(1);
    expect(new Set(counts).size).toBe(1);
  });
});

/** Counts the intervals alive (set and not cleared) while installed. */
class LiveTimers {
  private readonly live = new Set<unknown>();
  private readonly set = globalThis.setInterval;
  private readonly clear = globalThis.clearInterval;

  constructor() {
    const live = this.live;
    const set = this.set;
    const clear = this.clear;
    globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
      const id = set(...args);
      live.add(id);
      return id;
    }) as typeof setInterval;
    globalThis.clearInterval = ((id: Parameters<typeof clearInterval>[0]) => {
      live.delete(id);
      clear(id);
    }) as typeof clearInterval;
  }

  /** Intervals alive now. */
  get intervals(): number {
    return this.live.size;
  }

  uninstall(): void {
    globalThis.setInterval = this.set;
    globalThis.clearInterval = this.clear;
  }
}
