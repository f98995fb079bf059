import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { screenStyles } from '../styles/shared-styles';

/** The detail of a `porthole-confirm` event. */
export interface ConfirmDetail {
  /** True for the confirm button, false for the cancel button or Escape. */
  confirmed: boolean;
}

/**
 * A question asked in the page (never `window.confirm`): the question, a confirm button and a
 * cancel button. Focus goes to the cancel button when it appears (the safe answer), and Escape
 * cancels. The buttons carry `data-testid="<kind>-confirm"` and `"<kind>-cancel"`.
 * @fires porthole-confirm - `CustomEvent<ConfirmDetail>`: the person answered.
 */
@customElement('porthole-confirm-bar')
export class PortholeConfirmBar extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; padding: 0; margin: 0; max-width: none; }
      .group { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
      p { margin: 0; flex: 1 1 14em; font-weight: 600; }
      .row { flex: 0 1 auto; }
      button.confirm { background: var(--ph-accent); color: var(--ph-bg); border-color: var(--ph-accent); font-weight: 600; }
      button.confirm.danger { background: var(--ph-error); border-color: var(--ph-error); color: var(--ph-bg); }
    `,
  ];

  /** The question, in plain words, saying what confirming does. */
  @property() question = '';
  /** The confirm button's name (for Stop it starts with "Stop", like the button it replaces). */
  @property() confirmLabel = '';
  /** The cancel button's name ("Keep sending", "Cancel"). */
  @property() cancelLabel = '';
  /** Prefix of the buttons' `data-testid`s. */
  @property() kind = 'confirm';
  /** Confirming ends something (the confirm button is drawn in the error colour). */
  @property({ type: Boolean }) danger = false;
  @query('button.cancel') private cancelButton!: HTMLButtonElement;

  protected override firstUpdated(): void {
    this.cancelButton.focus();
  }

  private answer(confirmed: boolean): void {
    fireEvent(this, 'porthole-confirm', { confirmed });
  }

  private _onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.answer(false);
  }

  override render() {
    return html`
      <div class="group" role="group" aria-labelledby="question" @keydown=${this._onKey}>
        <p id="question" data-testid=${`${this.kind}-question`}>${this.question}</p>
        <div class="row">
          <button type="button" class="confirm ${this.danger ? 'danger' : ''}" data-testid=${`${this.kind}-confirm`}
            @click=${() => this.answer(true)}>${this.confirmLabel}</button>
          <button type="button" class="cancel" data-testid=${`${this.kind}-cancel`}
            @click=${() => this.answer(false)}>${this.cancelLabel}</button>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-confirm-bar': PortholeConfirmBar;
  }
  interface HTMLElementEventMap {
    'porthole-confirm': CustomEvent<ConfirmDetail>;
  }
}
