import { describe, expect, it } from 'vitest';
import { newRoomSecret } from '../../src/protocol/room';
import {
  forgetAll,
  forgetRoom,
  listRooms,
  maxRecentRooms,
  recentRoomsStorageKey,
  rememberRoom,
} from '../../src/storage/recent-rooms';
import type { StorageLike } from '../../src/storage/settings-store';
import { memoryStorage } from '../helpers/memory-storage';

describe('recent rooms', () => {
  it('lists newest first with via and ice, stored in the link syntax', () => {
    const storage = memoryStorage();
    const [a, b] = [newRoomSecret(), newRoomSecret()];
    rememberRoom({ role: 'viewer', secret: a, at: 1000 }, storage);
    rememberRoom(
      {
        role: 'sender',
        secret: b,
        via: { kind: 'relay', url: 'wss://relay.example.org/ws' },
        ice: [{ urls: 'stun:s.example:3478' }],
        at: 2000,
      },
      storage,
    );
    expect(listRooms(storage)).toEqual([
      {
        role: 'sender',
        secret: b,
        via: { kind: 'relay', url: 'wss://relay.example.org/ws' },
        ice: [{ urls: 'stun:s.example:3478' }],
        at: 2000,
      },
      { role: 'viewer', secret: a, at: 1000 },
    ]);
    expect(JSON.parse(storage.data.get(recentRoomsStorageKey)!)[0]).toEqual({
      role: 'sender',
      secret: b,
      via: 'relay:wss://relay.example.org/ws',
      ice: 'stun:s.example:3478',
      at: 2000,
    });
  });

  it('keeps one entry per role and secret, moved to the top when used again', () => {
    const storage = memoryStorage();
    const [a, b] = [newRoomSecret(), newRoomSecret()];
    rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
    rememberRoom({ role: 'viewer', secret: b, at: 2 }, storage);
    rememberRoom({ role: 'viewer', secret: a, at: 3 }, storage);
    rememberRoom({ role: 'sender', secret: a, at: 4 }, storage);
    expect(listRooms(storage).map((r) => [r.role, r.secret, r.at])).toEqual([
      ['sender', a, 4],
      ['viewer', a, 3],
      ['viewer', b, 2],
    ]);
  });

  it(`keeps at most ${maxRecentRooms}`, () => {
    const storage = memoryStorage();
    const secrets = Array.from({ length: maxRecentRooms + 3 }, () => newRoomSecret());
    secrets.forEach((secret, i) => {
      rememberRoom({ role: 'viewer', secret, at: i }, storage);
    });
    const listed = listRooms(storage);
    expect(listed).toHaveLength(maxRecentRooms);
    expect(listed[0]!.secret).toBe(secrets.at(-1));
    expect(listed.at(-1)!.secret).toBe(secrets[3]);
  });

  it('defaults at to now and ignores invalid rooms', () => {
    const storage = memoryStorage();
    const before = Date.now();
    rememberRoom({ role: 'viewer', secret: newRoomSecret() }, storage);
    rememberRoom({ role: 'viewer', secret: 'too-short' }, storage);
    rememberRoom({ role: 'viewer', secret: newRoomSecret(), via: { kind: 'mqtt', url: 'http://nope' } }, storage);
    const listed = listRooms(storage);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.at).toBeGreaterThanOrEqual(before);
  });

  it('forgets one room, then all', () => {
    const storage = memoryStorage();
    const [a, b] = [newRoomSecret(), newRoomSecret()];
    rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
    rememberRoom({ role: 'sender', secret: a, at: 2 }, storage);
    rememberRoom({ role: 'viewer', secret: b, at: 3 }, storage);
    forgetRoom('viewer', a, storage);
    expect(listRooms(storage).map((r) => `${r.role}:${r.secret}`)).toEqual([`viewer:${b}`, `sender:${a}`]);
    forgetAll(storage);
    expect(listRooms(storage)).toEqual([]);
    expect(storage.data.has(recentRoomsStorageKey)).toBe(false);
  });

  it.each(['{', 'null', '{"a":1}', '"x"', '42'])('treats corrupt storage %j as empty', (text) => {
    const storage = memoryStorage({ [recentRoomsStorageKey]: text });
    expect(listRooms(storage)).toEqual([]);
    rememberRoom({ role: 'viewer', secret: newRoomSecret(), at: 1 }, storage);
    expect(listRooms(storage)).toHaveLength(1);
  });

  it('drops bad entries and keeps good ones', () => {
    const good = newRoomSecret();
    const entries = [
      null,
      7,
      [],
      { role: 'admin', secret: good, at: 1 },
      { role: 'viewer', secret: 'short', at: 1 },
      { role: 'viewer', secret: good, at: 'yesterday' },
      { role: 'viewer', secret: good, at: -1 },
      { role: 'viewer', secret: good, at: 1, via: 'carrier:pigeon' },
      { role: 'viewer', secret: good, at: 1, ice: 'nope' },
      { role: 'viewer', secret: good, at: 5 },
    ];
    const storage = memoryStorage({ [recentRoomsStorageKey]: JSON.stringify(entries) });
    expect(listRooms(storage)).toEqual([{ role: 'viewer', secret: good, at: 5 }]);
  });

  it('never throws on storage that throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(listRooms(broken)).toEqual([]);
    expect(() => rememberRoom({ role: 'viewer', secret: newRoomSecret() }, broken)).not.toThrow();
    expect(() => forgetRoom('viewer', 'x', broken)).not.toThrow();
    expect(() => forgetAll(broken)).not.toThrow();
    expect(listRooms(undefined)).toEqual([]);
  });
});
