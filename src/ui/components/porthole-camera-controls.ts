import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cameraPresets } from '../../rtc/camera';
import type { CameraController, CameraSnapshot } from '../controllers/camera-controller';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';

/**
 * The sender's camera controls: flip, quality preset, microphone, pause ("away"), and torch and
 * zoom where the camera supports them. Acts on the {@link CameraController} it is given and shows
 * its `snapshot`.
 * @fires camera-pause - `{ paused }` after pause/resume, so the sender can tell the viewer.
 */
@customElement('porthole-camera-controls')
export class PortholeCameraControls extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; padding: 0; }
      button[aria-pressed='true'] { background: var(--ph-accent-strong); color: #fff; }
      label { display: inline-flex; gap: 6px; align-items: center; }
    `,
  ];

  /** The camera to act on. */
  @property({ attribute: false }) camera: CameraController | undefined;
  /** What to show: the owner passes `camera.snapshot` on every render. */
  @property({ attribute: false }) snapshot: CameraSnapshot | undefined;
  private readonly locale = new LocaleController(this);

  private _onFlip(): void {
    void this.camera?.flip();
  }

  private _onPreset(event: Event): void {
    const id = (event.target as HTMLSelectElement).value as (typeof cameraPresets)[number]['id'];
    void this.camera?.setPreset(id);
  }

  private _onMic(): void {
    if (this.camera) this.camera.setMic(!this.camera.micOn);
  }

  private _onPause(): void {
    if (!this.camera) return;
    this.camera.setPaused(!this.camera.paused);
    this.dispatchEvent(
      new CustomEvent('camera-pause', { detail: { paused: this.camera.paused }, bubbles: true, composed: true }),
    );
  }

  private _onTorch(): void {
    if (this.camera) void this.camera.setTorch(!this.camera.torchOn);
  }

  private _onZoom(event: Event): void {
    void this.camera?.setZoom(Number((event.target as HTMLInputElement).value));
  }

  override render() {
    const camera = this.snapshot;
    if (!camera?.live) return nothing;
    void this.locale;
    const zoom = camera.zoom;
    return html`
      <div class="row">
        <button data-testid="flip" @click=${this._onFlip}>${t('sender.flip')}</button>
        <label>${t('sender.quality')}
          <select data-testid="preset" @change=${this._onPreset}>
            ${cameraPresets.map((p) => html`<option value=${p.id} ?selected=${p.id === camera.presetId}>${t(`sender.preset.${p.id}`)}</option>`)}
          </select>
        </label>
        ${
          camera.hasAudio
            ? html`<button data-testid="mic" aria-pressed=${camera.micOn ? 'true' : 'false'} @click=${this._onMic}>
              ${camera.micOn ? t('sender.micOn') : t('sender.micOff')}</button>`
            : html`<span class="signal">${t('sender.noMic')}</span>`
        }
        <button data-testid="pause" aria-pressed=${camera.paused ? 'true' : 'false'} @click=${this._onPause}>
          ${camera.paused ? t('sender.resume') : t('sender.pause')}</button>
        ${
          camera.torchSupported
            ? html`<button data-testid="torch" aria-pressed=${camera.torchOn ? 'true' : 'false'} @click=${this._onTorch}>
              ${camera.torchOn ? t('sender.torchOn') : t('sender.torchOff')}</button>`
            : nothing
        }
        ${
          zoom
            ? html`<label>${t('sender.zoom')}
              <input data-testid="zoom" type="range" min=${zoom.min} max=${zoom.max} step=${zoom.step} .value=${String(zoom.value)} @input=${this._onZoom} />
            </label>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-camera-controls': PortholeCameraControls;
  }
}
