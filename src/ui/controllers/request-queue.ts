/**
 * The sender's handling of a stream of viewer requests: one at a time, the latest wins (requests
 * arriving while one is applied are coalesced into the newest), and a request equal to the one in
 * effect is skipped. No DOM: the work is a callback.
 */
import type { ViewerRequest } from '../../protocol/peer-messages';

/** Two requests ask the same (audio only, bitrate cap, picture height, torch, talk). */
export function sameRequest(a: ViewerRequest, b: ViewerRequest): boolean {
  const same = a.audioOnly === b.audioOnly && a.capKbps === b.capKbps && a.maxHeight === b.maxHeight;
  return same && a.torch === b.torch && a.talk === b.talk;
}

/** Runs an async job for the latest value pushed, never two at once; values pushed meanwhile collapse into the newest. */
export class LatestQueue<T> {
  private pending: { value: T } | undefined;
  private running: Promise<void> | undefined;

  /** @param run - the job; its rejection is swallowed (the next value runs anyway). */
  constructor(private readonly run: (value: T) => Promise<void>) {}

  /** Queues `value` (replacing one not started yet); resolves once the queue is idle. */
  push(value: T): Promise<void> {
    this.pending = { value };
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const { value } = this.pending;
        this.pending = undefined;
        await this.run(value).catch(() => undefined);
      }
    } finally {
      this.running = undefined;
    }
  }
}
