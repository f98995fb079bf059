import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { TokenPrompt } from '../../app/relay-access';
import { isValidRelayToken, maxRelayTokenChars, saveRelayToken } from '../../storage/relay-token';
import { fireEvent } from '../fire-event';
import { LocaleController, type MessageKey, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';

/**
 * Asks for a private relay's access token before a room connects to it: says which relay needs
 * it (its host, prominently; and, when it is not the server this page came from, that a link named
 * another server and to enter only a token its operator gave), keeps it on this device only
 * (localStorage, per relay), and says so when the relay refused the one given before. The token is
 * never shown in a URL or written to the console.
 * @fires porthole-relay-token - `CustomEvent<{ origin: string }>` (bubbles, composed) once the token is kept.
 */
@customElement('porthole-relay-token')
export class PortholeRelayToken extends LitElement {
  static override styles = [
    screenStyles,
    css`
      .card { border: 1px solid var(--ph-border); border-radius: 16px; padding: 20px; background: var(--ph-surface);
        display: flex; flex-direction: column; gap: 12px; max-width: 560px; width: 100%; margin: 0 auto; box-sizing: border-box; }
      h1 { margin: 0; font-size: 1.3rem; }
      p { margin: 0; line-height: 1.45; }
      label { font-weight: 600; }
      input[type='password'], input[type='text'] { width: 100%; box-sizing: border-box; min-height: 44px; }
      input[aria-invalid='true'] { border-color: var(--ph-error); border-width: 2px; }
      .hint { color: var(--ph-muted); font-size: 0.9rem; }
      .error { color: var(--ph-error); font-weight: 600; }
      .host { font-family: ui-monospace, monospace; font-size: 1.25rem; font-weight: 700; overflow-wrap: anywhere; }
      .other { border: 2px solid var(--ph-error); border-radius: 10px; padding: 10px 12px; font-weight: 600; }
      button { min-height: 44px; align-self: flex-start; }
      .primary { background: var(--ph-accent); color: var(--ph-on-accent, #fff); border-color: var(--ph-accent); }
    `,
  ];

  /** The origin (`https://host:port`) of the relay that needs the token. */
  @property() origin = '';
  /** The relay's host and, when another server served this page, that one's (from `tokenPrompt`). */
  @property({ attribute: false }) prompt: TokenPrompt | undefined;
  /** Whether the relay refused the token given before (says so above the field). */
  @property({ type: Boolean }) refused = false;

  @state() private problem: MessageKey | undefined;
  @state() private reveal = false;
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const problem = this.problem ?? (this.refused ? 'relay.token.wrong' : undefined);
    return html`
      <form class="card" data-testid="relay-token-screen" aria-labelledby="title" @submit=${this._onSubmit} novalidate>
        <h1 id="title">${t('relay.token.title')}</h1>
        <p class="host" data-testid="relay-token-host">${this.prompt?.host ?? this.origin}</p>
        ${
          this.prompt?.otherThanPage !== undefined
            ? html`<p class="other" role="note" data-testid="relay-token-other-server">${t('relay.token.otherServer', {
                host: this.prompt.host,
                page: this.prompt.otherThanPage,
              })}</p>`
            : nothing
        }
        <p>${t('relay.token.intro', { origin: this.origin })}</p>
        ${
          problem
            ? html`<p class="error" role="alert" id="token-error" data-testid="relay-token-error">${t(problem, { max: maxRelayTokenChars })}</p>`
            : nothing
        }
        <label for="token">${t('relay.token.label')}</label>
        <input id="token" name="token" data-testid="relay-token" type=${this.reveal ? 'text' : 'password'}
          autocomplete="off" autocapitalize="off" spellcheck="false" maxlength=${maxRelayTokenChars + 1}
          aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'token-error kept' : 'kept'}
          @input=${() => (this.problem = undefined)} />
        <label class="row"><input type="checkbox" .checked=${this.reveal} @change=${this._onReveal} />${t('relay.token.show')}</label>
        <p class="hint" id="kept">${t('relay.token.kept')}</p>
        <button class="primary" type="submit" data-testid="relay-token-submit">${t('relay.token.submit')}</button>
      </form>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#token')?.focus();
  }

  private _onReveal(event: Event): void {
    this.reveal = (event.target as HTMLInputElement).checked;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#token');
    const token = input?.value ?? '';
    if (!isValidRelayToken(token)) {
      this.problem = token.trim() === '' ? 'relay.token.empty' : 'relay.token.tooLong';
      input?.focus();
      return;
    }
    saveRelayToken(this.origin, token);
    if (input) input.value = '';
    fireEvent(this, 'porthole-relay-token', { origin: this.origin });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-relay-token': PortholeRelayToken;
  }
  interface HTMLElementEventMap {
    'porthole-relay-token': CustomEvent<{ origin: string }>;
  }
}
