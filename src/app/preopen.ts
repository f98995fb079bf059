/**
 * Opens a viewer's room as soon as the address holds its link, while the viewer screen's code
 * loads: with the parameters, identity and name the screen will use, so that the screen takes
 * this room (see {@link openRoomAhead}). Loaded lazily by {@link watchViewerLinks}.
 */
import { dtlsCertificate } from '../rtc/dtls-certificate';
import type { RouteParams } from '../protocol/link';
import { deviceName } from '../storage/device-name';
import { loadSettings } from '../storage/settings-store';
import { deviceIdentity } from './identities';
import { dropRoomAhead, openRoomAhead } from './open-room';

export { roomAheadConnected } from './open-room';
import { fetchRelayConfig, relayNeedingToken } from './relay-access';
import { relayOrigin } from '../storage/relay-token';
import { roomParams } from './room-params';

/** Bumped by every look at the address (a new link, or none): a token check that outlived its link opens nothing. */
let generation = 0;
/** Whether a hidden page (`pagehide`) drops the room opened ahead yet. */
let watchingPageHide = false;

/**
 * Opens the viewer room of `params` ahead (the same options as the viewer screen's
 * RoomController), unless its relay needs a token this device lacks (the app asks first), or the
 * address changed while that was checked. A hidden page (`pagehide`) drops it.
 */
export async function preopenViewer(params: RouteParams, pageUrl: string): Promise<void> {
  const mine = ++generation;
  const secret = params.secret;
  if (secret === undefined) return;
  if ((await relayNeedingToken({ role: 'viewer', params, pageUrl })) !== undefined) return;
  if (mine !== generation) return;
  dropOnPageHide();
  const { own } = roomParams('viewer', params, loadSettings());
  openRoomAhead({ role: 'viewer', secret, params: own, pageUrl, identity: deviceIdentity(), name: deviceName() });
}

/**
 * Reads (on a first visit: makes) this device's key ahead, so that a viewer link's keys wait for
 * no IndexedDB, and makes the page's DTLS certificate, so that no join waits for its key generation.
 */
export function warmDevice(): void {
  void deviceIdentity().catch(() => undefined);
  void dtlsCertificate();
}

/**
 * Asks the relay that served the page (`pageUrl`'s origin) for its config ahead: whether it needs
 * a token, which a link opened later then need not wait for (see {@link relayNeedingToken}). Only
 * for an app at the origin's root, where a relay serves it: an app under a sub-path is on a
 * static host, whose root is not ours to ask (a room still asks, as it always has).
 */
export function warmRelay(pageUrl: string): void {
  const origin = relayOrigin(pageUrl);
  if (origin !== undefined && new URL(pageUrl).pathname === '/') void fetchRelayConfig(origin).catch(() => undefined);
}

/** Closes a room opened ahead that the viewer screen did not take (the address left the room). */
export function dropPreopened(): void {
  generation += 1;
  dropRoomAhead();
}

/** Drops the room opened ahead when the page is hidden or unloaded (never left to the relay's will on close). */
function dropOnPageHide(): void {
  if (watchingPageHide) return;
  watchingPageHide = true;
  globalThis.addEventListener?.('pagehide', dropPreopened);
}
