import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';

/**
 * Asks before a `#/send` link for a room made on another device turns the camera on: says what
 * will happen (camera and microphone, live, to whoever holds the viewer link) and offers to go
 * on or to cancel. Nothing is sent until the person confirms.
 * @fires porthole-consent - `CustomEvent<{ confirmed: boolean }>` (bubbles, composed) on either button.
 */
@customElement('porthole-consent')
export class PortholeConsent extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { padding: 0; }
      .card { border: 1px solid var(--ph-border); border-radius: 16px; padding: 20px; background: var(--ph-surface);
        display: flex; flex-direction: column; gap: 12px; max-width: 560px; margin: 0 auto; }
      h2 { margin: 0; font-size: 1.3rem; }
      p { margin: 0; line-height: 1.45; }
      .warning { font-weight: 600; }
      .actions { display: flex; flex-wrap: wrap; gap: 12px; }
      button { min-height: 44px; }
      .primary { background: var(--ph-accent); color: var(--ph-on-accent, #fff); border-color: var(--ph-accent); }
    `,
  ];

  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    return html`
      <section class="card" role="alertdialog" aria-labelledby="title" aria-describedby="body" data-testid="consent">
        <h2 id="title">${t('consent.title')}</h2>
        <p id="body">${t('consent.body')}</p>
        <p class="warning">${t('consent.warning')}</p>
        <div class="actions">
          <button class="primary" data-testid="consent-confirm" @click=${() => this._answer(true)}>${t('consent.confirm')}</button>
          <button data-testid="consent-cancel" @click=${() => this._answer(false)}>${t('consent.cancel')}</button>
        </div>
      </section>
    `;
  }

  private _answer(confirmed: boolean): void {
    this.dispatchEvent(new CustomEvent('porthole-consent', { detail: { confirmed }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-consent': PortholeConsent;
  }
  interface HTMLElementEventMap {
    'porthole-consent': CustomEvent<{ confirmed: boolean }>;
  }
}
