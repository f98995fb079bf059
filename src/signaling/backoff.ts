/**
 * Reconnect schedule and the small pieces the transports share so that each file holds only
 * its wire protocol: the retry loop, the status holder behind `status` / `onStatus`, and the
 * table of subscriptions (handlers and wills) that is replayed on every reconnect.
 */
import type { TransportStatus } from './transport';

/** Seed 004's reconnect delays for attempts 1–5, in ms. */
export const reconnectScheduleMs: readonly number[] = [1000, 2000, 3000, 4000, 5000];

/** Delay between attempts once the schedule is used up (kept up while the page is open), in ms. */
export const steadyReconnectDelayMs = 5000;

/** Delay before reconnect attempt `attempt` (1-based), in ms: 1 s, 2 s, 3 s, 4 s, 5 s, then 5 s forever. */
export function reconnectDelayMs(attempt: number): number {
  const index = Math.max(1, Math.floor(attempt)) - 1;
  return reconnectScheduleMs[index] ?? steadyReconnectDelayMs;
}

/** Callbacks and tuning of a {@link Reconnector}. */
export interface ReconnectorOptions {
  /**
   * Tries every endpoint once. `attempt` is 0 for a round started by `connect()` and n ≥ 1 for
   * the n-th scheduled retry. Must resolve only when a connection is up.
   */
  round: (attempt: number) => Promise<void>;
  /** Delay before scheduled retry n, in ms. Default: {@link reconnectDelayMs}. */
  delayMs?: ((attempt: number) => number) | undefined;
  /** Called whenever a retry is scheduled (after a drop or a failed round), e.g. to report status. */
  onScheduled?: (attempt: number, delayMs: number, error: string | undefined) => void;
}

/**
 * Runs connection rounds: immediately for `connect()`, on the backoff schedule after a drop or
 * a failure, and at once when the browser reports it is back `online`. Cancel it on close.
 */
export class Reconnector {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private cancelled = false;
  private attempt = 0;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly onOnline = (): void => this.now();

  constructor(private readonly options: ReconnectorOptions) {
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  /** Whether a retry is waiting for its timer. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Starts a round now (or joins the running one); settles with that round's outcome. */
  connect(): Promise<void> {
    if (this.cancelled) return Promise.reject(new Error('transport closed'));
    const outcome = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.running) {
      this.clearTimer();
      void this.run(this.attempt);
    }
    return outcome;
  }

  /** After a drop: schedules retry 1 (no-op while a round runs or a retry is already pending). */
  dropped(error?: string): void {
    if (this.cancelled || this.running || this.timer !== undefined) return;
    this.attempt = 0;
    this.schedule(error);
  }

  /** Runs the pending retry at once (the `online` event); no-op when nothing is pending. */
  now(): void {
    if (this.cancelled || this.running || this.timer === undefined) return;
    this.clearTimer();
    void this.run(this.attempt);
  }

  /** Stops for good: no more rounds; pending `connect()` promises reject. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clearTimer();
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.settle(new Error('transport closed'));
  }

  private async run(attempt: number): Promise<void> {
    this.running = true;
    let failure: Error | undefined;
    try {
      await this.options.round(attempt);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    this.running = false;
    if (this.cancelled) return;
    if (failure === undefined) this.attempt = 0;
    this.settle(failure);
    if (failure !== undefined) this.schedule(failure.message);
  }

  private schedule(error: string | undefined): void {
    this.attempt += 1;
    const attempt = this.attempt;
    const delayMs = (this.options.delayMs ?? reconnectDelayMs)(attempt);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.cancelled && !this.running) void this.run(attempt);
    }, delayMs);
    this.options.onScheduled?.(attempt, delayMs, error);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private settle(failure: Error | undefined): void {
    for (const waiter of this.waiters.splice(0)) {
      if (failure === undefined) waiter.resolve();
      else waiter.reject(failure);
    }
  }
}

/** An `onScheduled` callback that reports every scheduled retry as `reconnecting` in `box`. */
export function reportRetries(box: StatusBox): NonNullable<ReconnectorOptions['onScheduled']> {
  return (attempt, _delayMs, error) => box.update({ state: 'reconnecting', attempt, ...(error ? { error } : {}) });
}

/** Holds a transport's status and tells its listeners about every change. */
export class StatusBox {
  private current: TransportStatus;
  private readonly listeners = new Set<(status: TransportStatus) => void>();

