/** Pure rules of the grid of several cameras: which rooms it shows, what each tile says, its sound meter. */
import type { RouteParams } from '../../protocol/link';
import type { RecentRoom } from '../../storage/recent-rooms';

/** Most tiles in the grid: each is a live decode, and a phone decodes a few at most. */
export const maxGridTiles = 4;
/** A tile that was live and shows no frame for this long says so (its alert), in ms. */
export const tileStallMs = 8_000;
/** The quietest level the meter shows, in dBFS (below it the meter is empty). */
export const meterFloorDb = -60;

/** The rooms the grid watches: this device's viewer rooms, newest first, at most `max`. */
export function gridRooms(rooms: readonly RecentRoom[], max: number = maxGridTiles): RecentRoom[] {
  return rooms
    .filter((room) => room.role === 'viewer')
    .sort((a, b) => b.at - a.at)
    .slice(0, max);
}

/** The link parameters that open a remembered viewer room (its secret, transport and ICE servers). */
export function gridRoomParams(room: RecentRoom): RouteParams {
  return {
    secret: room.secret,
    ...(room.via ? { via: room.via } : {}),
    ...(room.ice && room.ice.length > 0 ? { ice: room.ice } : {}),
  };
}

/** What a tile shows: connecting, waiting for its camera, video coming, live, live but stalled, or an error. */
export type TileStep = 'connecting' | 'waiting' | 'video' | 'live' | 'stalled' | 'error';

/** What {@link tileStep} reads. */
export interface TileInput {
  /** The room's state (`init | waiting | active | error`). */
  state: 'init' | 'waiting' | 'active' | 'error';
  /** Frames shown since the stream started. */
  frames: number;
  /** How long since the last frame, in ms (Infinity before any). */
  sinceFrameMs: number;
}

/** The tile's step: live while frames come; stalled after {@link tileStallMs} without one. */
export function tileStep({ state, frames, sinceFrameMs }: TileInput): TileStep {
  if (state === 'error') return 'error';
  if (state === 'init') return 'connecting';
  if (state === 'waiting') return 'waiting';
  if (frames === 0) return 'video';
  return sinceFrameMs > tileStallMs ? 'stalled' : 'live';
}

/** The meter's fill for a linear audio level (0 … 1, as `RTCRtpSynchronizationSource.audioLevel`): 0 at {@link meterFloorDb} and below, 100 at full scale. */
export function levelPercent(linear: number | undefined): number {
  if (linear === undefined || !(linear > 0)) return 0;
  const db = 20 * Math.log10(linear);
  if (!(db > meterFloorDb)) return 0;
  return Math.round(Math.min(1, (db - meterFloorDb) / -meterFloorDb) * 100);
}
