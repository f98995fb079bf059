/**
 * App links: `#/<page>?r=SECRET&k=KEYID&via=…&ice=…`. The secret lives only in the fragment, which
 * browsers never send to any HTTP server. Parsing never throws; problems come back as `error`.
 */

import { formatIce, parseIce } from './ice';
import type { IceServerSpec } from './ice';
import { parseQuery, parseUrl } from './platform';
import { isValidId, isValidRoomSecret } from './room';

export { formatIce, parseIce, maxIceServers } from './ice';
export type { IceServerSpec } from './ice';

/** Which side of a room a client plays. */
export type Role = 'sender' | 'viewer';

/** Which signaling transport a link names, and where it is. */
export type Via = { kind: 'mqtt'; url: string } | { kind: 'relay'; url: string };

/**
 * Pages of the app. `grid` watches several cameras at once: the viewer rooms kept on this device,
 * so its link carries no parameter (no secret ever leaves the device in it).
 */
export type Page = 'home' | 'send' | 'view' | 'grid';

/** Parameters a link may carry; absent ones are omitted (never `undefined` after parsing). */
export interface RouteParams {
  /** Room secret (`r`). Absent on `#/send`: the app makes a new room. */
  secret?: string;
  /**
   * Key id of the room's sender identity (`k`, viewer links): the viewer accepts sender messages
   * signed by this key only. Absent (old or hand-made links): the viewer trusts the first sender
   * key it hears (trust on first use).
   */
  senderKey?: string;
  /** Signaling transport (`via`). Absent: the app's default transport. */
  via?: Via;
  /** Extra ICE servers (`ice`). */
  ice?: IceServerSpec[];
  /** `mode=monitor` on a viewer link: alarms and alerts armed (baby, pet or door camera). Other values are ignored. */
  mode?: ViewMode;
}

/** How a viewer shows its room: `monitor` arms the dead-camera alarm and the sound and motion alerts. */
export type ViewMode = 'monitor';

/** Why a link could not be used as given. */
export type LinkError = 'bad-secret' | 'bad-via' | 'bad-ice' | 'unknown-page';

/**
 * A parsed `location.hash`. On an error, `params` still holds the parameters that were valid.
 * A malformed `k` is reported as 'bad-secret': it is part of the room's credentials.
 */
export interface Route {
  /** The page to show (home for an unknown path). */
  page: Page;
  /** Valid parameters. */
  params: RouteParams;
  /** The first problem found, in the order page, r (and k), via, ice. */
  error?: LinkError;
}

/** Longest accepted `via` value, in characters. */
export const maxViaChars = 512;

/** Parses `mqtt:<ws|wss URL>` or `relay:<ws|wss URL>`; null when invalid. The URL is kept verbatim. */
export function parseVia(s: string): Via | null {
  if (typeof s !== 'string' || s.length > maxViaChars || /[\u0000-\u0020\u007f]/.test(s)) return null;
  const colon = s.indexOf(':');
  const kind = s.slice(0, colon);
  const url = s.slice(colon + 1);
  if (colon < 0 || (kind !== 'mqtt' && kind !== 'relay')) return null;
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')) return null;
  // No credentials in links: no user or password, and no query (where a relay token or a
  // broker's signature would ride to every link holder); no fragment either.
  if (parsed.username !== '' || parsed.password !== '' || parsed.hash !== '' || url.includes('#')) return null;
  if (url.includes('?')) return null;
  if (parsed.hostname === '') return null;
  return { kind, url };
}

/** Formats a transport for the `via` parameter. */
export function formatVia(v: Via): string {
  return `${v.kind}:${v.url}`;
}

/** Maps a hash path to a page, or null when unknown. */
function pageOf(path: string): Page | null {
  const name = path.replace(/^\//, '').replace(/\/$/, '');
  if (name === '') return 'home';
  return name === 'send' || name === 'view' || name === 'grid' ? name : null;
}

/** Parses `location.hash` (with or without the leading '#'). Never throws. */
export function parseRoute(hash: string): Route {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = h.indexOf('?');
  const page = pageOf(q < 0 ? h : h.slice(0, q));
  if (page === null) return { page: 'home', params: {}, error: 'unknown-page' };
  if (page === 'grid') return { page, params: {} }; // its rooms are the device's: parameters are ignored
  const query = parseQuery(q < 0 ? '' : h.slice(q + 1));
  const params: RouteParams = {};
  let error: LinkError | undefined;
  const r = query.get('r');
  if (r !== null) {
    if (isValidRoomSecret(r)) params.secret = r;
    else error ??= 'bad-secret';
  }
  const k = query.get('k');
  if (k !== null) {
    if (isValidId(k)) params.senderKey = k;
    else error ??= 'bad-secret';
  }
  const via = query.get('via');
  if (via !== null) {
    const parsed = parseVia(via);
    if (parsed) params.via = parsed;
    else error ??= 'bad-via';
  }
  const ice = query.get('ice');
  if (ice !== null) {
    const parsed = parseIce(ice);
    if (parsed) params.ice = parsed;
    else error ??= 'bad-ice';
  }
  // An unknown mode (a newer app's) opens the plain viewer rather than an error: the link still works.
  if (query.get('mode') === 'monitor') params.mode = 'monitor';
  return error ? { page, params, error } : { page, params };
}

/** Percent-encodes a query value, leaving the URL-ish `: / @ , ?` readable (shorter QR codes). */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%(3A|2F|40|2C|3F)/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** Builds `#/<page>?r=…&k=…&via=…&ice=…&mode=…`; absent parameters are left out (all of them on `#/grid`). */
export function buildHash(page: Page, params: RouteParams): string {
  if (page === 'grid') return '#/grid';
  const parts: string[] = [];
  if (params.secret !== undefined) parts.push(`r=${encodeValue(params.secret)}`);
  if (params.senderKey !== undefined) parts.push(`k=${encodeValue(params.senderKey)}`);
  if (params.via !== undefined) parts.push(`via=${encodeValue(formatVia(params.via))}`);
  if (params.ice !== undefined) parts.push(`ice=${encodeValue(formatIce(params.ice))}`);
  if (params.mode !== undefined) parts.push(`mode=${params.mode}`);
  const path = page === 'home' ? '#/' : `#/${page}`;
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
}

/** `appUrl` with its fragment (if any) replaced by {@link buildHash}'s. */
export function buildLink(appUrl: string, page: Page, params: RouteParams): string {
  const hashAt = appUrl.indexOf('#');
  return (hashAt < 0 ? appUrl : appUrl.slice(0, hashAt)) + buildHash(page, params);
}
