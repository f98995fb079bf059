import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/** A QR code of `text`, drawn by the lazily loaded `qrcode` package. */
@customElement('porthole-qr')
export class PortholeQr extends LitElement {
  static override styles = css`
    :host { display: inline-block; }
    img { width: 220px; height: 220px; image-rendering: pixelated; background: #fff; border-radius: 8px; }
  `;

  /** The text to encode (the viewer link). */
  @property() text = '';
  /** The image's accessible name. */
  @property() label = 'QR code';
  @state() private dataUrl = '';

  override async willUpdate(changed: Map<string, unknown>): Promise<void> {
    if (!changed.has('text') || !this.text) return;
    const text = this.text;
    const { toDataURL } = await import('qrcode');
    const url = await toDataURL(text, { margin: 2, width: 440, errorCorrectionLevel: 'M' });
    if (text === this.text) this.dataUrl = url;
  }

  override render() {
    return this.dataUrl ? html`<img data-testid="qr" alt=${this.label} src=${this.dataUrl} />` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-qr': PortholeQr;
  }
}
