import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { createQrDetector, scanStatusAfter, type ScanStatus } from '../scan/qr-support';
import { screenStyles } from '../styles/shared-styles';

/** How often the preview is searched for a QR code, in ms. */
export const scanIntervalMs = 200;

/** The detail of a `porthole-scan` event. */
export interface ScanDetail {
  /** The text of a QR code seen by the camera. */
  text: string;
}

const statusMessages: Record<ScanStatus, MessageKey> = {
  starting: 'home.scan.starting',
  scanning: 'home.scan.hint',
  denied: 'home.scan.denied',
  'no-camera': 'home.scan.noCamera',
  failed: 'home.scan.failed',
  'no-reader': 'home.scan.loadFailed',
};

/**
 * Runs the rear camera while its host is connected and reports QR codes seen in the preview
 * every {@link scanIntervalMs}; stops the camera when the host disconnects.
 */
class QrScanController implements ReactiveController {
  /** Where the camera is. */
  status: ScanStatus = 'starting';
  /** The camera stream, while it runs. */
  stream: MediaStream | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly video: () => HTMLVideoElement | null,
    private readonly onCode: (text: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.start(++this.generation);
  }

  hostDisconnected(): void {
    this.generation += 1;
    this.stop();
  }

  /** Opens the camera and a QR reader, then starts detecting; gives up quietly if the host left meanwhile. */
  private async start(generation: number): Promise<void> {
    this.status = 'starting';
    // The reader (native, or jsQR's lazy chunk) loads while the camera opens.
    const reader = createQrDetector().then(
      (detector) => ({ detector }),
      () => ({ detector: undefined }),
    );
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (error) {
      if (generation !== this.generation) return;
      this.status = scanStatusAfter(error);
      this.host.requestUpdate();
      return;
    }
    const { detector } = await reader;
    if (generation !== this.generation || !detector) {
      for (const track of stream.getTracks()) track.stop();
      if (generation !== this.generation) return;
      this.status = 'no-reader';
      this.host.requestUpdate();
      return;
    }
    this.stream = stream;
    this.status = 'scanning';
    this.host.requestUpdate();
    let busy = false;
    this.timer = setInterval(() => {
      const video = this.video();
      if (busy || !video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
      busy = true;
      detector
        .detect(video)
        .then((codes) => {
          if (generation === this.generation) for (const code of codes) this.onCode(code.rawValue);
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, scanIntervalMs);
  }

  /** Stops detecting and releases the camera. */
  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
  }
}

/**
 * In-app QR scanner: rear-camera preview, a code check every {@link scanIntervalMs} with the
 * browser's BarcodeDetector where it reads QR codes, else with jsQR (loaded when the scanner opens).
 * Loaded lazily by the home screen.
 * @fires porthole-scan - `CustomEvent<ScanDetail>` for each new QR code text seen.
 * @fires porthole-close - the person closed the scanner (button or Escape; no detail).
 */
@customElement('porthole-scanner')
export class PortholeScanner extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { padding: 0; gap: 10px; margin: 0; max-width: none; }
      h3 { margin: 0; font-size: 1.1rem; }
      p { margin: 0; }
      video { aspect-ratio: 1; max-height: min(60vh, 420px); object-fit: cover; }
      .hint { color: var(--ph-muted); }
      .error { color: var(--ph-error); font-weight: 600; }
    `,
  ];

  /** Why the last code was not usable (set by the parent), shown under the preview. */
  @property({ attribute: false }) hint: MessageKey | undefined;

  @query('video') private readonly _video!: HTMLVideoElement | null;
  @query('button') private readonly _closeButton!: HTMLButtonElement | null;
  private lastText = '';
  private readonly scanner = new QrScanController(
    this,
    () => this._video,
    (text) => this._onCode(text),
  );

  constructor() {
    super();
    new LocaleController(this);
    this.addEventListener('keydown', (event) => this._onKeyDown(event));
  }

  override firstUpdated(): void {
    this._closeButton?.focus();
  }

  /** Reports a code once, until a different one is seen. */
  private _onCode(text: string): void {
    if (text === this.lastText) return;
    this.lastText = text;
    fireEvent(this, 'porthole-scan', { text });
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this._onClose();
  }

  private _onClose(): void {
    fireEvent(this, 'porthole-close', null);
  }

  override render() {
    const { status, stream } = this.scanner;
    const problem = status !== 'starting' && status !== 'scanning';
    return html`
      <h3>${t('home.scan.title')}</h3>
      <video autoplay playsinline muted .muted=${true} .srcObject=${stream ?? null} aria-label=${t('home.scan.preview')}
        ?hidden=${!stream}></video>
      <p class=${problem ? 'error' : 'hint'} role=${problem ? 'alert' : 'status'} data-testid="scan-status">
        ${t(statusMessages[status])}
      </p>
      ${this.hint ? html`<p class="error" role="alert" data-testid="scan-hint">${t(this.hint)}</p>` : nothing}
      <div class="row"><button type="button" data-testid="scan-close" @click=${this._onClose}>${t('common.close')}</button></div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-scanner': PortholeScanner;
  }
  interface HTMLElementEventMap {
    'porthole-scan': CustomEvent<ScanDetail>;
    'porthole-close': CustomEvent<null>;
  }
}
