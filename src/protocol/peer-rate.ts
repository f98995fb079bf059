/**
 * A token bucket for the messages a peer sends on the data channel: a steady rate with a burst
 * allowance; a message arriving with the bucket empty is dropped. Pure: the caller gives the clock.
 */

/** Peer messages accepted per second in the long run. */
export const peerMessagesPerS = 20;
/** Peer messages accepted in one burst (a full bucket). */
export const peerMessageBurst = 40;

/** A token bucket: {@link take} answers whether one more message may pass now. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | undefined;

  /**
   * @param ratePerS - tokens added per second.
   * @param burst - the bucket's size (and its content at first).
   */
  constructor(
    private readonly ratePerS = peerMessagesPerS,
    private readonly burst = peerMessageBurst,
  ) {
    this.tokens = burst;
  }

  /** Takes one token at `nowMs`; false (nothing taken) when the bucket is empty. */
  take(nowMs: number): boolean {
    if (this.lastMs !== undefined && nowMs > this.lastMs) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.ratePerS) / 1000);
    }
    this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
