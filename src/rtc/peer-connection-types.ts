/** The events, options and shape of a peer connection (`PeerConnection`, peer-connection.ts). */
import type { IceCandidateInit } from '../protocol/messages';

/**
 * Why a connection was lost: its ICE failed (no path between the two: the UI hints at a TURN
 * relay), its heartbeat stopped, its data channel closed, or the browser refused to apply a
 * session description it had made itself (`negotiation-failed`: the viewer says hello again).
 */
export type LossReason = 'ice-failed' | 'heartbeat-lost' | 'channel-closed' | 'negotiation-failed';

/** What a `PeerConnection` reports to its owner. */
export interface PeerConnectionEvents {
  /** A local ICE candidate to send to the remote peer; `null` = end of candidates. */
  onCandidate(candidate: IceCandidateInit | null): void;
  /** The data channel is open: peer-to-peer is up. */
  onConnected(): void;
  /** The peer is gone (see {@link LossReason}). Fires once. */
  onLost(why: LossReason): void;
  /** A remote media stream arrived (viewer). */
  onStream?(stream: MediaStream): void;
  /** An application message arrived over the data channel (chat and later features). */
  onMessage?(message: unknown): void;
}

/** Options of a `PeerConnection`. */
export interface PeerConnectionOptions {
  /** ICE servers for this connection (local ones only in tests). */
  iceServers: RTCIceServer[];
  /** Media to send (sender); the viewer passes none and receives. */
  stream?: MediaStream;
  /** A DTLS certificate made ahead (saves generating one per connection). */
  certificate?: RTCCertificate;
}

/**
 * What a room session uses of a peer connection: `PeerConnection` implements it; unit
 * tests give fakes that record what they are asked to do.
 */
export interface PeerConnectionLike {
  /** The underlying RTCPeerConnection, for stats (fakes have none). */
  readonly connection: RTCPeerConnection | undefined;
  /** True while peer-to-peer is up and the peer answered recently. */
  readonly alive: boolean;
  /** Viewer: applies the sender's offer and returns the answer's SDP. */
  acceptOffer(sdp: string): Promise<string>;
  /** Sender: applies the viewer's answer. */
  acceptAnswer(sdp: string): Promise<void>;
  /** Adds a remote candidate (`null` = end of candidates). */
  addCandidate(candidate: IceCandidateInit | null): Promise<void>;
  /** Sender: swaps the sent tracks for those of `stream`. */
  replaceTracks(stream: MediaStream): Promise<void>;
  /** Sends an application message over the data channel; false when it is not open. */
  send(message: unknown): boolean;
  /** Closes the connection without reporting loss. */
  close(): void;
}
