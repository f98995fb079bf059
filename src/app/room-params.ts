/**
 * The parameters a room uses itself and the ones its links carry. A sender's saved transport and
 * servers fill what its route leaves out; its links (and the `#/send` address, and its recent-room
 * entry) carry STUN servers only, never a TURN password: the sender keeps using its TURN servers
 * itself, and one relayed side is enough to cross most NATs. No DOM here: it runs in Node under test.
 */
import type { IceServerSpec, Role, RouteParams } from '../protocol/link';
import { linkIce, linkParamsFromSettings, type Settings } from '../storage/settings-store';

/** What {@link roomParams} returns. */
export interface RoomParams {
  /** What the room uses itself (transport, every ICE server it has). */
  own: RouteParams;
  /** What links made from the room carry: no TURN credentials. */
  link: RouteParams;
}

/** Whether two servers are the same entry. */
function sameServer(a: IceServerSpec, b: IceServerSpec): boolean {
  return a.urls === b.urls && a.username === b.username && a.credential === b.credential;
}

/** `route` with `ice` set to `ice`, or without it when the list is empty. */
function withIce(route: RouteParams, ice: readonly IceServerSpec[]): RouteParams {
  const { ice: _ignored, ...rest } = route;
  return ice.length > 0 ? { ...rest, ice: ice.map((server) => ({ ...server })) } : rest;
}

/**
 * A room's own and link parameters. A viewer follows its link as it is (it makes no links). A
 * sender's route wins over its settings (a `#/send` link names the transport and servers), then
 * the settings' TURN servers are added to what it uses itself.
 */
export function roomParams(role: Role, route: RouteParams, settings: Settings): RoomParams {
  if (role === 'viewer') return { own: { ...route }, link: { ...route } };
  const saved = linkParamsFromSettings(settings);
  const base: RouteParams = { ...route, ...(route.via || !saved.via ? {} : { via: saved.via }) };
  const ownIce = [...(route.ice ?? settings.ice)];
  for (const server of settings.ice) {
    if (server.credential !== undefined && !ownIce.some((s) => sameServer(s, server))) ownIce.push(server);
  }
  return { own: withIce(base, ownIce), link: withIce(base, linkIce(route.ice ?? settings.ice)) };
}
