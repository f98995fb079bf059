/**
 * Types shared by the sender and viewer state machines: (state, event) → (state, effects).
 * The machines are pure: no I/O, no clock (time comes in events), input state never mutated.
 * The rtc glue carries out the effects and feeds back events, including a `tick` every second
 * that drives the negotiation timeouts.
 */

import type { SenderOffer, SenderRecord, SlotHolder, TakenOffer } from './admission';
import type { Handshake } from './handshake';
import type { Role } from './link';
import type { Body, IceCandidateInit, PeerInfo } from './messages';
import type { TakenOfferId } from './offer-memory';

/** A role's state, as the UI shows it (`data-state`). */
export type RoleState = 'init' | 'waiting' | 'active' | 'error';

/** Why a role is in 'error' (`data-reason`). */
export type ErrorReason = 'busy' | 'camera' | 'transport' | 'link' | 'replaced' | 'retired';

/**
 * What the glue must do, in order. `o` is the offer id of the peer connection an effect belongs
 * to: the glue keeps it with its connection and drops apply-* effects carrying another one.
 */
export type Effect =
  /** Seal and publish. */
  | { type: 'send'; body: Body }
  /**
   * New peer connection for `remote`, replacing any other. Sender: make offer `o` and report it
   * (`local-sdp`), then its candidates (`local-candidate`). Viewer: the connection for `remote`'s offer `o`.
   */
  | { type: 'open-peer'; remote: PeerInfo; o: number }
  /** Tear down the current connection (if any); idempotent. */
  | { type: 'close-peer' }
  /** Viewer: setRemoteDescription(offer `o`), createAnswer, report it (`local-sdp`), then its candidates. */
  | { type: 'apply-offer'; sdp: string; o: number }
  /** Sender: setRemoteDescription(answer to offer `o`). */
  | { type: 'apply-answer'; sdp: string; o: number }
  /** addIceCandidate(candidate) on the connection of offer `o`. */
  | { type: 'apply-ice'; candidate: IceCandidateInit; o: number }
  /** addIceCandidate() with no candidate on the connection of offer `o`: the remote has no more. */
  | { type: 'apply-eoc'; o: number };

/** What the machines read of an opened envelope's header. */
export interface MessageHeader {
  /** The sender's session id. */
  from: string;
  /** The sender's role. */
  role: Role;
  /** The signer's key id (for pairwise messages: the pair peer's). Compared with PeerInfo.device. */
  key: string;
  /** The envelope's per-session sequence number (absent: not compared). */
  seq?: number;
  /** True for a will: published by the server when the client's connection died. */
  will?: boolean;
}

/** What happens to a machine. */
export type Event =
  /** Camera ready (sender) / page ready (viewer), and subscribed to the room topic. */
  | { type: 'start'; now: number }
  /** An opened envelope. */
  | { type: 'message'; header: MessageHeader; body: Body; now: number }
  /** The data channel of the connection of offer `o` opened (`o` absent: the current one). */
  | { type: 'peer-connected'; now: number; o?: number }
  /** The connection of offer `o` closed, timed out, or failed for good (`o` absent: the current one). */
  | { type: 'peer-lost'; now: number; o?: number }
  /** Camera or transport failure. */
  | { type: 'fail'; reason: ErrorReason; message?: string; now: number }
  /** Pagehide / leaving: say bye. */
  | { type: 'stop'; now: number }
  /** Sender only: drop the current viewer (it gets bye 'retired' and shows error 'retired'). */
  | { type: 'retire'; now: number }
  /** The glue's clock, about every second: negotiation timeouts, hello retries and re-sends. */
  | { type: 'tick'; now: number }
  /**
   * The glue made its description for offer `o` (sender: the offer; viewer: the answer): the
   * machine sends it, and again with its candidates until the connection is up.
   */
  | { type: 'local-sdp'; o: number; sdp: string; now: number }
  /** A local candidate of the connection of offer `o` (`null`: end of candidates): sent, and kept to re-send. */
  | { type: 'local-candidate'; o: number; candidate: IceCandidateInit | null; now: number };

/** Fields both machines share. */
interface CommonState {
  /** The role's state. */
  state: RoleState;
  /** This client. */
  self: PeerInfo;
  /** True between 'start' and 'stop': the client has announced itself and answers messages. */
  joined: boolean;
  /** Set in 'error'. */
  reason?: ErrorReason;
  /** Optional detail for 'error'. */
  message?: string;
  /** The handshake of the current offer (what to re-send, what was applied), from open-peer on. */
  handshake?: Handshake;
}

/** A viewer the sender refused while the slot was held, to offer to when it frees. */
export interface WaitingViewer {
  /** The refused viewer. */
  peer: PeerInfo;
  /** When it was refused (sender's clock, ms). */
  at: number;
}

/** The sender machine's state. */
export interface SenderState extends CommonState {
  /** Discriminant. */
  role: 'sender';
  /** The admitted viewer, if any. */
  viewer?: SlotHolder;
  /** The offer in force for the admitted viewer (present exactly when `viewer` is). */
  offer?: SenderOffer;
  /** The last offer id used by this session (ids count up from 1). */
  offers: number;
  /** Refused viewers, oldest first (at most `maxWaitingViewers`). */
  waiting: WaitingViewer[];
}

/** The viewer machine's state. */
export interface ViewerState extends CommonState {
  /** Discriminant. */
  role: 'viewer';
  /** The sender whose offer this viewer took, if any. */
  sender?: SenderRecord;
  /** The offer taken from it (present exactly when `sender` is). */
  offer?: TakenOffer;
  /** When this viewer last said hello. */
  helloAt: number;
  /** Hellos said since the last connection or offer (the retry wait doubles with it). */
  hellos: number;
  /** The highest offer id taken from each recent sender session, kept when the sender is forgotten. */
  taken?: TakenOfferId[];
}

/** A step's result. */
export interface Step<S> {
  /** The next state (a new object when anything changed). */
  state: S;
  /** Effects to carry out, in order. */
  effects: Effect[];
}
