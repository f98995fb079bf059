import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  defaultMonitorSettings,
  type MonitorSettings,
  monitorRanges,
  motionRegions,
  validMonitorSettings,
} from '../../storage/monitor-settings';
import { fireEvent } from '../fire-event';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';

/** The on/off settings, in the order shown, with their labels. */
const switches: Array<[keyof MonitorSettings, MessageKey]> = [
  ['alarm', 'monitor.set.alarm'],
  ['sound', 'monitor.set.sound'],
  ['motion', 'monitor.set.motion'],
  ['notify', 'monitor.set.notify'],
  ['saveClip', 'monitor.set.saveClip'],
  ['night', 'monitor.set.night'],
];

/** The number settings: label, and the factor between the field (seconds, dB, 1–10) and the setting (ms …). */
const numbers: Array<[keyof typeof monitorRanges, MessageKey, number]> = [
  ['stallGraceMs', 'monitor.set.grace', 1_000],
  ['soundThresholdDb', 'monitor.set.threshold', 1],
  ['soundHoldMs', 'monitor.set.hold', 1_000],
  ['motionSensitivity', 'monitor.set.sensitivity', 1],
  ['cooldownMs', 'monitor.set.cooldown', 1_000],
];

/**
 * Monitor mode's settings, folded under "Monitor settings": the alarm, sound and motion alerts
 * (threshold, hold, sensitivity, region, cooldown), notifications (permission asked only when the
 * person turns them on), a clip on alert and night view.
 * @fires porthole-monitor-settings - with the new (validated) settings on every change
 */
@customElement('porthole-monitor-settings')
export class PortholeMonitorSettings extends LitElement {
  static override styles = css`
    details { font-size: 0.95rem; }
    summary { min-height: 44px; display: flex; align-items: center; cursor: pointer; width: fit-content; padding: 0 4px; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 4px 16px; padding: 4px; }
    label { display: flex; align-items: center; gap: 8px; min-height: 44px; }
    input[type='checkbox'] { width: 22px; height: 22px; margin: 0; flex: none; }
    input[type='number'], select { font: inherit; min-height: 44px; box-sizing: border-box; width: 6.5rem; padding: 6px 8px;
      border-radius: 8px; border: 1px solid var(--ph-border); background: var(--ph-surface); color: var(--ph-text); }
    select { width: auto; }
    input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
    .note { margin: 0; color: var(--ph-error); }
  `;

  /** The settings shown. */
  @property({ attribute: false }) settings: MonitorSettings = { ...defaultMonitorSettings };
  /** The browser refused notifications. */
  @state() private notifyDenied = false;

  private readonly locale = new LocaleController(this);

  private change(patch: Partial<MonitorSettings>): void {
    fireEvent(this, 'porthole-monitor-settings', { settings: validMonitorSettings({ ...this.settings, ...patch }) });
  }

  private async onSwitch(key: keyof MonitorSettings, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const on = input.checked;
    if (key === 'notify' && on) {
      // Permission is asked here only, when the person turns notifications on (a tap).
      const granted = typeof Notification !== 'undefined' && (await Notification.requestPermission()) === 'granted';
      this.notifyDenied = !granted;
      if (!granted) {
        input.checked = false;
        return;
      }
    }
    this.change({ [key]: on });
  }

  private onNumber(key: keyof typeof monitorRanges, factor: number, event: Event): void {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    if (Number.isFinite(value)) this.change({ [key]: value * factor });
  }

  override render() {
    void this.locale;
    const s = this.settings;
    return html`<details data-testid="monitor-settings"><summary>${t('monitor.settings')}</summary>
      <div class="fields">
        ${switches.map(
          ([key, label]) => html`<label><input type="checkbox" name=${key} .checked=${s[key] === true}
            @change=${(e: Event) => this.onSwitch(key, e)} />${t(label)}</label>`,
        )}
        ${numbers.map(([key, label, factor]) => {
          const range = monitorRanges[key];
          return html`<label>${t(label)}<input type="number" name=${key} min=${range.min / factor} max=${range.max / factor}
            step=${range.step / factor} .value=${String(s[key] / factor)} @change=${(e: Event) => this.onNumber(key, factor, e)} /></label>`;
        })}
        <label>${t('monitor.set.region')}<select name="motionRegion" @change=${(e: Event) =>
          this.change({ motionRegion: (e.target as HTMLSelectElement).value as MonitorSettings['motionRegion'] })}>
          ${motionRegions.map((region) => html`<option value=${region} ?selected=${s.motionRegion === region}>${t(`monitor.region.${region}`)}</option>`)}
        </select></label>
      </div>
      ${this.notifyDenied ? html`<p class="note" role="alert">${t('monitor.set.notifyDenied')}</p>` : nothing}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-monitor-settings': PortholeMonitorSettings;
  }
  interface HTMLElementEventMap {
    'porthole-monitor-settings': CustomEvent<{ settings: MonitorSettings }>;
  }
}
