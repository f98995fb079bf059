/** What the recent-rooms list shows of a remembered room: its link, short name and transport host. */
import { buildHash, type RouteParams } from '../../protocol/link';
import type { RecentRoom } from '../../storage/recent-rooms';
import { linkIce } from '../../storage/settings-store';

/** Characters of the secret shown as the room's short name. */
export const shortRoomIdChars = 6;

/** The room's short name: the first {@link shortRoomIdChars} characters of its secret. */
export function shortRoomId(secret: string): string {
  return secret.slice(0, shortRoomIdChars);
}

/**
 * The hash that reopens a remembered room on its role's page, with its transport and ICE servers.
 * A sender room's hash carries no TURN password (entries remembered before links stopped carrying
 * them may hold one): the sender adds its TURN servers from its settings when the room opens.
 */
export function recentRoomHash(room: RecentRoom): string {
  const ice = room.ice && room.role === 'sender' ? linkIce(room.ice) : room.ice;
  const params: RouteParams = {
    secret: room.secret,
    ...(room.via ? { via: room.via } : {}),
    ...(ice && ice.length > 0 ? { ice } : {}),
  };
  return buildHash(room.role === 'sender' ? 'send' : 'view', params);
}

/** The host (and port) of a room's transport, its whole URL if that does not parse, or '' for the default one. */
export function transportHost(room: Pick<RecentRoom, 'via'>): string {
  if (!room.via) return '';
  try {
    return new URL(room.via.url).host;
  } catch {
    return room.via.url;
  }
}
