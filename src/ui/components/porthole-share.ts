import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import './porthole-qr';

/**
 * The viewer link with its QR code, copy, Web Share and "New link".
 * @fires porthole-retire - "New link" was pressed: retire this room for a new secret, which ends the
 *   current viewer and every old link (no detail).
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

  private _onNewLink(): void {
    fireEvent(this, 'porthole-retire', null);
  }

  override render() {
    void this.locale;
    const canShare = typeof navigator.share === 'function';
    const note = this.copyNote ?? this.notice;
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
        <p class="signal" role="status" data-testid="share-note">${note ? t(note) : ''}</p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-share': PortholeShare;
  }
  interface HTMLElementEventMap {
    'porthole-retire': CustomEvent<null>;
  }
}
