import { LitElement, css, html, nothing, svg, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { downloadBlob } from '../download-blob';
import { snapshotFileName } from '../format/snapshot-file-name';
import { LocaleController, t } from '../i18n/i18n';

/** The detail of a `porthole-snapshot` event. */
export interface SnapshotDetail {
  /** The PNG image, at the video's intrinsic size. */
  blob: Blob;
  /** The download's file name, `porthole-YYYYMMDD-HHMMSS.png`. */
  fileName: string;
}

/** Safari on iPhone: the only way to full screen is the video's own player. */
type WebkitVideo = HTMLVideoElement & { webkitSupportsFullscreen?: boolean; webkitEnterFullscreen?: () => void };

const videoEvents = [
  'volumechange',
  'loadedmetadata',
  'resize',
  'emptied',
  'playing',
  'enterpictureinpicture',
  'leavepictureinpicture',
];
const streamEvents = ['addtrack', 'removetrack'];

/**
 * Follows a video element (its events and its stream's tracks) and the document's full screen and
 * picture in picture while its host is connected, and re-renders the host on every change. The
 * video comes from `video()`, read again on each host update.
 */
class VideoWatcher implements ReactiveController {
  /** Something is full screen. */
  fullscreen = false;
  /** This video is in picture in picture. */
  pip = false;
  /** The stream the video plays, if any. */
  stream: MediaStream | undefined;
  private boundVideo: HTMLVideoElement | undefined;
  private connected = false;
  private readonly onChange = (): void => {
    this.read();
    this.host.requestUpdate();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly video: () => HTMLVideoElement | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('fullscreenchange', this.onChange);
    this.bind(this.video());
  }

  hostUpdate(): void {
    if (this.connected && this.video() !== this.boundVideo) this.bind(this.video());
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('fullscreenchange', this.onChange);
    this.bind(undefined);
  }

  /** Listens to `video` instead of the previous one. */
  private bind(video: HTMLVideoElement | undefined): void {
    for (const name of videoEvents) this.boundVideo?.removeEventListener(name, this.onChange);
    this.boundVideo = video;
    for (const name of videoEvents) video?.addEventListener(name, this.onChange);
    this.read();
  }

  /** Re-reads the video's stream (following its tracks) and the document's state. */
  private read(): void {
    const stream = this.boundVideo?.srcObject instanceof MediaStream ? this.boundVideo.srcObject : undefined;
    if (stream !== this.stream) {
      for (const name of streamEvents) this.stream?.removeEventListener(name, this.onChange);
      this.stream = stream;
      for (const name of streamEvents) stream?.addEventListener(name, this.onChange);
    }
    this.fullscreen = document.fullscreenElement != null;
    this.pip = document.pictureInPictureElement != null && document.pictureInPictureElement === this.boundVideo;
  }
}

const icon = (d: string) =>
  svg`<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path d=${d} fill="currentColor"/></svg>`;
const icons = {
  fullscreen: icon('M4 4h6v2H6v4H4V4zm10 0h6v6h-2V6h-4V4zM4 14h2v4h4v2H4v-6zm14 4v-4h2v6h-6v-2h4z'),
  exitFullscreen: icon('M8 4h2v6H4V8h4V4zm6 0h2v4h4v2h-6V4zM4 14h6v6H8v-4H4v-2zm10 0h6v2h-4v4h-2v-6z'),
  pip: icon('M3 5h18v14H3V5zm2 2v10h14V7H5zm7 5h6v4h-6v-4z'),
  soundOn: icon('M4 9h4l5-4v14l-5-4H4V9zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z'),
  soundOff: icon('M4 9h4l5-4v14l-5-4H4V9zm11.6.2 1.4-1.4 2 2 2-2 1.4 1.4-2 2 2 2-1.4 1.4-2-2-2 2-1.4-1.4 2-2-2-2z'),
  snapshot: icon(
    'M9 4h6l1.5 2H20v13H4V6h3.5L9 4zm3 4a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zm0 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z',
  ),
};

/**
 * The viewer's video controls: full screen, picture in picture, sound, snapshot. The host passes
 * its `<video>` and the element to make full screen, and places the toolbar (e.g. absolutely,
 * bottom right over the video). Buttons the browser cannot do are hidden. Acting on the video it is
 * given (mute, full screen, picture in picture) is this toolbar's job, as with a native player's controls.
 * Children (e.g. the host's own buttons) go at the end of the toolbar; `::part(bar)` is the toolbar row.
 * @fires porthole-snapshot - `CustomEvent<SnapshotDetail>` with the PNG, as its download starts.
 */
@customElement('porthole-video-tools')
export class PortholeVideoTools extends LitElement {
  static override styles = css`
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
    button { display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-width: 44px; min-height: 44px;
      padding: 0 10px; border-radius: 10px; border: 1px solid var(--ph-border); font: inherit; cursor: pointer;
      background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); }
    button:disabled { opacity: 0.5; cursor: not-allowed; }
    button:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
    button.prominent { background: var(--ph-accent-strong); border-color: var(--ph-accent); font-weight: 600; padding: 0 16px; font-size: 1.05rem; }
  `;

  /** The host's video. */
  @property({ attribute: false }) video: HTMLVideoElement | undefined;
  /** The element to make full screen (usually the video's wrapper, so overlays stay visible); the video if unset. */
  @property({ attribute: false }) target: HTMLElement | undefined;

  private readonly watcher = new VideoWatcher(this, () => this.video);

  constructor() {
    super();
    new LocaleController(this);
  }

  /** False only when the video plays a stream that has no audio track. */
  private get hasAudio(): boolean {
    const stream = this.watcher.stream;
    return stream ? stream.getAudioTracks().length > 0 : true;
  }

  private get canFullscreen(): boolean {
    const video = this.video as WebkitVideo | undefined;
    return (
      document.fullscreenEnabled ||
      (video?.webkitSupportsFullscreen === true && typeof video.webkitEnterFullscreen === 'function')
    );
  }

  private async _onFullscreen(): Promise<void> {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else if (document.fullscreenEnabled) await (this.target ?? this.video)?.requestFullscreen();
      else (this.video as WebkitVideo | undefined)?.webkitEnterFullscreen?.();
    } catch {
      // Refused (no user gesture, or the element left the page): nothing to undo.
    }
  }

  private async _onPip(): Promise<void> {
    try {
      if (document.pictureInPictureElement) await document.exitPictureInPicture();
      else await this.video?.requestPictureInPicture();
    } catch {
      // Not ready (no metadata yet) or refused by the browser.
    }
  }

  private _onMute(): void {
    const video = this.video;
    if (!video) return;
    video.muted = !video.muted;
    // Some browsers pause a video that was only allowed to autoplay muted; this tap is the gesture.
    if (!video.muted && video.paused) void video.play().catch(() => undefined);
  }

  private async _onSnapshot(): Promise<void> {
    const video = this.video;
    if (!video || video.videoWidth === 0 || video.videoHeight === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return;
    const fileName = snapshotFileName(new Date());
    fireEvent(this, 'porthole-snapshot', { blob, fileName });
    downloadBlob(this.renderRoot, blob, fileName);
  }

  override render() {
    const video = this.video;
    const muted = video?.muted ?? true;
    const canPip = document.pictureInPictureEnabled && video !== undefined && !video.disablePictureInPicture;
    const ready = video !== undefined && video.videoWidth > 0;
    const { fullscreen, pip } = this.watcher;
    const fullscreenLabel = fullscreen ? t('tools.exitFullscreen') : t('tools.fullscreen');
    const pipLabel = pip ? t('tools.exitPip') : t('tools.pip');
    const muteLabel = muted ? t('tools.unmute') : t('tools.mute');
    return html`
      <div class="bar" part="bar" role="toolbar" aria-label=${t('tools.label')}>
        ${
          video && this.hasAudio
            ? muted
              ? html`<button class="prominent" data-testid="tool-mute" data-muted title=${muteLabel}
                @click=${this._onMute}>${icons.soundOff}${t('tools.tapForSound')}</button>`
              : html`<button data-testid="tool-mute" aria-label=${muteLabel} title=${muteLabel}
                @click=${this._onMute}>${icons.soundOn}</button>`
            : nothing
        }
        ${
          this.canFullscreen
            ? html`<button data-testid="tool-fullscreen" aria-label=${fullscreenLabel} title=${fullscreenLabel}
              @click=${this._onFullscreen}>${fullscreen ? icons.exitFullscreen : icons.fullscreen}</button>`
            : nothing
        }
        ${
          canPip
            ? html`<button data-testid="tool-pip" aria-label=${pipLabel} title=${pipLabel}
              ?disabled=${!ready} @click=${this._onPip}>${icons.pip}</button>`
            : nothing
        }
        <button data-testid="tool-snapshot" aria-label=${t('tools.snapshot')} title=${t('tools.snapshot')} ?disabled=${!ready}
          @click=${this._onSnapshot}>${icons.snapshot}</button>
        <slot></slot>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-video-tools': PortholeVideoTools;
  }
  interface HTMLElementEventMap {
    'porthole-snapshot': CustomEvent<SnapshotDetail>;
  }
}
