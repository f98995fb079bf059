import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cameraPresets, type CameraPreset } from '../../rtc/camera';
import type { CameraSnapshot } from '../controllers/camera-controller';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';

/** The detail of a `porthole-camera-preset` event. */
export interface CameraPresetDetail {
  /** The resolution/frame-rate preset chosen. */
  presetId: CameraPreset['id'];
}

/** The detail of `porthole-camera-mic` and `porthole-camera-torch` events. */
export interface CameraSwitchDetail {
  /** The microphone (or torch) should now be on. */
  on: boolean;
}

/** The detail of a `porthole-camera-pause` event. */
export interface CameraPauseDetail {
  /** The video should now be paused ("away"), or resume. */
  paused: boolean;
}

/** The detail of a `porthole-camera-zoom` event. */
export interface CameraZoomDetail {
  /** The zoom level chosen, within the snapshot's `zoom` range. */
  zoom: number;
}

/**
 * The sender's camera controls: flip, quality preset, microphone, pause ("away"), and torch and
 * zoom where the camera supports them. Shows the `snapshot` it is given and asks for changes with
 * events; the screen that owns the camera carries them out (and passes the new snapshot down).
 * @fires porthole-camera-flip - switch between the front and the rear camera (no detail).
 * @fires porthole-camera-preset - `CustomEvent<CameraPresetDetail>`: use another quality preset.
 * @fires porthole-camera-mic - `CustomEvent<CameraSwitchDetail>`: turn the microphone on or off.
 * @fires porthole-camera-pause - `CustomEvent<CameraPauseDetail>`: pause ("away") or resume the video.
 * @fires porthole-camera-torch - `CustomEvent<CameraSwitchDetail>`: turn the torch on or off.
 * @fires porthole-camera-zoom - `CustomEvent<CameraZoomDetail>`: zoom to a level.
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

  /** What to show: the owner passes its camera's current snapshot on every render. */
  @property({ attribute: false }) snapshot: CameraSnapshot | undefined;
  private readonly locale = new LocaleController(this);

  private _onFlip(): void {
    fireEvent(this, 'porthole-camera-flip', null);
  }

  private _onPreset(event: Event): void {
    const presetId = (event.target as HTMLSelectElement).value as CameraPreset['id'];
    fireEvent(this, 'porthole-camera-preset', { presetId });
  }

  private _onMic(): void {
    if (this.snapshot) fireEvent(this, 'porthole-camera-mic', { on: !this.snapshot.micOn });
  }

  private _onPause(): void {
    if (this.snapshot) fireEvent(this, 'porthole-camera-pause', { paused: !this.snapshot.paused });
  }

  private _onTorch(): void {
    if (this.snapshot) fireEvent(this, 'porthole-camera-torch', { on: !this.snapshot.torchOn });
  }

  private _onZoom(event: Event): void {
    fireEvent(this, 'porthole-camera-zoom', { zoom: Number((event.target as HTMLInputElement).value) });
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
  interface HTMLElementEventMap {
    'porthole-camera-flip': CustomEvent<null>;
    'porthole-camera-preset': CustomEvent<CameraPresetDetail>;
    'porthole-camera-mic': CustomEvent<CameraSwitchDetail>;
    'porthole-camera-pause': CustomEvent<CameraPauseDetail>;
    'porthole-camera-torch': CustomEvent<CameraSwitchDetail>;
    'porthole-camera-zoom': CustomEvent<CameraZoomDetail>;
  }
}
