/**
 * PeerSlot: a take that fails leaves no connection "being opened", so a camera change afterwards
 * goes to the pool's next spare instead of waiting for a connection that will never exist.
 */
import { describe, expect, it } from 'vitest';
import type { PeerInfo } from '../../src/protocol/messages';
import type { PeerPoolLike } from '../../src/rtc/peer-pool';
import { PeerSlot } from '../../src/rtc/peer-slot';

const viewer = { device: 'viewer-device', session: 'viewer-session', role: 'viewer' } as unknown as PeerInfo;
const events = {
  candidate: () => undefined,
  connected: () => undefined,
  lost: () => undefined,
  stream: () => undefined,
  message: () => undefined,
};

describe('PeerSlot', () => {
  it('after a take that fails, nothing is being opened: a new camera is left to the pool', async () => {
    const pool: PeerPoolLike = {
      warm: () => undefined,
      take: () => Promise.reject(new Error('offer failed')),
      close: () => undefined,
    };
    const slot = new PeerSlot(pool, (job) => void job());
    await expect(slot.open(viewer, 1, events, undefined)).rejects.toThrow('offer failed');
    expect(slot.current).toBeUndefined();
    expect(slot.replaceStream({} as MediaStream)).toBe(false);
  });
});
