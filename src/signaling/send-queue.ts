/**
 * What a transport keeps to send while it is disconnected: at most a fixed number of messages
 * (the oldest dropped first), and of those published with the same replace key only the latest
 * (a re-sent handshake step replaces its queued older copy, so a reconnect flushes one of each
 * instead of every re-send). The queue never looks into the messages: they are sealed.
 */

/** A queued item with its replace key. */
export interface QueuedEntry<T> {
  item: T;
  key: string | undefined;
}

/** A bounded offline send queue with replace keys. */
export class SendQueue<T> {
  private items: Array<QueuedEntry<T>> = [];

  constructor(private readonly maxItems: number) {}

  /** Queues `item` at the end; an older item queued with the same `key` is dropped. */
  push(item: T, key?: string): void {
    if (key !== undefined) this.items = this.items.filter((entry) => entry.key !== key);
    this.items.push({ item, key });
    if (this.items.length > this.maxItems) this.items.shift();
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  take(): T[] {
    const items = this.items.map((entry) => entry.item);
    this.items = [];
    return items;
  }

  /** Everything queued with its replace key, oldest first; the queue is empty afterwards. */
  takeEntries(): Array<QueuedEntry<T>> {
    const items = this.items;
    this.items = [];
    return items;
  }

  /**
   * Puts back `entries` (taken earlier, oldest first) before everything queued now: of those with
   * the same replace key only the latest is kept (one queued since wins), and over the size the
   * oldest are dropped first.
   */
  putBack(entries: ReadonlyArray<QueuedEntry<T>>): void {
    const all = [...entries, ...this.items];
    const last = new Map(all.map((entry, at) => [entry.key, at]));
    this.items = all.filter((entry, at) => entry.key === undefined || last.get(entry.key) === at);
    if (this.items.length > this.maxItems) this.items.splice(0, this.items.length - this.maxItems);
  }

  /** Everything queued, oldest first, left in the queue. */
  peek(): T[] {
    return this.items.map((entry) => entry.item);
  }

  /** Drops everything queued. */
  clear(): void {
    this.items = [];
  }

  /** How many items are queued. */
  get length(): number {
    return this.items.length;
  }
}

/** `entries` without the largest item by `size` (the first of equals), in their order. */
export function withoutLargest<T>(
  entries: ReadonlyArray<QueuedEntry<T>>,
  size: (item: T) => number,
): Array<QueuedEntry<T>> {
  const largest = entries.reduce((at, entry, i) => (size(entry.item) > size(entries[at]!.item) ? i : at), 0);
  return entries.filter((_, i) => i !== largest);
}
