import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import type { ConfirmDetail } from './porthole-confirm-bar';
import { senderIcons } from './sender-icons';
import './porthole-confirm-bar';

/**
 * The sender's "More options" (⋯) button and the small panel it opens: "New link", which asks
 * first, in the panel, what it does ("the current link stops working and <viewer> is
 * disconnected"). The panel stays in the DOM while closed (hidden), so its items keep their names.
 * @fires porthole-retire - "New link" was confirmed: retire this room for a new secret, which ends
 *   the current viewer and every old link (no detail).
 * @fires porthole-monitor-screen - "Monitor screen" was chosen: dim the screen to a tiny status (no detail).
 */
@customElement('porthole-sender-menu')
export class PortholeSenderMenu extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; position: relative; padding: 0; margin: 0; max-width: none; }
      .more { display: inline-flex; align-items: center; justify-content: center; padding: 0; width: 48px; height: 48px; }
      .panel { position: absolute; right: 0; top: calc(100% + 6px); z-index: 10; width: max-content;
        max-width: min(22rem, calc(100vw - 32px)); padding: 8px; border-radius: 12px; border: 1px solid var(--ph-border);
        background: var(--ph-surface); color: var(--ph-text); box-shadow: 0 8px 24px #0006; }
      .panel[hidden] { display: none; }
      .item { display: flex; align-items: center; gap: 10px; width: 100%; border: none; background: transparent; text-align: start; }
      .item:hover { background: var(--ph-bg); }
      porthole-confirm-bar { width: min(20rem, calc(100vw - 56px)); }
    `,
  ];

  /** The connected viewer's name, named in the question; undefined when nobody is watching. */
  @property({ attribute: false }) viewerName: string | undefined;
  @state() private open = false;
  @state() private asking = false;
  private readonly locale = new LocaleController(this);
  /** Closes the panel on a press anywhere outside this element. */
  private readonly onOutside = (event: Event): void => {
    if (!event.composedPath().includes(this)) this.close();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside);
  }

  private close(): void {
    this.open = false;
    this.asking = false;
  }

  private _onToggle(): void {
    if (this.open) this.close();
    else this.open = true;
  }

  private _onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.open) return;
    this.close();
    this.renderRoot.querySelector<HTMLButtonElement>('.more')?.focus();
  }

  private _onNewLink(): void {
    this.asking = true;
  }

  private _onMonitorScreen(): void {
    this.close();
    fireEvent(this, 'porthole-monitor-screen', null);
  }

  private _onAnswer(event: CustomEvent<ConfirmDetail>): void {
    event.stopPropagation();
    const confirmed = event.detail.confirmed;
    this.close();
    this.renderRoot.querySelector<HTMLButtonElement>('.more')?.focus();
    if (confirmed) fireEvent(this, 'porthole-retire', null);
  }

  override render() {
    void this.locale;
    const question = this.viewerName ? t('sender.newLinkAskViewer', { name: this.viewerName }) : t('sender.newLinkAsk');
    return html`
      <div @keydown=${this._onKey}>
        <button type="button" class="more" data-testid="more" aria-label=${t('sender.more')} title=${t('sender.more')}
          aria-expanded=${this.open ? 'true' : 'false'} aria-controls="panel" @click=${this._onToggle}>${senderIcons.more}</button>
        <div id="panel" class="panel" ?hidden=${!this.open}>
          ${
            this.asking
              ? html`<porthole-confirm-bar kind="new-link" .question=${question} .confirmLabel=${t('sender.newLinkConfirm')}
                  .cancelLabel=${t('sender.cancel')} danger @porthole-confirm=${this._onAnswer}></porthole-confirm-bar>`
              : html`<button type="button" class="item" data-testid="new-link" @click=${this._onNewLink}>${t('sender.newLink')}</button>
                  <button type="button" class="item" data-testid="monitor-screen" @click=${this._onMonitorScreen}>${t('cameraLink.monitorScreen')}</button>`
          }
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender-menu': PortholeSenderMenu;
  }
  interface HTMLElementEventMap {
    'porthole-retire': CustomEvent<null>;
    'porthole-monitor-screen': CustomEvent<null>;
  }
}
