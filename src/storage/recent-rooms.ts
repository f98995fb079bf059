/**
 * Recently used rooms, so the person can reopen one from the home screen, or forget it.
 * Stored in localStorage under `porthole.recent` as a JSON array of
 * `{ role, secret, via?: "mqtt:wss://…", ice?: "stun:…", at: <ms since 1970>, name?: "Nursery" }`
 * (`via`/`ice` in the link syntax). Every read is validated: bad entries are dropped, a bad name
 * alone is ignored, a `?token=` in a stored relay URL is dropped (and the list rewritten without
 * it). Names stay on this device: they are never put in links or sent to anyone.
 */
import { formatIce, formatVia, parseIce, parseVia } from '../protocol/link';
import type { IceServerSpec, Role, Via } from '../protocol/link';
import { isValidRoomSecret } from '../protocol/room';
import { viaWithoutToken } from './url-token';
import { defaultStorage, type StorageLike } from './web-storage';

/** One remembered room. */
export interface RecentRoom {
  /** The role this device played in the room. */
  role: Role;
  /** The room secret. */
  secret: string;
  /** The room's transport, when not the default. */
  via?: Via;
  /** Extra ICE servers the room's link carried. */
  ice?: IceServerSpec[];
  /** When the room was last used, in ms since 1970 (`Date.now()`). */
  at: number;
  /** The person's name for the room ("Nursery"), kept on this device only. */
  name?: string;
}

/** What {@link rememberRoom} takes: `at` defaults to now. */
export type RecentRoomInput = Omit<RecentRoom, 'at'> & { at?: number };

/** The localStorage key of the list. */
export const recentRoomsStorageKey = 'porthole.recent';
/** Most rooms kept. */
export const maxRecentRooms = 8;
/** Longest room name, in characters (Unicode code points) after tidying. */
export const maxRoomNameChars = 40;

/** Why a room name was refused. */
export type RoomNameError = 'empty' | 'too-long';

/** Why {@link renameRoom} did not store a name: a bad name, a room no longer listed, or storage that refused. */
export type RenameError = RoomNameError | 'not-found' | 'not-saved';

/** A typed name with each run of white space and control characters made one space, trimmed; or why not. */
export function tidyRoomName(text: string): { ok: true; name: string } | { ok: false; error: RoomNameError } {
  const name = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  if (name === '') return { ok: false, error: 'empty' };
  if ([...name].length > maxRoomNameChars) return { ok: false, error: 'too-long' };
  return { ok: true, name };
}

/** Validates one stored entry; null when anything about it is wrong. */
function parseEntry(value: unknown): RecentRoom | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { role, secret, via, ice, at, name } = value as Record<string, unknown>;
  if (role !== 'sender' && role !== 'viewer') return null;
  if (typeof secret !== 'string' || !isValidRoomSecret(secret)) return null;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
  const room: RecentRoom = { role, secret, at };
  if (via !== undefined) {
    // A relay token once put in the URL's query is dropped (links carry none; see url-token.ts).
    const parsed = typeof via === 'string' ? parseVia(viaWithoutToken(via)) : null;
    if (!parsed) return null;
    room.via = parsed;
  }
  if (ice !== undefined) {
    const parsed = typeof ice === 'string' ? parseIce(ice) : null;
    if (!parsed) return null;
    room.ice = parsed;
  }
  // A damaged name is dropped on its own: the room is still worth listing.
  const tidied = typeof name === 'string' ? tidyRoomName(name) : undefined;
  if (tidied?.ok) room.name = tidied.name;
  return room;
}

/** The stored form of a room. */
function serialize(room: RecentRoom): Record<string, string | number> {
  const stored: Record<string, string | number> = { role: room.role, secret: room.secret, at: room.at };
  if (room.via) stored.via = formatVia(room.via);
  if (room.ice && room.ice.length > 0) stored.ice = formatIce(room.ice);
  if (room.name) stored.name = room.name;
  return stored;
}

/** Newest first, one per role+secret, at most {@link maxRecentRooms}. */
function tidy(rooms: RecentRoom[]): RecentRoom[] {
  const seen = new Set<string>();
  return [...rooms]
    .sort((a, b) => b.at - a.at)
    .filter((room) => {
      const id = `${room.role}:${room.secret}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .slice(0, maxRecentRooms);
}

/** Reads and validates the stored list; never throws. */
function read(storage: StorageLike | undefined): RecentRoom[] {
  try {
    const text = storage?.getItem(recentRoomsStorageKey);
    if (text === null || text === undefined) return [];
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    const rooms = value.map(parseEntry).filter((room): room is RecentRoom => room !== null);
    // A token read out of a stored relay URL does not stay in storage either.
    if (/[?&]token=/.test(text)) write(storage, rooms);
    return rooms;
  } catch {
    return [];
  }
}

/** Writes the list; false when storage is missing or refuses (quota, privacy mode), never a throw. */
function write(storage: StorageLike | undefined, rooms: RecentRoom[]): boolean {
  try {
    if (!storage) return false;
    if (rooms.length === 0) storage.removeItem(recentRoomsStorageKey);
    else storage.setItem(recentRoomsStorageKey, JSON.stringify(rooms.map(serialize)));
    return true;
  } catch {
    // Remembering rooms is a convenience; never let it break a call.
    return false;
  }
}

/** Remembered rooms, newest first (at most {@link maxRecentRooms}, one per role and secret). */
export function listRooms(storage: StorageLike | undefined = defaultStorage()): RecentRoom[] {
  return tidy(read(storage));
}

/** Records that this device used a room now (or at `at`), keeping the name it was given; invalid rooms are ignored. */
export function rememberRoom(room: RecentRoomInput, storage: StorageLike | undefined = defaultStorage()): void {
  const entry = parseEntry(serialize({ ...room, at: room.at ?? Date.now() }));
  if (!entry) return;
  const stored = read(storage);
  const name = entry.name ?? stored.find((r) => r.role === entry.role && r.secret === entry.secret)?.name;
  if (name) entry.name = name;
  const rest = stored.filter((r) => r.role !== entry.role || r.secret !== entry.secret);
  write(storage, tidy([entry, ...rest]));
}

/** Gives a listed room the person's name for it (tidied by {@link tidyRoomName}); its place in the list stays. */
export function renameRoom(
  role: Role,
  secret: string,
  text: string,
  storage: StorageLike | undefined = defaultStorage(),
): { ok: true; name: string } | { ok: false; error: RenameError } {
  const tidied = tidyRoomName(text);
  if (!tidied.ok) return tidied;
  const rooms = read(storage);
  const room = rooms.find((r) => r.role === role && r.secret === secret);
  if (!room) return { ok: false, error: 'not-found' };
  room.name = tidied.name;
  return write(storage, tidy(rooms)) ? tidied : { ok: false, error: 'not-saved' };
}

/** Forgets one room. */
export function forgetRoom(role: Role, secret: string, storage: StorageLike | undefined = defaultStorage()): void {
  write(storage, tidy(read(storage).filter((r) => r.role !== role || r.secret !== secret)));
}

/** Forgets every room. */
export function forgetAll(storage: StorageLike | undefined = defaultStorage()): void {
  write(storage, []);
}
