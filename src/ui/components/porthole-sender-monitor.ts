import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';

/**
 * The sender's monitor screen: black over the whole page, with a tiny dim status (live or
 * waiting, who is watching, the battery), to save power and light in a bedroom. The whole
 * screen is one button: a tap (or Enter/Space) wakes the full screen.
 * The viewer's talking label and the mute control stay reachable over it.
 * @fires porthole-monitor-wake - the screen was tapped: show the full sender screen again (no detail).
 * @fires porthole-mute-viewer - `CustomEvent<MuteViewerDetail>`: mute or unmute the viewer's voice.
 */
@customElement('porthole-sender-monitor')
export class PortholeSenderMonitor extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: 0; z-index: 100; display: block; }
    button { all: unset; box-sizing: border-box; position: absolute; inset: 0; width: 100%; height: 100%; background: #000;
      color: #8a8a8a; display: flex; align-items: flex-end; justify-content: center; padding: 0 16px max(24px, env(safe-area-inset-bottom));
      cursor: pointer; font: 0.8rem/1.4 system-ui, sans-serif; }
    button:focus-visible { outline: 2px solid #444; outline-offset: -6px; }
    .line { display: flex; gap: 10px; align-items: center; opacity: 0.9; }
    .dot { width: 0.5em; height: 0.5em; border-radius: 50%; background: #7a1f22; }
    .talk { position: absolute; top: max(16px, env(safe-area-inset-top)); left: 16px; right: 16px; display: flex; gap: 10px;
      align-items: center; justify-content: center; color: #8a8a8a; font: 0.8rem/1.4 system-ui, sans-serif; }
    .talk p { margin: 0; }
    .mute { min-height: 44px; min-width: 44px; padding: 0 12px; background: #111; color: #8a8a8a; border: 1px solid #333;
      border-radius: 8px; font: inherit; cursor: pointer; }
    .mute[aria-pressed='true'] { color: #ccc; border-color: #666; }
    .mute:focus-visible { outline: 2px solid #666; }
  `;

  /** A viewer is connected. */
  @property({ type: Boolean }) live = false;
  /** The viewer's name while one watches. */
  @property() viewerName = '';
  /** The battery in whole percent, when known. */
  @property({ attribute: false }) batteryPercent: number | undefined;
  /** The battery charges. */
  @property({ type: Boolean }) charging = false;
  /** The viewer's voice is being played now (it talks, within the cap, not muted). */
  @property({ type: Boolean }) talking = false;
  /** Mute-all of the viewer's voice is on. */
  @property({ type: Boolean }) muted = false;
  private readonly locale = new LocaleController(this);

  override firstUpdated(): void {
    this.renderRoot.querySelector('button')?.focus();
  }

  private _onMute(): void {
    fireEvent(this, 'porthole-mute-viewer', { muted: !this.muted });
  }

  private _onWake(): void {
    fireEvent(this, 'porthole-monitor-wake', null);
  }

  override render() {
    void this.locale;
    const battery =
      this.batteryPercent === undefined
        ? nothing
        : html`<span data-testid="monitor-battery">${t('cameraLink.battery', { percent: this.batteryPercent })}${this.charging ? ` · ${t('cameraLink.charging')}` : ''}</span>`;
    return html`
      <button type="button" data-testid="monitor-wake" aria-label=${t('cameraLink.monitorWake')} aria-describedby="status"
        @click=${this._onWake}>
        <span class="line" id="status" data-testid="monitor-status" data-live=${this.live ? 'true' : 'false'}>
          ${
            this.live
              ? html`<span class="dot" aria-hidden="true"></span><span>${t('cameraLink.monitorLive')}</span>
            <span>${t('cameraLink.monitorWatching', { name: this.viewerName })}</span>`
              : html`<span>${t('cameraLink.monitorWaiting')}</span>`
          }
          ${battery}
        </span>
      </button>
      ${
        this.live
          ? html`<div class="talk">
          ${this.talking ? html`<p data-testid="monitor-viewer-talking" role="status">${t('cameraLink.viewerTalking', { name: this.viewerName })}</p>` : nothing}
          <button type="button" class="mute" data-testid="monitor-mute-viewer" aria-pressed=${this.muted ? 'true' : 'false'}
            @click=${this._onMute}>${t('cameraLink.muteViewer')}</button>
        </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender-monitor': PortholeSenderMonitor;
  }
  interface HTMLElementEventMap {
    'porthole-monitor-wake': CustomEvent<null>;
  }
}
