import { describe, expect, it } from 'vitest';
import type { RecentRoom } from '../../../src/storage/recent-rooms';
import { gridRoomParams, gridRooms, levelPercent, tileStep } from '../../../src/ui/grid/grid-rooms';

const room = (secret: string, role: RecentRoom['role'], at: number): RecentRoom => ({ role, secret, at });

describe('gridRooms', () => {
  it('keeps viewer rooms only, newest first, at most max', () => {
    const rooms = [room('a', 'viewer', 1), room('b', 'sender', 9), room('c', 'viewer', 3), room('d', 'viewer', 2)];
    expect(gridRooms(rooms, 2).map((r) => r.secret)).toEqual(['c', 'd']);
    expect(gridRooms(rooms).map((r) => r.secret)).toEqual(['c', 'd', 'a']);
    expect(gridRooms([])).toEqual([]);
  });

  it('opens a room with its transport and ICE servers, never an empty ice list', () => {
    const via = { kind: 'relay', url: 'ws://h/ws' } as const;
    expect(gridRoomParams({ ...room('s', 'viewer', 1), via, ice: [] })).toEqual({ secret: 's', via });
    expect(gridRoomParams({ ...room('s', 'viewer', 1), ice: [{ urls: 'stun:h' }] })).toEqual({
      secret: 's',
      ice: [{ urls: 'stun:h' }],
    });
  });
});

describe('tileStep', () => {
  it('follows the room, then the frames', () => {
    expect(tileStep({ state: 'init', frames: 0, sinceFrameMs: Infinity })).toBe('connecting');
    expect(tileStep({ state: 'waiting', frames: 0, sinceFrameMs: Infinity })).toBe('waiting');
    expect(tileStep({ state: 'active', frames: 0, sinceFrameMs: Infinity })).toBe('video');
    expect(tileStep({ state: 'active', frames: 9, sinceFrameMs: 100 })).toBe('live');
    expect(tileStep({ state: 'active', frames: 9, sinceFrameMs: 9_000 })).toBe('stalled');
    expect(tileStep({ state: 'error', frames: 9, sinceFrameMs: 0 })).toBe('error');
  });
});

describe('the sound meter', () => {
  it('fills from -60 dBFS to full scale; silence or nonsense is empty', () => {
    expect(levelPercent(1)).toBe(100);
    expect(levelPercent(2)).toBe(100);
    expect(levelPercent(10 ** (-30 / 20))).toBe(50);
    expect(levelPercent(0.0001)).toBe(0);
    expect(levelPercent(0)).toBe(0);
    expect(levelPercent(undefined)).toBe(0);
    expect(levelPercent(Number.NaN)).toBe(0);
  });
});
