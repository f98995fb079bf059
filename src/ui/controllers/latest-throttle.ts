/**
 * Takes values at most once per interval: the first at once, those arriving too soon replaced by
 * the newest, which is taken when the interval has passed. For the sender's status on the viewer.
 */

/** Calls `take` at most once per `intervalMs`, always ending on the latest value pushed. */
export class LatestThrottle<T> {
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: { value: T } | undefined;

  /**
   * @param intervalMs - the shortest time between two values taken.
   * @param take - receives a value; `late` when it was held back (the caller re-renders then).
   */
  constructor(
    private readonly intervalMs: number,
    private readonly take: (value: T, late: boolean) => void,
  ) {}

  /** Takes `value` now, or keeps it (replacing one kept) until the interval has passed. */
  push(value: T, late = false): void {
    const waitMs = this.lastAtMs + this.intervalMs - Date.now();
    if (waitMs <= 0) {
      this.lastAtMs = Date.now();
      this.take(value, late);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) this.push(pending.value, true);
    }, waitMs);
  }

  /** Forgets a value kept back (the connection ended, the host left). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
