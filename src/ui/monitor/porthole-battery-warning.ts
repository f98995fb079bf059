import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SenderStatus } from '../../protocol/peer-messages';
import { LocaleController, t } from '../i18n/i18n';
import { CameraWarningState } from './battery-warnings';

/**
 * The viewer's warnings about the camera phone, from its status: "Camera battery low — plug it
 * in" at 15% and below while not charging (gone again above 20% or charging), and "The camera
 * phone is limiting video" once its encoder has been throttled for 10 s. Spoken when they appear (a live region).
 */
@customElement('porthole-battery-warning')
export class PortholeBatteryWarning extends LitElement {
  static override styles = css`
    :host { display: block; }
    div:empty { display: none; }
    p { margin: 0 0 4px; padding: 6px 10px; border-radius: 8px; background: var(--ph-overlay, #000000b0);
      color: var(--ph-on-overlay, #ffffff); border-inline-start: 4px solid #f5a623; font-size: 0.9rem; }
  `;

  /** The camera phone's latest status; nothing is shown without one. */
  @property({ attribute: false }) status: SenderStatus | undefined;
  private readonly locale = new LocaleController(this);
  /** Hysteresis on the battery warning, the throttling one held back (see CameraWarningState). */
  private readonly warnings = new CameraWarningState();
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.recheckTimer);
  }

  override render() {
    void this.locale;
    const { lowBatteryPercent, throttled, recheckInMs } = this.warnings.update(this.status, Date.now());
    clearTimeout(this.recheckTimer);
    if (recheckInMs !== undefined) this.recheckTimer = setTimeout(() => this.requestUpdate(), recheckInMs);
    return html`<div role="status">${
      lowBatteryPercent === undefined
        ? nothing
        : html`<p data-testid="battery-warning">${t('cameraLink.batteryLow', { percent: lowBatteryPercent })}</p>`
    }${throttled ? html`<p data-testid="throttle-warning" data-limit=${throttled}>${t(`cameraLink.throttled.${throttled}`)}</p>` : nothing}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-battery-warning': PortholeBatteryWarning;
  }
}
