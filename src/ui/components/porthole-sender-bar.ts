import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import type { ConfirmDetail } from './porthole-confirm-bar';
import { senderIcons } from './sender-icons';
import './porthole-confirm-bar';
import './porthole-sender-menu';

/**
 * The sender's top bar: "Stop sending" (`data-testid="stop"`) and the "More options" menu. With a
 * viewer watching, Stop first asks in place ("Stop the camera? <name> will see that you
 * stopped.") with "Stop sending" and "Keep sending", so exactly one button's name starts with
 * "Stop" at any moment; with nobody watching there is nothing to lose and Stop acts at once.
 * @fires porthole-stop - Stop was pressed (and confirmed, when a viewer watches): go home (no detail).
 * @fires porthole-retire - from the menu: "New link" was confirmed (no detail).
 * @fires porthole-monitor-screen - from the menu: "Monitor screen" was chosen (no detail).
 */
@customElement('porthole-sender-bar')
export class PortholeSenderBar extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-direction: row; align-items: center; justify-content: space-between; gap: 8px 12px; padding: 0; margin: 0; max-width: none; }
      .stop { display: inline-flex; align-items: center; gap: 8px; border: 2px solid var(--ph-error); font-weight: 600; }
      .stop svg { color: var(--ph-error); }
      porthole-confirm-bar { flex: 1 1 auto; }
    `,
  ];

  /** The connected viewer's name; undefined while nobody watches (Stop then acts at once). */
  @property({ attribute: false }) viewerName: string | undefined;
  /** Whether to offer the menu (not on an error screen). */
  @property({ type: Boolean }) menu = false;
  @state() private asking = false;
  private readonly locale = new LocaleController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The viewer left while the question was up: nothing to lose any more, the question goes.
    if (changed.has('viewerName') && !this.viewerName) this.asking = false;
  }

  private _onStop(): void {
    if (this.viewerName) this.asking = true;
    else fireEvent(this, 'porthole-stop', null);
  }

  private async _onAnswer(event: CustomEvent<ConfirmDetail>): Promise<void> {
    event.stopPropagation();
    this.asking = false;
    if (event.detail.confirmed) {
      fireEvent(this, 'porthole-stop', null);
      return;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.stop')?.focus();
  }

  override render() {
    void this.locale;
    return html`
      ${
        this.asking && this.viewerName
          ? html`<porthole-confirm-bar kind="stop" danger .question=${t('sender.stopAsk', { name: this.viewerName })}
              .confirmLabel=${t('sender.stop')} .cancelLabel=${t('sender.keepSending')} @porthole-confirm=${this._onAnswer}></porthole-confirm-bar>`
          : html`<button type="button" class="stop" data-testid="stop" @click=${this._onStop}>${senderIcons.stop}${t('sender.stop')}</button>`
      }
      ${
        // While Stop asks, the question gets the whole bar (a phone's width holds both buttons on one line).
        this.menu && !this.asking
          ? html`<porthole-sender-menu .viewerName=${this.viewerName}></porthole-sender-menu>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender-bar': PortholeSenderBar;
  }
  interface HTMLElementEventMap {
    'porthole-stop': CustomEvent<null>;
  }
}
