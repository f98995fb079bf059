import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { monitorRanges } from '../../storage/monitor-settings';
import { LocaleController, t } from '../i18n/i18n';

/** The meter's bottom, in dBFS (quieter reads as empty). */
const floorDb = monitorRanges.soundThresholdDb.min;

/** A small bar (a `<meter>`, role meter) showing the sound level at the camera, with the alert's threshold marked. */
@customElement('porthole-level-meter')
export class PortholeLevelMeter extends LitElement {
  static override styles = css`
    :host { display: flex; align-items: center; gap: 8px; font-size: 0.9rem; }
    .bar { position: relative; flex: 1; min-width: 6rem; display: flex; }
    meter { flex: 1; width: 100%; height: 16px; }
    .threshold { position: absolute; top: -2px; bottom: -2px; width: 2px; background: var(--ph-text); pointer-events: none; }
  `;

  /** The level now, in dBFS. */
  @property({ type: Number }) levelDb = -100;
  /** The sound alert's threshold, in dBFS. */
  @property({ type: Number }) thresholdDb = -30;

  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const shown = Math.round(Math.max(floorDb, Math.min(0, this.levelDb)));
    const share = (x: number) => `${((x - floorDb) / -floorDb) * 100}%`;
    return html`<label for="meter">${t('monitor.level')}</label>
      <div class="bar">
        <meter id="meter" data-testid="level-meter" min=${floorDb} max="0" low=${floorDb} high=${this.thresholdDb}
          optimum=${floorDb} .value=${shown} aria-valuetext=${`${shown} dB`}></meter>
        <span class="threshold" aria-hidden="true" style=${`left: ${share(this.thresholdDb)}`}></span>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-level-meter': PortholeLevelMeter;
  }
}
