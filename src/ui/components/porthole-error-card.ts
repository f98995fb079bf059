import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RoomView } from '../controllers/room-state';
import { LocaleController, t } from '../i18n/i18n';
import { cameraErrorName, errorCopy, type ErrorAction } from '../i18n/messages';
import './porthole-camera-help';

/**
 * A room screen's error as a card: a headline in plain words, a short explanation, the main
 * action for this reason (try again, scan a new code, start a new room; for a blocked camera also
 * the browser's steps to allow it) and Home as the second action. The technical detail (reason
 * code, English error name, the view's message) waits behind "Details". The headline and the
 * explanation are an alert, announced when the card appears.
 */
@customElement('porthole-error-card')
export class PortholeErrorCard extends LitElement {
  static override styles = css`
    :host { display: block; }
    .card { box-sizing: border-box; max-width: 32rem; margin: 16px auto; padding: 20px;
      border: 1px solid var(--ph-border); border-top: 4px solid var(--ph-error); border-radius: 12px;
      background: var(--ph-surface); color: var(--ph-text); text-align: start; }
    h2 { margin: 0 0 8px; font-size: 1.3rem; line-height: 1.3; }
    .text { margin: 0; line-height: 1.5; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
    button, a.button { font: inherit; padding: 10px 18px; border-radius: 10px; border: 1px solid var(--ph-border);
      background: transparent; color: var(--ph-text); cursor: pointer; text-decoration: none;
      min-height: 44px; min-width: 44px; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center; }
    button.primary, a.button.primary { background: var(--ph-accent); border-color: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
    details { margin-top: 12px; }
    summary { min-height: 44px; display: flex; align-items: center; gap: 6px; cursor: pointer; color: var(--ph-accent); list-style: none; }
    summary::-webkit-details-marker { display: none; }
    summary::before { content: '▸'; }
    details[open] > summary::before { content: '▾'; }
    details.help summary { font-weight: 600; }
    details.help porthole-camera-help { margin: 4px 0 0; }
    details.more summary { color: var(--ph-muted); font-size: 0.9rem; }
    dl { margin: 0; font-size: 0.85rem; color: var(--ph-muted); overflow-wrap: anywhere; }
    dt { font-weight: 600; }
    dd { margin: 0 0 6px; }
    button:focus-visible, a:focus-visible, summary:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
  `;

  /** Whose screen shows the card. */
  @property() side: 'sender' | 'viewer' = 'viewer';
  /** The room's view in state `error` (its reason picks the headline and the main action). */
  @property({ attribute: false }) view: RoomView = { state: 'error' };
  /** More technical detail for "Details" (English is fine), if the screen has some. */
  @property({ attribute: false }) details: string | undefined;
  private readonly locale = new LocaleController(this);

  private _onRetry(): void {
    location.reload();
  }

  private action(action: ErrorAction) {
    switch (action) {
      case 'retry':
        return html`<button type="button" class="primary" data-testid="error-action" @click=${this._onRetry}>${t('errors.action.retry')}</button>`;
      case 'scan':
        // Home has no route that opens its scanner yet: its Scan button is one tap away there.
        return html`<a class="button primary" href="#/" data-testid="error-action">${t('errors.action.scan')}</a>`;
      case 'new-room':
        return html`<a class="button primary" href="#/send" data-testid="error-action">${t('errors.action.newRoom')}</a>`;
      default:
        return nothing;
    }
  }

  override render() {
    void this.locale;
    const view = this.view;
    const copy = errorCopy(this.side, view);
    const errorName = view.reason === 'camera' ? cameraErrorName(view.message) : undefined;
    return html`
      <section class="card" data-testid="error-card" data-reason=${view.reason ?? nothing} aria-labelledby="headline">
        <div role="alert">
          <h2 id="headline" data-testid="error-headline">${t(copy.title)}</h2>
          <p class="text" data-testid="error-text">${t(copy.text)}</p>
        </div>
        ${
          copy.cameraHelp
            ? html`<details class="help" data-testid="camera-help-disclosure">
                <summary>${t('errors.camera.help')}</summary>
                <porthole-camera-help></porthole-camera-help>
              </details>`
            : nothing
        }
        <div class="actions">
          ${this.action(copy.action)}
          <a class="button" href="#/" data-testid="error-home">${t('errors.action.home')}</a>
        </div>
        <details class="more" data-testid="error-details">
          <summary>${t('errors.details')}</summary>
          <dl>
            <dt>${t('errors.details.reason')}</dt>
            <dd><code>${view.reason ?? 'error'}</code></dd>
            ${errorName ? html`<dt>${t('errors.details.error')}</dt><dd><code>${errorName}</code></dd>` : nothing}
            ${
              view.message || this.details
                ? html`<dt>${t('errors.details.message')}</dt>
                  ${view.message ? html`<dd>${view.message}</dd>` : nothing}
                  ${this.details ? html`<dd>${this.details}</dd>` : nothing}`
                : nothing
            }
          </dl>
        </details>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-error-card': PortholeErrorCard;
  }
}
