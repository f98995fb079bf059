/**
 * What a grid tile asks of its camera: a small picture at a low bitrate while it is one tile
 * among many (the viewer decodes several streams at once), the full picture once focused.
 * Pure: the tile sends it.
 */
import { type ViewerRequest, defaultRequest } from '../../protocol/peer-messages';

/** The picture height an unfocused tile asks for, px (a tile is a few hundred px tall at most). */
export const tileMaxHeightPx = 180;
/** The video bitrate cap an unfocused tile asks for, kbit/s. */
export const tileCapKbps = 250;

/** The request of a tile: small and capped when unfocused, full (the default wish) when focused. */
export function tileRequest(focused: boolean): ViewerRequest {
  return focused ? defaultRequest : { ...defaultRequest, capKbps: tileCapKbps, maxHeight: tileMaxHeightPx };
}
