/**
 * What a viewer remembers of the offers it took, pure: the highest offer id taken from each of
 * the last few sender sessions, kept when it forgets its sender (a lost peer, a refusal). The
 * broker may publish a held-back copy of an old offer at any time (each re-send has its own
 * sequence number, so replay windows pass it); an offer at or below the remembered id is such a
 * copy, never a new admission, and is not taken again.
 */

import type { PeerInfo } from './messages';

/** Sender sessions whose highest taken offer id a viewer remembers (the oldest forgotten first). */
export const maxRememberedSenders = 4;

/** The highest offer id a viewer took from one sender session. */
export interface TakenOfferId {
  /** The sender's session id. */
  session: string;
  /** The sender's key id. */
  device: string;
  /** The highest offer id taken from it. */
  o: number;
}

/** True when `m` is about `sender`'s session. */
function isOf(m: TakenOfferId, sender: PeerInfo): boolean {
  return m.session === sender.session && m.device === sender.device;
}

/** True when offer `o` of `sender` is no newer than one already taken from that session. */
export function isOldOffer(taken: readonly TakenOfferId[] | undefined, sender: PeerInfo, o: number): boolean {
  const mark = taken?.find((m) => isOf(m, sender));
  return mark !== undefined && o <= mark.o;
}

/** The memory with offer `o` of `sender` taken (that session moves to the newest), bounded. */
export function rememberOffer(taken: readonly TakenOfferId[] | undefined, sender: PeerInfo, o: number): TakenOfferId[] {
  const mark = taken?.find((m) => isOf(m, sender));
  const others = (taken ?? []).filter((m) => m !== mark);
  const { session, device } = sender;
  return [...others, { session, device, o: Math.max(o, mark?.o ?? 0) }].slice(-maxRememberedSenders);
}
