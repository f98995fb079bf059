/**
 * What an opener remembers per authenticated peer — a (key id, session) pair, so that nobody
 * can touch another key's memory by naming its session: the replay window (highest sequence
 * number plus the recent ones) and the latest signaling connection the peer announced, which
 * decides whether its will counts. Peers are kept least-recently-seen first and evicted beyond
 * a bound; peers the opener must not forget (its pair peer, the room's sender key) are evicted
 * only past twice the bound.
 */

/** Options for {@link PeerMemory}. */
export interface PeerMemoryOptions {
  /** How many recent sequence numbers are remembered per peer; older ones count as replays. */
  window: number;
  /** How many peers are tracked at once; the least recently seen is forgotten first. */
  maxPeers: number;
  /** Peers (by id) to keep when evicting, while the memory holds fewer than twice `maxPeers`. */
  keep?: (id: string) => boolean;
}

interface Entry {
  highest: number;
  seen: Set<number>;
  /** The latest connection id announced (by the highest seq naming one). */
  conn?: string;
  connSeq: number;
  /** When `conn` was first heard (receiver's clock). */
  connAt: number;
  /** True once the will of `conn` was taken. */
  willTaken: boolean;
}

/** The id of a peer in the memory. */
export function peerId(key: string, session: string): string {
  return `${key}|${session}`;
}

/** Replay windows and announced connections, per authenticated peer. */
export class PeerMemory {
  private readonly peers = new Map<string, Entry>();

  /** Creates a memory; throws RangeError on a window or bound below 1. */
  constructor(private readonly options: PeerMemoryOptions) {
    if (!(options.window >= 1) || !(options.maxPeers >= 1)) throw new RangeError('peer memory bounds must be ≥ 1');
  }

  /** True when `seq` of peer `id` was accepted before, or falls below its window. */
  isReplay(id: string, seq: number): boolean {
    const e = this.peers.get(id);
    if (!e) return false;
    return e.seen.has(seq) || seq <= e.highest - this.options.window;
  }

  /** True when peer `id` is tracked. */
  has(id: string): boolean {
    return this.peers.has(id);
  }

  /**
   * Records an accepted `seq` of peer `id` (heard at `at`), with the connection it names, if
   * any; marks the peer most recently seen.
   */
  record(id: string, seq: number, conn: string | undefined, at: number): void {
    let e = this.peers.get(id);
    if (e) this.peers.delete(id);
    e ??= { highest: seq, seen: new Set(), connSeq: 0, connAt: at, willTaken: false };
    this.peers.set(id, e);
    e.seen.add(seq);
    if (seq > e.highest) e.highest = seq;
    if (e.seen.size > this.options.window) {
      const floor = e.highest - this.options.window;
      for (const s of e.seen) if (s <= floor) e.seen.delete(s);
    }
    if (conn !== undefined && seq > e.connSeq) {
      if (conn !== e.conn) {
        e.conn = conn;
        e.connAt = at;
        e.willTaken = false;
      }
      e.connSeq = seq;
    }
    this.evict();
  }

  /**
   * True when a will of peer `id` naming connection `conn` counts at `at`: the peer is known,
   * `conn` is the latest connection it announced, no more than `maxAgeMs` ago, and that
   * connection's will was not taken yet.
   */
  acceptsWill(id: string, conn: string, at: number, maxAgeMs: number): boolean {
    const e = this.peers.get(id);
    return e !== undefined && e.conn === conn && !e.willTaken && at - e.connAt <= maxAgeMs;
  }

  /** Marks the will of peer `id`'s latest connection taken (it never counts again). */
  takeWill(id: string): void {
    const e = this.peers.get(id);
    if (e) e.willTaken = true;
  }

  /** Number of peers tracked. */
  get size(): number {
    return this.peers.size;
  }

  private evict(): void {
    const { maxPeers, keep } = this.options;
    if (this.peers.size <= maxPeers) return;
    for (const id of this.peers.keys()) {
      if (this.peers.size <= maxPeers) return;
      if (!keep?.(id)) this.peers.delete(id);
    }
    while (this.peers.size > 2 * maxPeers) {
      const oldest = this.peers.keys().next();
      if (oldest.done) break;
      this.peers.delete(oldest.value);
    }
  }
}
