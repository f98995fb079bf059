/**
 * Replay detection: per sender, the highest sequence number seen plus the set of recent ones
 * (a sliding window). Senders are tracked in least-recently-seen order and evicted beyond a bound.
 *
 * Wills are sealed at connect time and published much later, so their seq may have fallen
 * below the window by then: a will is exempt from the window floor, and the last few accepted
 * wills are remembered separately so that each is still accepted only once.
 */

/** Options for {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** How many recent sequence numbers are remembered per sender; older ones count as replays. */
  window: number;
  /** How many senders are tracked at once; the least recently seen is forgotten first. */
  maxSenders: number;
}

/** Accepted will seqs remembered per sender. */
const rememberedWills = 8;

interface SenderWindow {
  highest: number;
  seen: Set<number>;
  wills: number[];
}

/** Remembers which (sender, seq) pairs were accepted. */
export class ReplayGuard {
  private readonly senders = new Map<string, SenderWindow>();

  /** Creates a guard; throws RangeError on a window or bound below 1. */
  constructor(private readonly options: ReplayGuardOptions) {
    if (!(options.window >= 1) || !(options.maxSenders >= 1)) throw new RangeError('replay guard bounds must be ≥ 1');
  }

  /** True when (from, seq) was accepted before, or (except for a will) falls below the window. */
  isReplay(from: string, seq: number, will = false): boolean {
    const w = this.senders.get(from);
    if (!w) return false;
    if (w.seen.has(seq) || w.wills.includes(seq)) return true;
    return !will && seq <= w.highest - this.options.window;
  }

  /** True when `from` is tracked (something of it was accepted and not yet evicted). */
  has(from: string): boolean {
    return this.senders.has(from);
  }

  /**
   * Records an accepted (from, seq) and marks the sender most recently seen — except for a will,
   * which never refreshes a sender's place: old wills must not be able to push live senders out.
   */
  record(from: string, seq: number, will = false): void {
    let w = this.senders.get(from);
    if (w && !will) this.senders.delete(from);
    w ??= { highest: seq, seen: new Set(), wills: [] };
    this.senders.set(from, w);
    w.seen.add(seq);
    if (will) w.wills = [...w.wills, seq].slice(-rememberedWills);
    if (seq > w.highest) w.highest = seq;
    if (w.seen.size > this.options.window) {
      const floor = w.highest - this.options.window;
      for (const s of w.seen) if (s <= floor) w.seen.delete(s);
    }
    while (this.senders.size > this.options.maxSenders) {
      const oldest = this.senders.keys().next();
      if (oldest.done) break;
      this.senders.delete(oldest.value);
    }
  }

  /** Number of senders currently tracked. */
  get trackedSenders(): number {
    return this.senders.size;
  }
}
