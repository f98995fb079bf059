/**
 * PeerConnection with the fake RTCPeerConnection: how the viewer's answer is applied, and what a
 * refusal to apply it reports (not an ICE failure, whose hint would send the person after a TURN relay).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LossReason, PeerConnection } from '../../src/rtc/peer-connection';
import { FakeRtc } from './fake-rtc';

let rtc: FakeRtc;
let uninstall: () => void;

beforeEach(() => {
  rtc = new FakeRtc();
  uninstall = rtc.install();
});

afterEach(() => uninstall());

/** A viewer's connection whose losses are recorded. */
function viewerConnection(): { link: PeerConnection; lost: LossReason[] } {
  const lost: LossReason[] = [];
  const link = new PeerConnection(
    { iceServers: [] },
    { onCandidate: () => undefined, onConnected: () => undefined, onLost: (why) => lost.push(why) },
  );
  return { link, lost };
}

describe('PeerConnection answering an offer', () => {
  it('answers with the SDP it applies, and loses nothing', async () => {
    const { link, lost } = viewerConnection();
    const answer = await link.acceptOffer('v=0 an offer');
    expect(answer).toMatch(/fake answer/);
    await vi.waitFor(() => expect(rtc.connections[0]!.localDescription?.sdp).toBe(answer));
    expect(lost).toEqual([]);
    link.close();
  });

  it('an answer the browser refuses to apply loses the connection as negotiation-failed, not ice-failed', async () => {
    rtc.refuseLocal = true;
    const { link, lost } = viewerConnection();
    await link.acceptOffer('v=0 an offer'); // the answer went out while it was being applied
    await vi.waitFor(() => expect(lost).toEqual(['negotiation-failed']));
    link.close();
  });
});
