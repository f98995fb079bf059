/**
 * The reconnect schedule and the retry loop the network transports share (MQTT and relay), so
 * that each transport file holds only its wire protocol.
 */
import type { StatusBox } from './status-box';

/** Reconnect delays for attempts 1–5, in ms. */
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
  /** Drops in a row of connections that never proved good. */
  private unprovedDrops = 0;
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

  /**
   * After a drop: schedules retry 1 (no-op while a round runs or a retry is already pending). A
   * connection dropped before it `proved` good (a server refusing it right after opening) does
   * not start the schedule over: each such drop in a row waits one step longer.
   */
  dropped(error?: string, proved = true): void {
    if (this.cancelled || this.running || this.timer !== undefined) return;
    this.unprovedDrops = proved ? 0 : this.unprovedDrops + 1;
    this.attempt = Math.max(0, this.unprovedDrops - 1);
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
