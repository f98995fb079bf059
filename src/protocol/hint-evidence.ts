/**
 * Evidence for the two signaling hints a screen may show: a link whose `k` is not the sender's
 * ("wrong key") and clocks too far apart ("clock"). It is kept apart from the drop counters
 * because nobody should raise it cheaply: an envelope counts only when its signature verifies
 * under the key it carries and it is no replay.
 *
 * - Wrong key: a sender-role message signed by a real key other than the room's sender key,
 *   directed or a broadcast within the clock window (not a will, not a broadcast out of the
 *   window: either may be an old one replayed). Reset by every trusted sender message: it only
 *   means something while no sender has been heard.
 * - Clock: broadcasts stamped more than the window in the *future* only. The broker (or anyone
 *   who can publish to a public topic) can replay genuine old broadcasts, but those carry past
 *   times; with a real skew, the device whose clock is behind sees the other's broadcasts from
 *   its future and gets the hint ("check both devices' clocks").
 */

import type { DropReason } from './wire';

/**
 * Clock evidence after which a receiver should suspect the clocks (see {@link clockSuspect}). One
 * is enough: no replay can make a signed broadcast from the future, only a clock that is (or was,
 * when it signed) more than the window ahead; a link holder could sign any number of them anyway.
 */
export const clockSuspectFutureBroadcasts = 1;

/** Most counted envelopes (key, session, seq) remembered, so that one replayed within the session counts once. */
export const hintEvidenceMaxEnvelopes = 64;

/** What {@link clockSuspect} reads: an opener's counters. */
export interface ClockStats {
  /** The opener's hint evidence. */
  readonly hints: { readonly clockEvidence: number };
  /** Broadcasts accepted (their time was within the window). */
  readonly broadcastsAccepted: number;
}

/**
 * True when the clocks are likely more than the broadcast window apart: signed broadcasts from
 * the future outnumber the broadcasts that fit. The UI then says "check both devices' clocks".
 */
export function clockSuspect(stats: ClockStats): boolean {
  const evidence = stats.hints.clockEvidence;
  return evidence >= clockSuspectFutureBroadcasts && evidence > stats.broadcastsAccepted;
}

/** A signed envelope that failed the role check ('untrusted') or the clock window ('stale'), before its signature is checked. */
export interface Suspect {
  /** Why it is dropped. */
  reason: 'untrusted' | 'stale';
  /** Its peer id (key id, session; see peer-memory.ts). */
  id: string;
  /** Its sequence number. */
  seq: number;
  /** True for a directed message or a broadcast within the clock window (not a will: the server publishes those any time later). */
  fresh: boolean;
  /** Its time minus its arrival stamp on our clock (ms). */
  skewMs: number;
  /** True when the opener's replay window holds (id, seq) already. */
  replay: boolean;
  /** Checks its signature under the key it carries. */
  verify: () => Promise<boolean>;
}

/** Hint evidence of one opener (one session). */
export class HintEvidence {
  private wrong = 0;
  private future = 0;
  private lastSkew: number | undefined;
  private readonly counted = new Set<string>();

  /** Signed sender-role messages by another real key since the last trusted sender message. */
  get wrongKey(): number {
    return this.wrong;
  }

  /** Signed broadcasts, no replays, stamped more than the window in the future. */
  get clockEvidence(): number {
    return this.future;
  }

  /** How far (ms, their clock minus ours) the latest stale broadcast was off, counted or not; undefined before any. */
  get lastStaleSkewMs(): number | undefined {
    return this.lastSkew;
  }

  /**
   * The drop reason of a suspect envelope ('forged' when its signature does not verify, 'replay'
   * for one counted before); counts it as evidence when it may. Verifies only envelopes that
   * could count: a wrong-key will or broadcast out of the window, or a broadcast from the past,
   * is dropped as before, unverified.
   */
  async weigh(s: Suspect): Promise<DropReason> {
    if (s.reason === 'stale') this.lastSkew = s.skewMs;
    const could = s.reason === 'untrusted' ? s.fresh : s.skewMs > 0;
    if (!could) return s.reason;
    const name = `${s.id}|${s.seq}`;
    // Only verified envelopes are remembered: a junk one cannot make a later genuine one a replay.
    if (s.replay || this.counted.has(name)) return 'replay';
    if (!(await s.verify())) return 'forged';
    this.counted.add(name);
    if (this.counted.size > hintEvidenceMaxEnvelopes) this.counted.delete(this.counted.values().next().value as string);
    if (s.reason === 'untrusted') this.wrong += 1;
    else this.future += 1;
    return s.reason;
  }

  /** A trusted sender message was accepted: the wrong-key evidence so far no longer counts. */
  trustedSender(): void {
    this.wrong = 0;
  }
}
