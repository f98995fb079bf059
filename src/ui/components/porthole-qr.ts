import { Task, initialState } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** A QR code of `text`, drawn by the lazily loaded `qrcode` package; `--ph-qr-size` sets its size (220px). */
@customElement('porthole-qr')
export class PortholeQr extends LitElement {
  static override styles = css`
    :host { display: inline-block; line-height: 0; }
    img { width: var(--ph-qr-size, 220px); height: var(--ph-qr-size, 220px); image-rendering: pixelated; background: #fff; border-radius: 8px; }
  `;

  /** The text to encode (the viewer link). */
  @property() text = '';
  /** The image's accessible name. */
  @property() label = 'QR code';

  /** The image as a data: URL, drawn again whenever `text` changes; a stale drawing never lands. */
  private readonly image = new Task(this, {
    task: async ([text]) => {
      // No text: nothing to draw, and the last code stays (the Task keeps its value).
      if (!text) return initialState;
      const { toDataURL } = await import('qrcode');
      return toDataURL(text, { margin: 2, width: 440, errorCorrectionLevel: 'M' });
    },
    args: () => [this.text],
  });

  override render() {
    // `value` keeps the last drawing while a new one is pending.
    const dataUrl = this.image.value;
    return dataUrl ? html`<img data-testid="qr" alt=${this.label} src=${dataUrl} />` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-qr': PortholeQr;
  }
}
