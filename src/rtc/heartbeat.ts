import { livenessIntervalMs, livenessTimeoutMs } from '../protocol/admission';

/** Data-channel liveness: pings every `livenessIntervalMs`, reports loss after `livenessTimeoutMs` of silence. */
export class Heartbeat {
  private lastHeardMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param ping sends one ping over the data channel.
   * @param onTimeout called once when nothing was heard for `livenessTimeoutMs`.
   */
  constructor(
    private readonly ping: () => void,
    private readonly onTimeout: () => void,
  ) {}

  /** Starts pinging; call when the data channel opens. */
  start(): void {
    this.stop();
    this.lastHeardMs = performance.now();
    this.timer = setInterval(() => {
      if (performance.now() - this.lastHeardMs > livenessTimeoutMs) {
        this.stop();
        this.onTimeout();
        return;
      }
      this.ping();
    }, livenessIntervalMs);
  }

  /** Records that the peer was heard from (any data-channel message). */
  heard(): void {
    this.lastHeardMs = performance.now();
  }

  /** True when the peer was heard from within the timeout. */
  get fresh(): boolean {
    return this.timer !== undefined && performance.now() - this.lastHeardMs <= livenessTimeoutMs;
  }

  /** Stops pinging. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
