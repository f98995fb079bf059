import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import './porthole-qr';

/**
 * The viewer link with its QR code, copy, Web Share and "New link".
 * @fires new-link - the sender asked for a new room secret (ends the current viewer and old links).
 */
@customElement('porthole-share')
export class PortholeShare extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: row; flex-wrap: wrap; gap: 16px; padding: 0; align-items: flex-start; }
      .link { flex: 1 1 260px; display: flex; flex-direction: column; gap: 8px; }
    `,
  ];

  /** The viewer link to share. */
  @property() link = '';
  @state() private note = '';
  private readonly locale = new LocaleController(this);

  private async _onCopy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
      this.note = t('sender.copied');
    } catch {
      this.note = t('sender.copyFailed');
    }
  }

  private async _onShare(): Promise<void> {
    try {
      await navigator.share({ title: 'Porthole', url: this.link });
    } catch {
      // Dismissed by the person, or not allowed here: nothing to report.
    }
  }

  private _onNewLink(): void {
    this.dispatchEvent(new CustomEvent('new-link', { bubbles: true, composed: true }));
  }

  /** Shows a short note under the link (e.g. after "New link"). */
  announce(note: string): void {
    this.note = note;
  }

  override render() {
    void this.locale;
    const canShare = typeof navigator.share === 'function';
    return html`
      <porthole-qr .text=${this.link} .label=${t('sender.qrAlt')}></porthole-qr>
      <div class="link">
        <span>${t('sender.viewerLink')}</span>
        <a data-testid="viewer-link" href=${this.link} target="_blank" rel="noopener">${this.link}</a>
        <div class="row">
          <button data-testid="copy-link" @click=${this._onCopy}>${t('sender.copy')}</button>
          ${canShare ? html`<button data-testid="share-link" @click=${this._onShare}>${t('sender.share')}</button>` : nothing}
          <button data-testid="new-link" @click=${this._onNewLink}>${t('sender.newLink')}</button>
        </div>
        <p class="signal" role="status" data-testid="share-note">${this.note}</p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-share': PortholeShare;
  }
}
