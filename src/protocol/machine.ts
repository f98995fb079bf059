/**
 * Types shared by the sender and viewer state machines: (state, event) → (state, effects).
 * The machines are pure: no I/O, no clock (time comes in events), input state never mutated.
 * The rtc glue carries out the effects and feeds back events.
 */

import type { SenderRecord, SlotHolder } from './admission';
import type { EnvelopeHeader } from './envelope';
import type { Body, IceCandidateInit, PeerInfo } from './messages';

/** A role's state, as the UI shows it (`data-state`). */
export type RoleState = 'init' | 'waiting' | 'active' | 'error';

/** Why a role is in 'error' (`data-reason`). */
export type ErrorReason = 'busy' | 'camera' | 'transport' | 'link' | 'replaced' | 'retired';

/** What the glue must do, in order. */
export type Effect =
  /** Seal and publish. */
  | { type: 'send'; body: Body }
  /** Sender: new RTCPeerConnection for this viewer, make an offer and send it. Viewer: new PC for this sender's offer. */
  | { type: 'open-peer'; remote: PeerInfo }
  /** Tear down the current PC (if any); idempotent. */
  | { type: 'close-peer' }
  /** Viewer: setRemoteDescription(offer), createAnswer, send the answer. */
  | { type: 'apply-offer'; sdp: string }
  /** Sender: setRemoteDescription(answer). */
  | { type: 'apply-answer'; sdp: string }
  /** addIceCandidate(candidate). */
  | { type: 'apply-ice'; candidate: IceCandidateInit }
  /** addIceCandidate() with no candidate: the remote side has no more. */
  | { type: 'apply-eoc' };

/** What happens to a machine. */
export type Event =
  /** Camera ready (sender) / page ready (viewer), and subscribed to the room topic. */
  | { type: 'start'; now: number }
  /** An opened envelope. */
  | { type: 'message'; header: EnvelopeHeader; body: Body; now: number }
  /** The data channel with the current peer opened. */
  | { type: 'peer-connected'; now: number }
  /** The data channel closed, liveness timed out, or ICE failed for good. */
  | { type: 'peer-lost'; now: number }
  /** Camera or transport failure. */
  | { type: 'fail'; reason: ErrorReason; message?: string; now: number }
  /** Pagehide / leaving: say bye. */
  | { type: 'stop'; now: number }
  /** Sender only: drop the current viewer (it gets bye 'retired' and shows error 'retired'). */
  | { type: 'retire'; now: number };

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
}

/** The sender machine's state. */
export interface SenderState extends CommonState {
  /** Discriminant. */
  role: 'sender';
  /** The admitted viewer, if any. */
  viewer?: SlotHolder;
}

/** The viewer machine's state. */
export interface ViewerState extends CommonState {
  /** Discriminant. */
  role: 'viewer';
  /** The sender whose offer this viewer took, if any. */
  sender?: SenderRecord;
}

/** A step's result. */
export interface Step<S> {
  /** The next state (a new object when anything changed). */
  state: S;
  /** Effects to carry out, in order. */
  effects: Effect[];
}
