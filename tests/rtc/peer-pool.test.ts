/**
 * PeerPool with the fake RTCPeerConnection: every connection the pool makes is handed out or
 * closed — a spare whose offer fails or never comes, a spare replaced while its offer is still
 * being made, a take that fails — and hours of spare refreshes keep one connection and one timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerConnectionEvents } from '../../src/rtc/peer-connection';
import { offerTimeoutMs, PeerPool, warmOfferMaxAgeMs } from '../../src/rtc/peer-pool';
import { FakeRtc, fakeStream } from './fake-rtc';

const events: PeerConnectionEvents = {
  onCandidate: () => undefined,
  onConnected: () => undefined,
  onLost: () => undefined,
};

let rtc: FakeRtc;
let uninstall: () => void;
let pool: PeerPool | undefined;

beforeEach(() => {
  rtc = new FakeRtc();
  uninstall = rtc.install();
});

afterEach(() => {
  pool?.close();
  pool = undefined;
  uninstall();
  vi.useRealTimers();
});

describe('PeerPool spares', () => {
  it('closes the connection of a spare whose offer fails', async () => {
    rtc.offerMode = 'fail';
    pool = new PeerPool('sender', []);
    pool.warm(fakeStream('camera'));
    await vi.waitFor(() => expect(rtc.made).toBe(1));
    await vi.waitFor(() => expect(rtc.open).toBe(0));
  });

  it('closes the connection of a spare whose offer never comes, and a take then makes a fresh one', async () => {
    vi.useFakeTimers();
    rtc.offerMode = 'hang';
    pool = new PeerPool('sender', []);
    pool.warm(fakeStream('camera'));
    await vi.advanceTimersByTimeAsync(offerTimeoutMs - 1);
    expect(rtc.open).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(rtc.open).toBe(0);
    rtc.offerMode = 'ok';
    const taken = await pool.take(events, fakeStream('camera'));
    expect(taken.offer).toMatch(/^v=0/);
    expect(rtc.open).toBe(1);
  });

  it('closes a spare replaced while its offer is still being made', async () => {
    rtc.offerMode = 'gate';
    rtc.closeGate();
    pool = new PeerPool('sender', []);
    pool.warm(fakeStream('front'));
    await vi.waitFor(() => expect(rtc.made).toBe(1));
    pool.warm(fakeStream('rear'));
    await vi.waitFor(() => expect(rtc.made).toBe(2));
    // The first offer has not come (nor will it before the gate opens): its connection is closed anyway.
    expect(rtc.connections[0]?.closed).toBe(true);
    expect(rtc.open).toBe(1);
  });

  it('closes the connection of a take whose offer fails', async () => {
    rtc.offerMode = 'fail';
    pool = new PeerPool('sender', []);
    await expect(pool.take(events, fakeStream('camera'))).rejects.toThrow(/createOffer/);
    expect(rtc.made).toBe(1);
    expect(rtc.open).toBe(0);
  });

  it('a take sends the stream it is given, also from a spare made with another', async () => {
    pool = new PeerPool('sender', []);
    pool.warm(fakeStream('front'));
    await vi.waitFor(() => expect(rtc.connections[0]?.localDescription).not.toBeNull());
    await pool.take(events, fakeStream('rear'));
    expect(rtc.connections).toHaveLength(1);
    expect(rtc.connections[0]?.sentTrackIds).toEqual(['rear-video', 'rear-audio']);
    // Quick start: the 720p camera's video is sent at half size until the connection has been open a while.
    expect(rtc.connections[0]?.startScales).toEqual([2]);
  });
});

describe('PeerPool over hours', () => {
  for (const mode of ['ok', 'fail'] as const) {
    it(`ten minutes of spare refreshes (offers ${mode === 'ok' ? 'made' : 'failing'}) leave at most one connection open and one timer`, async () => {
      vi.useFakeTimers();
      rtc.offerMode = mode;
      pool = new PeerPool('sender', []);
      pool.warm(fakeStream('camera'));
      const minutes = 10;
      await vi.advanceTimersByTimeAsync(minutes * 60_000);
      const refreshes = (minutes * 60_000) / warmOfferMaxAgeMs;
      console.log(
        `peer pool, ${minutes} min of spare offers ${mode === 'ok' ? 'made' : 'failing'}: ${rtc.made} RTCPeerConnections made, ${rtc.open} open, ${vi.getTimerCount()} timers`,
      );
      expect(rtc.made).toBe(refreshes + 1);
      expect(rtc.open).toBe(mode === 'ok' ? 1 : 0);
      expect(vi.getTimerCount()).toBe(1); // the next refresh
      pool.close();
      await vi.advanceTimersByTimeAsync(0);
      expect(rtc.open).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });
  }
});
