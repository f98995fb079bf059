import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sampleStats, type StatsSample } from '../../rtc/stats';
import { statsText } from '../format/stats-text';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';

/** How often the overlay reads the connection's stats, in ms. */
export const statsIntervalMs = 1000;

/**
 * Polls the stats of the connection `connection()` names (read again on each host update) every
 * {@link statsIntervalMs} while the host is connected and the page visible.
 */
class StatsPoller implements ReactiveController {
  /** The latest sample, if any. */
  sample: StatsSample | undefined;
  private pc: RTCPeerConnection | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attached = false;
  private generation = 0;
  private readonly onVisibility = (): void => this.restart();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly connection: () => RTCPeerConnection | undefined,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    // Another connection (or none): forget the previous sample.
    const pc = this.connection();
    if (pc === this.pc) return;
    this.pc = pc;
    this.sample = undefined;
    this.restart();
  }

  hostConnected(): void {
    this.attached = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    this.restart();
  }

  hostDisconnected(): void {
    this.attached = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.restart();
  }

  /** Stops any pending poll and starts again when polling makes sense. */
  private restart(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.generation += 1;
    if (this.attached && this.pc && document.visibilityState === 'visible') void this.poll(this.generation);
  }

  private async poll(generation: number): Promise<void> {
    const pc = this.pc;
    if (!pc || pc.connectionState === 'closed') return;
    try {
      const sample = await sampleStats(pc, this.sample);
      if (generation !== this.generation) return;
      this.sample = sample;
      this.host.requestUpdate();
    } catch {
      // A connection closing under us: keep the last sample.
    }
    if (generation === this.generation) this.timer = setTimeout(() => void this.poll(generation), statsIntervalMs);
  }
}

/**
 * A compact, semi-transparent overlay of the live connection's numbers: resolution, frame rate,
 * bitrate, round-trip time and the network path. It is absolutely positioned (top left by
 * default): the host places it over its video with `top`/`left`/`right`/`bottom`.
 */
@customElement('porthole-stats')
export class PortholeStats extends LitElement {
  static override styles = css`
    :host { position: absolute; top: 8px; left: 8px; z-index: 1; pointer-events: none; }
    :host([hidden]) { display: none; }
    ul { display: flex; flex-wrap: wrap; gap: 2px 10px; max-width: var(--porthole-stats-width, 15rem); margin: 0; padding: 4px 8px;
      list-style: none; border-radius: 8px; background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff);
      font: 0.75rem/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; font-variant-numeric: tabular-nums; }
    li { white-space: nowrap; }
  `;

  /** The connection to measure; nothing is shown without one. */
  @property({ attribute: false }) connection: RTCPeerConnection | undefined;

  private readonly poller = new StatsPoller(this, () => this.connection);

  constructor() {
    super();
    new LocaleController(this);
  }

  /** The latest sample (for the host or tests). */
  get sample(): StatsSample | undefined {
    return this.poller.sample;
  }

  /** One value; self-describing ("26 fps"), with its name as a tooltip and, while unknown, as the accessible name. */
  private item(id: string, label: MessageKey, value: string | undefined) {
    const name = t(label);
    return html`<li data-testid=${id} title=${name}
      aria-label=${value === undefined ? `${name}: ${t('stats.unknown')}` : nothing}>${value ?? `${name} —`}</li>`;
  }

  override render() {
    if (!this.connection) return nothing;
    const s = this.sample;
    const { resolution, fps, bitrate, audio, rtt, path } = statsText(s);
    return html`
      <ul data-testid="stats" data-path=${s?.path ?? nothing} aria-label=${t('stats.label')}>
        ${this.item('stats-resolution', 'stats.resolution', resolution)}
        ${this.item('stats-fps', 'stats.fps', fps)}
        ${this.item('stats-bitrate', 'stats.bitrate', bitrate)}
        ${this.item('stats-audio', 'stats.audio', audio)}
        ${this.item('stats-rtt', 'stats.rtt', rtt)}
        ${this.item('stats-path', 'stats.path', path)}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-stats': PortholeStats;
  }
}
