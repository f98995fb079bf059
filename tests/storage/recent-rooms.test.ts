import { describe, expect, it } from 'vitest';
import { newRoomSecret } from '../../src/protocol/room';
import {
  forgetAll,
  forgetRoom,
  listRooms,
  maxRecentRooms,
  maxRoomNameChars,
  recentRoomsStorageKey,
  rememberRoom,
  renameRoom,
  tidyRoomName,
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

  it('strips a ?token= from a stored relay URL when read, and stores the list without it', () => {
    const secret = newRoomSecret();
    const storage = memoryStorage({
      [recentRoomsStorageKey]: JSON.stringify([
        { role: 'sender', secret, via: 'relay:wss://relay.example.org/ws?token=SECRET', at: 5 },
      ]),
    });
    expect(listRooms(storage)).toEqual([
      { role: 'sender', secret, via: { kind: 'relay', url: 'wss://relay.example.org/ws' }, at: 5 },
    ]);
    expect(storage.data.get(recentRoomsStorageKey)).not.toContain('SECRET');
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
    expect(renameRoom('viewer', 'x', 'Nursery', broken)).toEqual({ ok: false, error: 'not-found' });
    expect(listRooms(undefined)).toEqual([]);
  });

  describe('names', () => {
    it('tidies names: trimmed, white space runs made one space, at most the limit', () => {
      expect(tidyRoomName('  Front\t\n  door ')).toEqual({ ok: true, name: 'Front door' });
      expect(tidyRoomName('婴儿房')).toEqual({ ok: true, name: '婴儿房' });
      expect(tidyRoomName('a\u0000b')).toEqual({ ok: true, name: 'a b' });
      expect(tidyRoomName('   ')).toEqual({ ok: false, error: 'empty' });
      expect(tidyRoomName('')).toEqual({ ok: false, error: 'empty' });
      expect(tidyRoomName('x'.repeat(maxRoomNameChars))).toEqual({ ok: true, name: 'x'.repeat(maxRoomNameChars) });
      expect(tidyRoomName('x'.repeat(maxRoomNameChars + 1))).toEqual({ ok: false, error: 'too-long' });
      // Characters, not UTF-16 units: 40 emoji fit.
      expect(tidyRoomName('🐣'.repeat(maxRoomNameChars)).ok).toBe(true);
    });

    it('renames a listed room in place, on this device only', () => {
      const storage = memoryStorage();
      const [a, b] = [newRoomSecret(), newRoomSecret()];
      rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
      rememberRoom({ role: 'sender', secret: b, via: { kind: 'relay', url: 'wss://r.example/ws' }, at: 2 }, storage);
      expect(renameRoom('viewer', a, '  Nursery ', storage)).toEqual({ ok: true, name: 'Nursery' });
      expect(listRooms(storage)).toEqual([
        { role: 'sender', secret: b, via: { kind: 'relay', url: 'wss://r.example/ws' }, at: 2 },
        { role: 'viewer', secret: a, at: 1, name: 'Nursery' },
      ]);
      expect(JSON.parse(storage.data.get(recentRoomsStorageKey)!)[1]).toEqual({
        role: 'viewer',
        secret: a,
        at: 1,
        name: 'Nursery',
      });
    });

    it('refuses empty and long names, and rooms not listed, storing nothing', () => {
      const storage = memoryStorage();
      const a = newRoomSecret();
      rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
      const before = storage.data.get(recentRoomsStorageKey);
      expect(renameRoom('viewer', a, ' ', storage)).toEqual({ ok: false, error: 'empty' });
      expect(renameRoom('viewer', a, 'y'.repeat(maxRoomNameChars + 1), storage)).toEqual({
        ok: false,
        error: 'too-long',
      });
      expect(renameRoom('sender', a, 'Nursery', storage)).toEqual({ ok: false, error: 'not-found' });
      expect(storage.data.get(recentRoomsStorageKey)).toBe(before);
    });

    it('says so when storage refuses the write', () => {
      const storage = memoryStorage();
      const a = newRoomSecret();
      rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
      const refusing: StorageLike = {
        ...storage,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      };
      expect(renameRoom('viewer', a, 'Nursery', refusing)).toEqual({ ok: false, error: 'not-saved' });
    });

    it('keeps the name when the room is used again', () => {
      const storage = memoryStorage();
      const a = newRoomSecret();
      rememberRoom({ role: 'viewer', secret: a, at: 1 }, storage);
      renameRoom('viewer', a, 'Front door', storage);
      rememberRoom({ role: 'viewer', secret: a, at: 5 }, storage);
      expect(listRooms(storage)).toEqual([{ role: 'viewer', secret: a, at: 5, name: 'Front door' }]);
      // The same secret in the other role is another entry, unnamed.
      rememberRoom({ role: 'sender', secret: a, at: 6 }, storage);
      expect(listRooms(storage)[0]).toEqual({ role: 'sender', secret: a, at: 6 });
    });

    it('drops a damaged name but keeps the room', () => {
      const good = newRoomSecret();
      const entries = [
        { role: 'viewer', secret: good, at: 3, name: 42 },
        { role: 'sender', secret: good, at: 2, name: '   ' },
        { role: 'viewer', secret: newRoomSecret(), at: 1, name: 'z'.repeat(500) },
      ];
      const storage = memoryStorage({ [recentRoomsStorageKey]: JSON.stringify(entries) });
      const listed = listRooms(storage);
      expect(listed).toHaveLength(3);
      expect(listed.every((room) => room.name === undefined)).toBe(true);
    });
  });
});
