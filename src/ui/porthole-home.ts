import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { parseRoute, type LinkError } from '../protocol/link';
import { screenStyles } from './shared-styles';

/** The home screen: start sending, or paste a viewer link to watch. */
@customElement('porthole-home')
export class PortholeHome extends LitElement {
  static override styles = screenStyles;

  /** A problem with the link that brought us here. */
  @property({ attribute: false }) error: LinkError | undefined;
  @state() private pasteError = '';

  private _onWatch(event: Event): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('link') as HTMLInputElement;
    const value = input.value.trim();
    const hash = value.includes('#') ? value.slice(value.indexOf('#')) : '';
    const route = parseRoute(hash);
    if (route.page !== 'view' || route.error || !route.params.secret) {
      this.pasteError = 'That is not a Porthole viewer link. It looks like …/#/view?r=…';
      return;
    }
    this.pasteError = '';
    location.hash = hash;
  }

  override render() {
    return html`
      <h1>Porthole</h1>
      <p>Turn this device's camera into a live window on another device.</p>
      ${this.error === 'unknown-page' ? html`<p class="status" data-kind="error">That page does not exist.</p>` : nothing}
      <a class="button" data-testid="start-sending" href="#/send">Start sending (camera)</a>
      <form @submit=${this._onWatch}>
        <label>Watch: paste a viewer link <input name="link" data-testid="paste-link" autocomplete="off" /></label>
        <button type="submit">Watch</button>
        ${this.pasteError ? html`<p class="status" data-kind="error" role="alert">${this.pasteError}</p>` : nothing}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-home': PortholeHome;
  }
}
