import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cameraPresets, type CameraPreset } from '../../rtc/camera';
import type { CameraSnapshot } from '../controllers/camera-controller';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import { senderIcons } from './sender-icons';

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

/** How many cameras the device has (0 when it cannot tell). */
async function countCameras(): Promise<number> {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.filter((device) => device.kind === 'videoinput').length;
  } catch {
    return 0;
  }
}

/**
 * The sender's camera controls: microphone, pause (camera and microphone), flip (only on a device
 * with more than one camera), torch and zoom where the camera supports them, and the quality
 * preset. Toggles are icon buttons named for what pressing does ("Mute microphone"), with
 * `aria-pressed` true while the muting/pause/torch is in effect, drawn filled (pressed) or
 * outlined in both themes. Shows the `snapshot` it is given and asks for changes with
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
      :host { display: block; padding: 0; margin: 0; max-width: none; }
      .row { gap: 8px; }
      .toggle { display: inline-flex; flex-direction: column; align-items: center; justify-content: center; gap: 2px;
        min-width: 72px; min-height: 60px; padding: 6px 8px; font-size: 0.8rem; line-height: 1.1;
        background: transparent; border: 2px solid var(--ph-accent); color: var(--ph-text); }
      .toggle[aria-pressed='true'] { background: var(--ph-accent); border-color: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
      label { display: inline-flex; gap: 6px; align-items: center; }
      input[type='range'] { min-height: 44px; }
      .quiet { color: var(--ph-muted); font-size: 0.85rem; }
    `,
  ];

  /** What to show: the owner passes its camera's current snapshot on every render. */
  @property({ attribute: false }) snapshot: CameraSnapshot | undefined;
  /** How many cameras the device has: Flip shows only with more than one. */
  @state() private cameraCount = 0;
  private readonly locale = new LocaleController(this);
  private readonly onDeviceChange = (): void => void this.recount();

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Counted again once a camera opens: before permission is given, a browser may list fewer.
    const wasLive = (changed.get('snapshot') as CameraSnapshot | undefined)?.live === true;
    if (changed.has('snapshot') && this.snapshot?.live && !wasLive) void this.recount();
  }

  private async recount(): Promise<void> {
    this.cameraCount = await countCameras();
  }

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
    const pressed = (on: boolean) => (on ? 'true' : 'false');
    return html`
      <div class="row">
        ${
          camera.hasAudio
            ? html`<button type="button" class="toggle" data-testid="mic" aria-pressed=${pressed(!camera.micOn)}
                aria-label=${camera.micOn ? t('sender.mute') : t('sender.unmute')} title=${camera.micOn ? t('sender.mute') : t('sender.unmute')}
                @click=${this._onMic}>${camera.micOn ? senderIcons.mic : senderIcons.micOff}
                <span>${camera.micOn ? t('sender.muteShort') : t('sender.unmuteShort')}</span></button>`
            : html`<span class="quiet">${t('sender.noMic')}</span>`
        }
        <button type="button" class="toggle" data-testid="pause" aria-pressed=${pressed(camera.paused)}
          aria-label=${camera.paused ? t('sender.resume') : t('sender.pause')} title=${camera.paused ? t('sender.resume') : t('sender.pause')}
          @click=${this._onPause}>${camera.paused ? senderIcons.play : senderIcons.pause}
          <span>${camera.paused ? t('sender.resumeShort') : t('sender.pauseShort')}</span></button>
        ${
          this.cameraCount > 1
            ? html`<button type="button" class="toggle" data-testid="flip" aria-label=${t('sender.flip')} title=${t('sender.flip')}
                @click=${this._onFlip}>${senderIcons.flip}<span>${t('sender.flipShort')}</span></button>`
            : nothing
        }
        ${
          camera.torchSupported
            ? html`<button type="button" class="toggle" data-testid="torch" aria-pressed=${pressed(camera.torchOn)}
                aria-label=${camera.torchOn ? t('sender.torchOff') : t('sender.torchOn')} title=${camera.torchOn ? t('sender.torchOff') : t('sender.torchOn')}
                @click=${this._onTorch}>${senderIcons.torch}<span>${t('sender.torchShort')}</span></button>`
            : nothing
        }
        ${
          zoom
            ? html`<label>${t('sender.zoom')}
              <input data-testid="zoom" type="range" min=${zoom.min} max=${zoom.max} step=${zoom.step} .value=${String(zoom.value)} @input=${this._onZoom} />
            </label>`
            : nothing
        }
        <label>${t('sender.quality')}
          <select data-testid="preset" @change=${this._onPreset}>
            ${cameraPresets.map((p) => html`<option value=${p.id} ?selected=${p.id === camera.presetId}>${t(`sender.preset.${p.id}`)}</option>`)}
          </select>
        </label>
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
