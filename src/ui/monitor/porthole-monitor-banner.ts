import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { timeOfDayText } from '../format/time-of-day';
import { getLocale, LocaleController, t } from '../i18n/i18n';
import type { MonitorAlert } from './alert-event';
import type { StallStatus } from './stall-tracker';

/** What the person asks of the monitor from the banner. */
export type MonitorAction = 'silence' | 'arm' | 'dismiss-sound' | 'dismiss-motion';

/** The alarm as the banner shows it (and `data-alarm` says): quiet, sounding, or silenced by the person. */
export type AlarmState = 'off' | 'sounding' | 'silenced';

/**
 * Monitor mode's alerts as a person sees them: "Camera not sending video since 21:32" with its
 * reason and a Silence button while the alarm sounds, "Sound at …" and "Motion at …" with Dismiss,
 * and "Tap to arm alarms" while the browser keeps sound off until a tap. `data-alarm` on the host
 * says the alarm's state (`off`, `sounding`, `silenced`).
 * @fires porthole-monitor-action - the person silenced the alarm, armed it, or dismissed an alert
 */
@customElement('porthole-monitor-banner')
export class PortholeMonitorBanner extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 8px; }
    :host([hidden]) { display: none; }
    .alert { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 8px 12px; border-radius: 10px;
      background: var(--ph-surface); color: var(--ph-text); border: 2px solid var(--ph-border); }
    .alert[data-alert='stalled'] { border-color: var(--ph-error); }
    .alert p { margin: 0; flex: 1 1 14rem; }
    .alert .what { font-weight: 600; }
    .reason { display: block; font-weight: normal; font-size: 0.9rem; }
    button { font: inherit; min-height: 44px; min-width: 44px; padding: 8px 14px; border-radius: 10px; cursor: pointer;
      border: 1px solid var(--ph-border); background: var(--ph-surface); color: var(--ph-text); }
    button.strong { background: var(--ph-accent-strong); color: var(--ph-on-accent, #ffffff); border-color: transparent; }
    button:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
  `;

  /** The raised alerts, most urgent first. */
  @property({ attribute: false }) raised: readonly MonitorAlert[] = [];
  /** The video's stall status (its reason and since when). */
  @property({ attribute: false }) stall: StallStatus = { stalled: false };
  /** When the last sound and motion alerts were raised (ms since the epoch). */
  @property({ attribute: false }) soundAt: number | undefined;
  @property({ attribute: false }) motionAt: number | undefined;
  /** The alarm's state, reflected to `data-alarm`. */
  @property({ attribute: 'data-alarm', reflect: true }) alarm: AlarmState = 'off';
  /** The alarm can be heard (no tap needed first). */
  @property({ type: Boolean }) armed = true;

  private readonly locale = new LocaleController(this);

  private act(action: MonitorAction): void {
    fireEvent(this, 'porthole-monitor-action', { action });
  }

  private time(at: number | undefined): string {
    return timeOfDayText(at ?? Date.now(), getLocale());
  }

  private renderStalled() {
    const reason = this.stall.reason;
    return html`<div class="alert" role="alert" data-alert="stalled" data-testid="alert-stalled">
      <p><span class="what">${t('monitor.stalledSince', { time: this.time(this.stall.sinceMs) })}</span>
        ${reason ? html`<span class="reason" data-reason=${reason}>${t(`monitor.reason.${reason}`)}</span>` : nothing}</p>
      ${
        this.alarm === 'sounding'
          ? html`<button type="button" class="strong" data-testid="silence" @click=${() => this.act('silence')}>${t('monitor.silence')}</button>`
          : html`<span>${t('monitor.silenced')}</span>`
      }
    </div>`;
  }

  private renderEvent(alert: 'sound' | 'motion') {
    const key = alert === 'sound' ? 'monitor.soundAt' : 'monitor.motionAt';
    const at = alert === 'sound' ? this.soundAt : this.motionAt;
    return html`<div class="alert" role="alert" data-alert=${alert} data-testid=${`alert-${alert}`}>
      <p class="what">${t(key, { time: this.time(at) })}</p>
      <button type="button" aria-label=${`${t('monitor.dismiss')}: ${t(`monitor.alert.${alert}`)}`}
        @click=${() => this.act(alert === 'sound' ? 'dismiss-sound' : 'dismiss-motion')}>${t('monitor.dismiss')}</button>
    </div>`;
  }

  override render() {
    void this.locale;
    return html`
      ${
        this.armed
          ? nothing
          : html`<div class="alert"><p>${t('monitor.arm.why')}</p>
            <button type="button" class="strong" data-testid="arm-alarms" @click=${() => this.act('arm')}>${t('monitor.arm')}</button></div>`
      }
      ${this.raised.map((alert) => (alert === 'stalled' ? this.renderStalled() : this.renderEvent(alert)))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-monitor-banner': PortholeMonitorBanner;
  }
  interface HTMLElementEventMap {
    'porthole-monitor-action': CustomEvent<{ action: MonitorAction }>;
  }
}
