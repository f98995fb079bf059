import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import { senderIcons } from './sender-icons';
import './porthole-qr';

/**
 * The viewer link with its QR code first ("Scan with the other device's camera"), then the link,
 * Copy and Web Share (where the browser has it). Narrow: one centred column; wide (a landscape
 * phone, a laptop): the QR code on the left, the rest and the slotted content on the right. The
 * QR code is sized to the viewport's height so it is fully visible without scrolling.
 * @slot - shown under the link (the sender's small camera preview while it waits).
 */
@customElement('porthole-share')
export class PortholeShare extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; padding: 0; margin: 0; max-width: none; container-type: inline-size; }
      :host([hidden]) { display: none; }
      .wrap { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; justify-items: center; text-align: center;
        --ph-qr-size: clamp(140px, min(300px, 100cqi - 16px, 100dvh - 190px), 300px); }
      .text { display: flex; flex-direction: column; gap: 8px; align-items: center; min-width: 0; width: 100%; }
      h2 { font-size: 1.15rem; margin: 0; }
      .or { margin: 0; color: var(--ph-muted); font-size: 0.9rem; }
      a[data-testid='viewer-link'] { font-size: 0.85rem; max-width: 36em; display: inline-block; min-height: 44px;
        padding: 12px 4px; box-sizing: border-box; }
      .row { justify-content: center; }
      button { display: inline-flex; align-items: center; gap: 8px; }
      ::slotted(*) { width: 100%; }
      @container (min-width: 560px) {
        .wrap { grid-template-columns: auto minmax(0, 1fr); justify-items: start; align-items: start; text-align: start;
          --ph-qr-size: clamp(140px, min(360px, 45cqi, 100dvh - 140px), 360px); }
        .text { align-items: flex-start; }
        .row { justify-content: flex-start; }
      }
    `,
  ];

  /** The viewer link to share. */
  @property() link = '';
  /** A note from the host under the link (e.g. "New link made"), until a copy result replaces it. */
  @property({ attribute: false }) notice: MessageKey | undefined;
  /** How the last copy went; cleared when the link or the host's notice changes. */
  @state() private copyNote: MessageKey | undefined;
  private readonly locale = new LocaleController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('link') || changed.has('notice')) this.copyNote = undefined;
  }

  private async _onCopy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
      this.copyNote = 'sender.copied';
    } catch {
      this.copyNote = 'sender.copyFailed';
    }
  }

  private async _onShare(): Promise<void> {
    try {
      await navigator.share({ title: 'Porthole', url: this.link });
    } catch {
      // Dismissed by the person, or not allowed here: nothing to report.
    }
  }

  override render() {
    void this.locale;
    const canShare = typeof navigator.share === 'function';
    const note = this.copyNote ?? this.notice;
    return html`
      <div class="wrap">
        <porthole-qr .text=${this.link} .label=${t('sender.qrAlt')}></porthole-qr>
        <div class="text">
          <h2 data-testid="scan-title">${t('sender.scan')}</h2>
          <p class="or">${t('sender.orOpen')}</p>
          <a data-testid="viewer-link" href=${this.link} target="_blank" rel="noopener">${this.link}</a>
          <div class="row">
            <button type="button" data-testid="copy-link" @click=${this._onCopy}>${senderIcons.copy}${t('sender.copy')}</button>
            ${canShare ? html`<button type="button" data-testid="share-link" @click=${this._onShare}>${senderIcons.share}${t('sender.share')}</button>` : nothing}
          </div>
          <p class="signal" role="status" data-testid="share-note">${note ? t(note) : ''}</p>
          <slot></slot>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-share': PortholeShare;
  }
}
