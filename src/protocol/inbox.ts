/**
 * The arrival queue between the transport and the opener. The glue pushes every message the
 * moment it arrives, stamped with our clock; the cheap pre-check (length, version) drops junk
 * before it costs any crypto, and the queue is bounded: when full, the newest arrival is
 * dropped (what is already queued keeps its place and order), and counted.
 */

import { maxEnvelopeChars, precheckEnvelope } from './wire';

/** Most envelopes waiting to be opened. */
export const maxQueuedEnvelopes = 128;
/** Most characters of envelopes waiting to be opened (about 8 MiB of UTF-16). */
export const maxQueuedChars = 4 * 1024 * 1024;

/** An envelope as it arrived. */
export interface Arrival {
  /** The envelope, as the transport delivered it. */
  data: string;
  /** When it arrived, ms on our clock: the opener judges broadcasts' times against this. */
  receivedAt: number;
}

/** Why the inbox refused an arrival. */
export type InboxDrop = 'malformed' | 'overflow';

/** A bounded FIFO of pre-checked arrivals. */
export class Inbox {
  private readonly items: Arrival[] = [];
  private head = 0;
  private chars = 0;
  private readonly counts: Record<InboxDrop, number> = { malformed: 0, overflow: 0 };

  /** Bounds default to {@link maxQueuedEnvelopes} and {@link maxQueuedChars}. */
  constructor(
    private readonly maxItems = maxQueuedEnvelopes,
    private readonly maxChars = Math.max(maxQueuedChars, maxEnvelopeChars),
  ) {}

  /** Queues `data` received at `receivedAt`; false (counted) when it fails the pre-check or the queue is full. */
  push(data: unknown, receivedAt: number): boolean {
    if (!precheckEnvelope(data)) return this.refuse('malformed');
    if (this.length >= this.maxItems || this.chars + data.length > this.maxChars) return this.refuse('overflow');
    this.items.push({ data, receivedAt });
    this.chars += data.length;
    return true;
  }

  /** The oldest arrival, removed from the queue; undefined when empty. */
  shift(): Arrival | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.head += 1;
    this.chars -= item.data.length;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  /** Arrivals waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Arrivals refused so far, by reason. */
  get dropped(): Readonly<Record<InboxDrop, number>> {
    return this.counts;
  }

  private refuse(reason: InboxDrop): false {
    this.counts[reason] += 1;
    return false;
  }
}
