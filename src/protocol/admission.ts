/**
 * Admission decisions, pure: who holds a role, who is refused, who replaces whom. Both
 * machines use these so that every client reaches the same verdict from the same inputs.
 *
 * Rules: at most one sender and one viewer per room. The sender is the authority for the
 * viewer slot. A live holder refuses newcomers (busy); a dead one is replaced; the same device
 * coming back (reload) reclaims its slot at once; simultaneous joins are decided by
 * {@link compareClaims} (earlier `since` wins, ties by session id).
 */

import type { PeerInfo } from './messages';

/** A holder that joined less than this ago is "unsettled": simultaneous joins are compared. */
export const presenceWindowMs = 1500;
/** An admitted viewer that has not connected peer-to-peer within this is considered dead. */
export const negotiationGraceMs = 15_000;
/** Data-channel heartbeat interval (used by rtc). */
export const livenessIntervalMs = 1000;
/** Data-channel silence after which the peer is lost (used by rtc). */
export const livenessTimeoutMs = 4000;

/** The sender's record of the admitted viewer. */
export interface SlotHolder {
  /** Who was admitted. */
  peer: PeerInfo;
  /** When (sender's clock, ms). */
  admittedAt: number;
  /** Whether the peer-to-peer connection (data channel) is up. */
  connected: boolean;
}

/** Negative if `a` wins (earlier since; ties by session id order), positive if `b` wins, 0 if equal. */
export function compareClaims(a: PeerInfo, b: PeerInfo): number {
  if (a.since !== b.since) return a.since < b.since ? -1 : 1;
  if (a.session === b.session) return 0;
  return a.session < b.session ? -1 : 1;
}

/** True when both peers run on the same device. */
export function sameDevice(a: PeerInfo, b: PeerInfo): boolean {
  return a.device === b.device;
}

/** True when `a` is a later claim of the same device than `b` (a reload or another tab). */
export function isNewerOfDevice(a: PeerInfo, b: PeerInfo): boolean {
  return sameDevice(a, b) && compareClaims(a, b) > 0;
}

/** True when a role holder can no longer be displaced by a simultaneous joiner. */
export function isSettled(self: PeerInfo, now: number, hasConnectedPeer: boolean): boolean {
  return hasConnectedPeer || now - self.since >= presenceWindowMs;
}

/** True while an admitted viewer defends its slot: connected, or still within the grace period. */
export function defendsSlot(holder: SlotHolder, now: number): boolean {
  return holder.connected || now - holder.admittedAt < negotiationGraceMs;
}

/**
 * What the sender does with a viewer claiming the slot (a hello, or a here answering ours):
 * - 'admit': the slot is free;
 * - 'reclaim': the holder itself again, or a later claim of the holder's device;
 * - 'ignore': an earlier claim of the holder's device (an old session);
 * - 'refuse': another device while the holder is live → busy to the newcomer;
 * - 'replace': another device, the holder is dead → busy to the holder, admit the newcomer.
 */
export type SlotDecision = 'admit' | 'reclaim' | 'ignore' | 'refuse' | 'replace';

/** Decides a viewer's claim on the sender's viewer slot. */
export function decideSlot(holder: SlotHolder | undefined, newcomer: PeerInfo, now: number): SlotDecision {
  if (!holder) return 'admit';
  if (newcomer.session === holder.peer.session) return 'reclaim';
  if (sameDevice(newcomer, holder.peer)) return isNewerOfDevice(newcomer, holder.peer) ? 'reclaim' : 'ignore';
  return defendsSlot(holder, now) ? 'refuse' : 'replace';
}

/**
 * What a role holder does about another client announcing the same role:
 * - 'replaced': a later claim of my own device (reload / another tab) → I stop, error 'replaced';
 * - 'ignore': an earlier claim of my own device (an old session);
 * - 'refuse': I hold the role (settled, or I win the comparison) → busy to the rival;
 * - 'yield': we joined together and the rival wins → I stop, error 'busy'.
 */
export type RivalDecision = 'replaced' | 'ignore' | 'refuse' | 'yield';

/** Decides a same-role rival's hello. `settled` comes from {@link isSettled}. */
export function decideRival(self: PeerInfo, settled: boolean, rival: PeerInfo): RivalDecision {
  if (sameDevice(rival, self)) return isNewerOfDevice(rival, self) ? 'replaced' : 'ignore';
  if (settled) return 'refuse';
  return compareClaims(rival, self) < 0 ? 'yield' : 'refuse';
}

/** The viewer's record of its sender. */
export interface SenderRecord {
  /** The sender whose offer was taken. */
  peer: PeerInfo;
  /** Whether the peer-to-peer connection (data channel) is up. */
  connected: boolean;
}

/**
 * True when the viewer takes `candidate` as its sender (answers its hello with here, takes its
 * offer): no sender yet, the same one, a later claim of its device, or the current one is not
 * connected (the sender side settles any rivalry and the loser says bye).
 */
export function acceptsSender(current: SenderRecord | undefined, candidate: PeerInfo): boolean {
  if (!current?.connected) return true;
  if (candidate.session === current.peer.session) return true;
  return isNewerOfDevice(candidate, current.peer);
}
