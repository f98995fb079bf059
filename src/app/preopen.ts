/**
 * Opens a viewer's room as soon as the address holds its link, while the viewer screen's code
 * loads: with the parameters, identity and name the screen will use, so that the screen takes
 * this room (see {@link openRoomAhead}). Loaded lazily by {@link watchViewerLinks}.
 */
import type { RouteParams } from '../protocol/link';
import { deviceName } from '../storage/device-name';
import { loadSettings } from '../storage/settings-store';
import { defaultSignaling } from './default-signaling';
import { deviceIdentity } from './identities';
import { dropRoomAhead, openRoomAhead } from './open-room';
import { fetchRelayConfig, relayNeedingToken } from './relay-access';
import { roomParams } from './room-params';

/**
 * Opens the viewer room of `params` ahead (the same options as the viewer screen's
 * RoomController), unless its relay needs a token this device lacks (the app asks first).
 */
export async function preopenViewer(params: RouteParams, pageUrl: string): Promise<void> {
  const secret = params.secret;
  if (secret === undefined) return;
  if ((await relayNeedingToken({ role: 'viewer', params, pageUrl })) !== undefined) return;
  const { own } = roomParams('viewer', params, loadSettings());
  openRoomAhead({ role: 'viewer', secret, params: own, pageUrl, identity: deviceIdentity(), name: deviceName() });
}

/**
 * On a page whose default transport is MQTT (no relay served it), loads and evaluates mqtt.js
 * ahead (while the person is on another page), so that a viewer link opened later does not wait
 * for it; a link naming MQTT starts loading it when its room opens ahead anyway.
 */
export async function warmDefaultTransport(pageUrl: string): Promise<void> {
  if ((await defaultSignaling(pageUrl, fetchRelayConfig)).kind === 'public') await import('mqtt');
}

/** Closes a room opened ahead that the viewer screen did not take (the address left the room). */
export function dropPreopened(): void {
  dropRoomAhead();
}
