/**
 * Admission decisions and timing, pure: who holds a role, who is refused, who replaces whom,
 * and how long a negotiation may take. Both machines use these so that every client reaches
 * the same verdict from the same inputs.
 *
 * Rules: at most one sender and one viewer per room. The sender is the only authority for the
 * viewer slot (viewers never refuse each other). A live holder refuses newcomers (busy); a dead
 * one is replaced; the same device (the same key) coming back reclaims its slot at once.
 * `since` is only ever compared between sessions of one device (one clock).
 */

import type { PeerInfo } from './messages';

/** A holder that joined less than this ago is "unsettled": simultaneous joins are compared. */
export const presenceWindowMs = 1500;
/** How long the sender waits for its first offer to connect before offering again. */
export const negotiationTimeoutMs = 15_000;
/** The longest wait for one offer (the wait doubles per attempt up to this). */
export const maxNegotiationTimeoutMs = 30_000;
/** Offers the sender makes to one admitted viewer before it frees the slot. */
export const maxOfferAttempts = 3;
/**
 * How long a viewer waits for the offer it took to connect before it forgets that sender and
 * says hello again (longer than the sender's own re-offer wait, so the sender acts first).
 */
export const viewerNegotiationTimeoutMs = negotiationTimeoutMs + maxNegotiationTimeoutMs;
/**
 * The waits between the hellos of a viewer without a sender: short at first (a lost hello or
 * offer costs seconds, not minutes), then up to {@link maxHelloRetryMs}.
 */
export const helloScheduleMs: readonly number[] = [
  1000, 1000, 1000, 2000, 2000, 3000, 3000, 4000, 5000, 8000, 15_000, 30_000, 60_000,
];
/** The first wait before a viewer without a sender says hello again. */
export const helloRetryMs = 1000;
/** The longest wait between two hellos of a viewer without a sender. */
export const maxHelloRetryMs = 60_000;
/** Refused viewers the sender remembers, to offer to when the slot frees (oldest forgotten first). */
export const maxWaitingViewers = 4;
/** A refused viewer is forgotten by the sender after this. */
export const waitingViewerMaxAgeMs = 10 * 60_000;
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
  /** The highest sequence number seen from its session (older claims of it are held back, stale). */
  seq?: number;
  /** When its device was last admitted again (a reclaim; sender's clock, ms): the next waits readmitMinIntervalMs. */
  readmittedAt?: number;
}

/** The sender's offer in force for its admitted viewer. */
export interface SenderOffer {
  /** The offer's id (the glue drops effects of any other). */
  o: number;
  /** Offers made since the viewer was admitted or last connected. */
  attempts: number;
  /** While not connected: when this offer (or the reclaim grace after a loss) runs out. */
  deadline: number;
}

/** The wait for offer number `attempt` (1-based): 15 s, 30 s, then 30 s. */
export function offerTimeoutMs(attempt: number): number {
  return Math.min(negotiationTimeoutMs * 2 ** Math.max(0, attempt - 1), maxNegotiationTimeoutMs);
}

/** The wait before hello number `count` + 1 of a viewer without a sender: 1 s, 1 s, 1 s, 2 s, 2 s, 3 s, 3 s, 4 s, 5 s, 8 s, 15 s, 30 s, then 60 s. */
export function helloBackoffMs(count: number): number {
  return helloScheduleMs[Math.min(Math.max(0, count - 1), helloScheduleMs.length - 1)]!;
}

/** Negative if `a` wins (earlier since; ties by session id order), positive if `b` wins, 0 if equal. */
export function compareClaims(a: PeerInfo, b: PeerInfo): number {
  if (a.since !== b.since) return a.since < b.since ? -1 : 1;
  if (a.session === b.session) return 0;
  return a.session < b.session ? -1 : 1;
}

/** True when both peers run on the same device (the same key). */
export function sameDevice(a: PeerInfo, b: PeerInfo): boolean {
  return a.device === b.device;
}

/** True when both are the same session of the same device. */
export function samePeer(a: PeerInfo, b: PeerInfo): boolean {
  return a.session === b.session && a.device === b.device;
}

/** True when `a` is a later claim of the same device than `b` (a reload or another tab). */
export function isNewerOfDevice(a: PeerInfo, b: PeerInfo): boolean {
  return sameDevice(a, b) && compareClaims(a, b) > 0;
}

/** True when a role holder can no longer be displaced by a simultaneous joiner. */
export function isSettled(self: PeerInfo, now: number, hasConnectedPeer: boolean): boolean {
  return hasConnectedPeer || now - self.since >= presenceWindowMs;
}

/** True while an admitted viewer defends its slot: connected, or its negotiation has time left. */
export function defendsSlot(holder: SlotHolder, deadline: number, now: number): boolean {
  return holder.connected || now < deadline;
}

/**
 * What the sender does with a viewer claiming the slot (a hello, or a here answering ours):
 * - 'admit': the slot is free;
 * - 'reclaim': the holder itself again (same session and key), or a later claim of its device;
 * - 'ignore': an earlier claim of the holder's device (an old session);
 * - 'refuse': another device while the holder is live → busy to the newcomer;
 * - 'replace': another device, the holder is dead → busy to the holder, admit the newcomer.
 * A claim of the holder's session id under another key is another device: never a reclaim.
 */
export type SlotDecision = 'admit' | 'reclaim' | 'ignore' | 'refuse' | 'replace';

/** Decides a viewer's claim on the sender's viewer slot; `deadline` is the holder's offer's. */
export function decideSlot(
  holder: SlotHolder | undefined,
  newcomer: PeerInfo,
  now: number,
  deadline: number,
): SlotDecision {
  if (!holder) return 'admit';
  if (samePeer(newcomer, holder.peer)) return 'reclaim';
  if (sameDevice(newcomer, holder.peer)) return isNewerOfDevice(newcomer, holder.peer) ? 'reclaim' : 'ignore';
  return defendsSlot(holder, deadline, now) ? 'refuse' : 'replace';
}

/**
 * What a role holder does about another client announcing the same role:
 * - 'replaced': a later claim of my own device (reload / another tab) → I stop, error 'replaced';
 * - 'ignore': an earlier claim of my own device (an old session);
 * - 'refuse': I hold the role (settled, or I win the comparison) → busy to the rival;
 * - 'yield': we joined together and the rival wins → I stop, error 'busy'.
 * Only senders use all four (two senders share the room's key, so they are tabs of one device);
 * viewers act on 'replaced' and leave refusals to the sender.
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

/** The offer a viewer took from its sender. */
export interface TakenOffer {
  /** The offer's id (the glue drops effects of any other). */
  o: number;
  /** While not connected: when the viewer gives up on this sender and says hello again. */
  deadline: number;
}

/**
 * True when the viewer takes `candidate` as its sender (answers its hello with here, takes its
 * offer): no sender yet, the same one, a later claim of its device, or the current one is not
 * connected.
 */
export function acceptsSender(current: SenderRecord | undefined, candidate: PeerInfo): boolean {
  if (!current?.connected) return true;
  if (samePeer(candidate, current.peer)) return true;
  return isNewerOfDevice(candidate, current.peer);
}