  constructor(endpoint: string) {
    this.current = { state: 'idle', endpoint, attempt: 0 };
  }

  /** The latest status (a fresh object per change). */
  get status(): TransportStatus {
    return this.current;
  }

  /** Merges `patch` into the status (`error` is dropped unless given) and notifies listeners. */
  update(patch: Partial<TransportStatus>): void {
    const { error: _previousError, ...current } = this.current;
    const next: TransportStatus = { ...current, ...patch };
    this.current = next;
    callEach(this.listeners, next);
  }

  /** Adds a status listener; returns the unsubscribe. */
  listen(listener: (status: TransportStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

/** Calls every handler with `value`; one that throws is reported asynchronously, not fatal. */
export function callEach<T>(handlers: Iterable<(value: T) => void> | undefined, value: T): void {
  for (const handler of [...(handlers ?? [])]) {
    try {
      handler(value);
    } catch (thrown) {
      queueMicrotask(() => {
        throw thrown;
      });
    }
  }
}

/** One subscribed topic: its handlers and its will. */
type TopicEntry = { handlers: Set<(data: string) => void>; will?: string };

/** Subscriptions by topic, with their wills; the transports replay it after a reconnect. */
export class TopicTable {
  private readonly entries = new Map<string, TopicEntry>();
  /** The topic whose will was set last (MQTT carries one will per connection). */
  private willTopic: string | undefined;

  /**
   * Adds a handler to `topic`. `first` tells whether the topic is new; `remove()` drops the
   * handler and returns true when it was the topic's last (the topic is then forgotten).
   */
  add(topic: string, onMessage: (data: string) => void): { first: boolean; remove: () => boolean } {
    const existing = this.entries.get(topic);
    const entry: TopicEntry = existing ?? { handlers: new Set() };
    if (!existing) this.entries.set(topic, entry);
    const handler = (data: string): void => onMessage(data);
    entry.handlers.add(handler);
    const remove = (): boolean => {
      if (!entry.handlers.delete(handler) || entry.handlers.size > 0) return false;
      if (this.entries.get(topic) !== entry) return false;
      this.setWill(topic, undefined);
      this.entries.delete(topic);
      return true;
    };
    return { first: !existing, remove };
  }

  /** Sets or clears `topic`'s will; false when not subscribed to `topic`. */
  setWill(topic: string, will: string | undefined): boolean {
    const entry = this.entries.get(topic);
    if (!entry) return false;
    if (will !== undefined) {
      entry.will = will;
      this.willTopic = topic;
    } else {
      delete entry.will;
      if (this.willTopic === topic)
        this.willTopic = this.list()
          .filter((t) => t.will !== undefined)
          .pop()?.topic;
    }
    return true;
  }

  /** The will set most recently, with its topic (MQTT's connection will). */
  lastWill(): { topic: string; will: string } | undefined {
    const will = this.willTopic === undefined ? undefined : this.entries.get(this.willTopic)?.will;
    return this.willTopic === undefined || will === undefined ? undefined : { topic: this.willTopic, will };
  }

  /** Every subscribed topic with its will, in subscription order. */
  list(): Array<{ topic: string; will: string | undefined }> {
    return [...this.entries].map(([topic, entry]) => ({ topic, will: entry.will }));
  }

  /** Every subscribed topic, in subscription order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether anyone is subscribed to `topic`. */
  has(topic: string): boolean {
    return this.entries.has(topic);
  }

  /** Hands `data` to `topic`'s handlers (a throwing handler does not stop the others). */
  deliver(topic: string, data: string): void {
    callEach(this.entries.get(topic)?.handlers, data);
  }

  /** Forgets every subscription. */
  clear(): void {
    this.entries.clear();
    this.willTopic = undefined;
  }
}
