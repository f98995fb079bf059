import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RoomView } from '../controllers/room-state';
import { LocaleController, t } from '../i18n/i18n';
import { describe } from '../i18n/messages';

/**
 * A room screen's error as a card: a headline in plain words, the main action for this reason
 * (try again, scan the new code, how to allow the camera…) and Home as the second action.
 */
@customElement('porthole-error-card')
export class PortholeErrorCard extends LitElement {
  static override styles = css`
    :host { display: block; }
  `;

  /** Whose screen shows the card. */
  @property() side: 'sender' | 'viewer' = 'viewer';
  /** The room's view in state `error` (its reason picks the headline and the main action). */
  @property({ attribute: false }) view: RoomView = { state: 'error' };
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    return html`
      <h2 data-testid="error-headline">${this.view.message ?? describe(this.side, this.view)}</h2>
      <a class="button" href="#/" data-testid="error-home">${t('viewer.home')}</a>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-error-card': PortholeErrorCard;
  }
}
