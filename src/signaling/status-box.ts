/** A transport's status holder (behind `status` / `onStatus`) and a safe way to call listeners. */
import type { TransportStatus } from './transport';

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

  /** Merges `patch` into the status (`error` and `problem` are dropped unless given) and notifies listeners. */
  update(patch: Partial<TransportStatus>): void {
    const { error: _previousError, problem: _previousProblem, ...current } = this.current;
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
