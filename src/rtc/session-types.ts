/** The options, injected parts and events of a `RoomSession` (session.ts). */
import type { Identity } from '../protocol/identity';
import type { Role } from '../protocol/link';
import type { SenderState, ViewerState } from '../protocol/machine';
import type { SignalingChoice } from '../signaling/create-transport';
import type { Transport } from '../signaling/transport';
import type { PeerPoolLike } from './peer-pool';

/** Options of a `RoomSession`. */
export interface RoomSessionOptions {
  /** Which side of the room this page plays. */
  role: Role;
  /** The room secret from the link (never leaves the page unsealed). */
  secret: string;
  /** Where signaling goes (unused when {@link RoomSessionDeps.transport} is given). */
  signaling: SignalingChoice;
  /**
   * ICE servers for the peer connection (a promise lets signaling start before they are known);
   * unused when {@link RoomSessionDeps.pool} is given.
   */
  iceServers: RTCIceServer[] | Promise<RTCIceServer[]>;
  /**
   * Who this page signs as: the sender, the room's key; a viewer, this device's key (its key id
   * is the device id, so the same device reclaims its slot after a reload). A promise lets
   * signaling start while the key store answers. Absent (tests): a new in-memory identity, so
   * no reclaim across reloads.
   */
  identity?: Identity | Promise<Identity>;
  /** Viewer: the link's `k`, the room sender's key id. Absent: the first sender key heard is trusted. */
  senderKey?: string;
  /** Optional device name shown to the other side. */
  name?: string;
}

/**
 * The parts a `RoomSession` works with, each made by the session when not given. The app
 * passes none; unit tests pass a memory transport, a fake peer pool and their own clock.
 */
export interface RoomSessionDeps {
  /** The signaling transport (default: made from {@link RoomSessionOptions.signaling}; the session connects and closes it). */
  transport?: Transport;
  /** Where peer connections come from (default: a `PeerPool` on {@link RoomSessionOptions.iceServers}). */
  pool?: PeerPoolLike;
  /** The clock, ms since the epoch (default `Date.now`): join time, sealing and arrival stamps, machine events. */
  now?: () => number;
  /** Milliseconds between machine ticks (default 1000). */
  tickMs?: number;
}

/** What a `RoomSession` reports; subscribe with `RoomSession.on`. */
export interface RoomSessionEvents {
  /** Something shown may have changed: the role state, the remote peer, the transport status, `lastLoss`. */
  change(): void;
  /** The remote media stream arrived (viewer), or the connection carrying it closed (`null`). */
  stream(stream: MediaStream | null): void;
  /** An application message (chat, pause) arrived over the data channel, not yet parsed. */
  peerMessage(message: unknown): void;
}

/** One role's machine state, whichever role it is. */
export type MachineState = SenderState | ViewerState;
