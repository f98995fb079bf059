import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { downloadBlob } from '../download-blob';
import { LocaleController, t } from '../i18n/i18n';
import { clipFileName } from './clip-file-name';
import { ClipRecorder } from './clip-recorder';
import { defaultClipWindowMs } from './clip-window';

/** The detail of a `porthole-clip` event: the clip as its download starts. */
export interface ClipDetail {
  /** The clip's content (MP4 or WebM). */
  blob: Blob;
  /** The download's file name, `porthole-clip-YYYYMMDD-HHMMSS.webm` (or `.mp4`). */
  fileName: string;
  /** How long it runs, as measured while recording, in ms. */
  durationMs: number;
}

/** How long "Clip saved" or "Nothing recorded yet" stays shown, in ms. */
const feedbackHoldMs = 6_000;

/** What the element tells the person. */
type Feedback = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; seconds: number } | { kind: 'nothing' };

/**
 * Keeps the last seconds of a stream (a rolling recording) and saves them as a clip: a button for
 * the person, and {@link PortholeClipButton.saveClip} for an alert that saves one by itself.
 * The clip covers at least `windowMs` (once that much was recorded) and at most half as much
 * again (see clip-window.ts). Recording stops when the stream goes or the element leaves the page.
 * @fires porthole-clip - `CustomEvent<ClipDetail>` with the clip, as its download starts.
 */
@customElement('porthole-clip-button')
export class PortholeClipButton extends LitElement {
  static override styles = css`
    :host { display: inline-flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    button { display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-width: 44px; min-height: 44px;
      padding: 0 12px; border-radius: 10px; border: 1px solid var(--ph-border); font: inherit; cursor: pointer;
      background: var(--ph-overlay, var(--ph-surface)); color: var(--ph-on-overlay, var(--ph-text)); }
    button:disabled { opacity: 0.6; cursor: not-allowed; }
    button:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
    svg { width: 20px; height: 20px; fill: currentColor; }
    .feedback { font-size: 0.9rem; padding: 2px 8px; border-radius: 6px; background: var(--ph-overlay, transparent);
      color: var(--ph-on-overlay, var(--ph-text)); }
    .feedback:empty { display: none; }
  `;

  /** The stream to keep (the viewer's remote stream); null = nothing recorded. */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** How much a clip covers, in ms (30 s by default; tests use a few seconds). */
  @property({ type: Number, attribute: 'window-ms' }) windowMs = defaultClipWindowMs;

  @state() private feedback: Feedback = { kind: 'idle' };
  private recorder: ClipRecorder | undefined;
  private feedbackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Saves the kept seconds as a file (downloaded); resolves with the clip, or undefined when there is none. */
  async saveClip(): Promise<Blob | undefined> {
    this.show({ kind: 'saving' });
    const clip = await this.recorder?.save();
    if (!clip) {
      this.show({ kind: 'nothing' });
      return undefined;
    }
    const fileName = clipFileName(new Date(), clip.mimeType);
    fireEvent(this, 'porthole-clip', { blob: clip.blob, fileName, durationMs: clip.durationMs });
    downloadBlob(this.renderRoot, clip.blob, fileName);
    this.show({ kind: 'saved', seconds: Math.round(clip.durationMs / 1000) });
    return clip.blob;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.restart(); // put back on the page: record again (the first update starts it otherwise)
  }

  override disconnectedCallback(): void {
    this.recorder?.stop();
    this.recorder = undefined;
    clearTimeout(this.feedbackTimer);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('stream') || changed.has('windowMs')) this.restart();
  }

  /** A new rolling recording of the stream now set (none without one). */
  private restart(): void {
    this.recorder?.stop();
    this.recorder = undefined;
    if (!this.stream || !this.isConnected) return;
    const recorder = new ClipRecorder(this.stream, { windowMs: this.windowMs });
    if (recorder.start()) this.recorder = recorder;
  }

  private show(feedback: Feedback): void {
    clearTimeout(this.feedbackTimer);
    this.feedback = feedback;
    if (feedback.kind !== 'saving') {
      this.feedbackTimer = setTimeout(() => {
        this.feedback = { kind: 'idle' };
      }, feedbackHoldMs);
    }
  }

  private feedbackText(): string {
    switch (this.feedback.kind) {
      case 'saving':
        return t('clips.saving');
      case 'saved':
        return t('clips.saved', { seconds: this.feedback.seconds });
      case 'nothing':
        return t('clips.nothing');
      default:
        return '';
    }
  }

  override render() {
    if (this.stream && !this.recorder) return nothing; // this browser records no clip
    const seconds = Math.round(this.windowMs / 1000);
    const label = t('clips.save', { seconds });
    return html`
      <button data-testid="save-clip" aria-label=${label} title=${label}
        ?disabled=${!this.stream || this.feedback.kind === 'saving'} @click=${() => void this.saveClip()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h11v12H4V6zm12 4 5-3v10l-5-3v-4z"/></svg>
        ${t('clips.button')}
      </button>
      <span class="feedback" role="status" data-testid="clip-feedback" data-kind=${this.feedback.kind}>${this.feedbackText()}</span>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-clip-button': PortholeClipButton;
  }
  interface HTMLElementEventMap {
    /** Fired by porthole-clip-button as a clip's download starts. */
    'porthole-clip': CustomEvent<ClipDetail>;
  }
}
