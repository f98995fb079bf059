import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { levelPercent } from './grid-rooms';

/** How often the level is read, in ms. */
const sampleIntervalMs = 250;

/**
 * The sound level of a tile's room as a meter fill 0 … 100, read from the peer connection's
 * audio receiver (`getSynchronizationSources().audioLevel`, which the browser measures anyway:
 * no audio graph, no extra decoding for each tile); re-renders the host when it changes.
 */
export class GridLevelController implements ReactiveController {
  /** The meter's fill now, 0 … 100 (0 without sound). */
  percent = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly connection: () => RTCPeerConnection | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => this.sample(), sampleIntervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(): void {
    let linear: number | undefined;
    try {
      const receiver = this.connection()
        ?.getReceivers()
        .find((r) => r.track.kind === 'audio');
      linear = receiver?.getSynchronizationSources()[0]?.audioLevel;
    } catch {
      linear = undefined; // a closed connection: silence
    }
    const percent = levelPercent(linear);
    if (percent === this.percent) return;
    this.percent = percent;
    this.host.requestUpdate();
  }
}
