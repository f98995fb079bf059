import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { defaultSignaling, type DefaultSignaling } from '../../app/default-signaling';
import { forgetRelayConfig } from '../../app/relay-access';
import { maxIceServers, type Via } from '../../protocol/link';
import { LocaleController, setLocale, t, type MessageKey } from '../i18n/i18n';
import { applyTheme } from '../preferences';
import {
  draftFromSettings,
  loadSettings,
  saveSettings,
  validateSettings,
  type LanguageChoice,
  type Settings,
  type SettingsDraft,
  type SettingsField,
  type ThemeChoice,
} from '../../storage/settings-store';
import { relayOrigin, saveRelayToken } from '../../storage/relay-token';
import { fireEvent } from '../fire-event';
import { screenStyles } from '../styles/shared-styles';

/** The detail of a `porthole-settings-saved` event. */
export interface SettingsSavedDetail {
  /** The settings now stored. */
  settings: Settings;
}

/** How a server is named to the person: a host is enough. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * The settings panel: signaling transport (the default option names what the default is on this
 * page: the relay that served it, or the public MQTT brokers; a line says what new rooms use),
 * STUN/TURN servers (saved with the Save button, only when valid), language and theme (applied
 * and saved at once).
 * @fires porthole-settings-saved - `CustomEvent<SettingsSavedDetail>` after settings were stored.
 */
@customElement('porthole-settings')
export class PortholeSettings extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { padding: 0; gap: 16px; margin: 0; max-width: none; }
      h2 { margin: 0; font-size: 1.25rem; }
      p { margin: 0; }
      section { display: flex; flex-direction: column; gap: 16px; }
      form { display: flex; flex-direction: column; gap: 16px; }
      fieldset { border: 1px solid var(--ph-border); border-radius: 12px; padding: 12px 14px 14px; margin: 0;
        display: flex; flex-direction: column; gap: 10px; min-width: 0; }
      legend { font-weight: 600; padding: 0 4px; }
      .choice { display: flex; gap: 10px; align-items: center; min-height: 44px; cursor: pointer; }
      .choice input { width: 20px; height: 20px; margin: 0; accent-color: var(--ph-accent); }
      .field { display: flex; flex-direction: column; gap: 6px; }
      .field label { font-weight: 600; }
      .field input, .field textarea, .field select { width: 100%; box-sizing: border-box; }
      textarea { font: inherit; font-family: ui-monospace, monospace; font-size: 0.95rem; padding: 8px 10px; border-radius: 8px;
        border: 1px solid var(--ph-border); background: var(--ph-bg); color: var(--ph-text); resize: vertical; }
      textarea:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
      input[type='url'], select { background: var(--ph-bg); }
      [aria-invalid='true'] { border-color: var(--ph-error); border-width: 2px; }
      .hint { font-size: 0.9rem; color: var(--ph-muted); overflow-wrap: anywhere; }
      .how-to summary { min-height: 44px; display: flex; align-items: center; cursor: pointer; color: var(--ph-accent); }
      .how-to summary::before { content: '▸'; margin-inline-end: 6px; }
      .how-to[open] summary::before { content: '▾'; }
      .how-to summary::-webkit-details-marker { display: none; }
      .error { font-size: 0.95rem; color: var(--ph-error); font-weight: 600; }
      .in-use { font-weight: 600; overflow-wrap: anywhere; }
      .primary { background: var(--ph-accent); color: var(--ph-bg); border-color: var(--ph-accent); font-weight: 600; }
    `,
  ];

  @state() private draft: SettingsDraft = draftFromSettings(loadSettings());
  @state() private errors: Partial<Record<SettingsField, MessageKey>> = {};
  @state() private status: MessageKey | undefined;
  /** The transport saved for new rooms (absent: the default). */
  @state() private savedVia: Via | undefined = loadSettings().via;
  /** What the default transport is on this page (asks the page's origin for /api/config once). */
  private readonly defaultTransport = new Task(this, {
    task: () => defaultSignaling(location.href),
    args: () => [],
  });
  @query('h2') private readonly _heading!: HTMLElement | null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const settings = loadSettings();
    this.draft = draftFromSettings(settings);
    this.savedVia = settings.via;
  }

  /** Puts the keyboard focus on the panel's heading (the panel's start, for screen readers too). */
  override focus(): void {
    this._heading?.focus();
  }

  /** Updates one draft field and clears its error and the last status. */
  private _edit(field: SettingsField, value: string): void {
    this.draft = { ...this.draft, [field]: value };
    this._clearError(field);
    this.status = undefined;
  }

  /** Removes one field's error. */
  private _clearError(field: SettingsField): void {
    if (this.errors[field] === undefined) return;
    const errors = { ...this.errors };
    delete errors[field];
    this.errors = errors;
  }

  private _onTransport(event: Event): void {
    this._edit('transport', (event.target as HTMLInputElement).value);
    this._clearError('url');
  }

  private _onUrl(event: Event): void {
    this._edit('url', (event.target as HTMLInputElement).value);
  }

  private _onIce(event: Event): void {
    this._edit('ice', (event.target as HTMLTextAreaElement).value);
  }

  /** Language and theme take effect and are stored at once, on top of the saved settings. */
  private _onLanguage(event: Event): void {
    const language = (event.target as HTMLSelectElement).value as LanguageChoice;
    this.draft = { ...this.draft, language };
    setLocale(language);
    saveSettings({ ...loadSettings(), language });
  }

  private _onTheme(event: Event): void {
    const theme = (event.target as HTMLSelectElement).value as ThemeChoice;
    this.draft = { ...this.draft, theme };
    applyTheme(theme);
    saveSettings({ ...loadSettings(), theme });
  }

  private async _onSave(event: Event): Promise<void> {
    event.preventDefault();
    const result = validateSettings(this.draft);
    if (!result.ok) {
      this.errors = result.errors;
      this.status = 'settings.invalid';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.errors = {};
    // A token typed into the relay URL goes where tokens belong (kept for that relay), not into links.
    const tokenKept = this._keepRelayToken(result.settings.via, result.relayToken);
    if (!saveSettings(result.settings)) {
      this.status = 'settings.saveFailed';
      return;
    }
    this.draft = draftFromSettings(result.settings);
    this.savedVia = result.settings.via;
    this.status = tokenKept ? 'settings.savedToken' : 'settings.saved';
    fireEvent(this, 'porthole-settings-saved', { settings: result.settings });
  }

  /** Keeps a token taken out of the relay URL for that relay; true when one was kept. */
  private _keepRelayToken(via: Via | undefined, token: string | undefined): boolean {
    if (via?.kind !== 'relay' || token === undefined || !saveRelayToken(via.url, token)) return false;
    const origin = relayOrigin(via.url);
    if (origin !== undefined) forgetRelayConfig(origin);
    return true;
  }

  /** The inline error under a field, referenced by the field's aria-describedby. */
  private _error(field: SettingsField) {
    const key = this.errors[field];
    return key
      ? html`<p class="error" id="${field}-error" data-testid="${field}-error">${t(key, { max: maxIceServers })}</p>`
      : nothing;
  }

  private _transportChoice(value: string, label: string) {
    return html`<label class="choice">
      <input type="radio" name="transport" value=${value} data-testid="transport-${value}"
        .checked=${this.draft.transport === value} @change=${this._onTransport} />
      <span>${label}</span>
    </label>`;
  }

  /** The default transport on this page in words, or undefined while it is being found out. */
  private _defaultServer(): string | undefined {
    const found: DefaultSignaling | undefined = this.defaultTransport.value;
    if (!found) return undefined;
    return found.kind === 'relay'
      ? t('settings.transport.siteRelay', { host: found.host })
      : t('settings.transport.publicBrokers');
  }

  /** The transport new rooms from this device use, in words. */
  private _serverInUse(): string | undefined {
    const via = this.savedVia;
    if (!via) return this._defaultServer();
    return t(via.kind === 'mqtt' ? 'settings.transport.ownMqtt' : 'settings.transport.ownRelay', {
      host: hostOf(via.url),
    });
  }

  private _urlField() {
    const kind = this.draft.transport;
    if (kind !== 'mqtt' && kind !== 'relay') return nothing;
    const invalid = this.errors.url !== undefined;
    return html`<div class="field">
      <label for="url">${t(kind === 'mqtt' ? 'settings.url.mqtt' : 'settings.url.relay')}</label>
      <input id="url" type="url" data-testid="transport-url" autocomplete="off" spellcheck="false"
        inputmode="url" .value=${this.draft.url} @input=${this._onUrl}
        aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'url-error url-hint' : 'url-hint'} />
      ${this._error('url')}
      <p class="hint" id="url-hint">${t(kind === 'mqtt' ? 'settings.url.mqttHint' : 'settings.url.relayHint')}</p>
    </div>`;
  }

  override render() {
    const iceInvalid = this.errors.ice !== undefined;
    const saved = this.status === 'settings.saved';
    const defaultServer = this._defaultServer();
    const inUse = this._serverInUse();
    return html`
      <section aria-labelledby="settings-title">
      <h2 id="settings-title" tabindex="-1">${t('settings.title')}</h2>
      <p class="hint">${t('settings.intro')}</p>
      <form @submit=${this._onSave} novalidate>
        <fieldset>
          <legend>${t('settings.transport.legend')}</legend>
          <p class="in-use" data-testid="transport-in-use">${
            inUse ? t('settings.transport.inUse', { server: inUse }) : t('settings.transport.defaultChecking')
          }</p>
          ${this._transportChoice(
            'public',
            defaultServer
              ? t('settings.transport.default', { server: defaultServer })
              : t('settings.transport.defaultChecking'),
          )}
          ${this._transportChoice('mqtt', t('settings.transport.mqtt'))}
          ${this._transportChoice('relay', t('settings.transport.relay'))}
          ${this._urlField()}
          <p class="hint">${t('settings.transport.hint')}</p>
        </fieldset>
        <div class="field">
          <label for="ice">${t('settings.ice.label')}</label>
          <textarea id="ice" rows="3" data-testid="ice" spellcheck="false" autocomplete="off" .value=${this.draft.ice}
            placeholder="stun:stun.example.org:3478"
            @input=${this._onIce} aria-invalid=${iceInvalid ? 'true' : 'false'}
            aria-describedby=${iceInvalid ? 'ice-error ice-hint ice-format' : 'ice-hint ice-format'}></textarea>
          ${this._error('ice')}
          <p class="hint" id="ice-hint">${t('settings.ice.hint')}</p>
          <details class="how-to" data-testid="ice-how-to">
            <summary>${t('settings.ice.howTo')}</summary>
            <p class="hint" id="ice-format">${t('settings.ice.format', { max: maxIceServers })}</p>
          </details>
        </div>
        <div class="row">
          <button type="submit" class="primary" data-testid="settings-save">${t('settings.save')}</button>
        </div>
        <p class=${saved ? 'hint' : 'error'} role=${saved ? 'status' : 'alert'} data-testid="settings-status">
          ${this.status ? t(this.status) : nothing}
        </p>
        <fieldset>
          <legend>${t('settings.display.legend')}</legend>
          <div class="field">
            <label for="language">${t('settings.language.label')}</label>
            <select id="language" data-testid="language" .value=${this.draft.language} @change=${this._onLanguage}>
              <option value="auto">${t('settings.language.auto')}</option>
              <option value="en" lang="en">${t('settings.language.en')}</option>
              <option value="zh-CN" lang="zh-CN">${t('settings.language.zh')}</option>
            </select>
          </div>
          <div class="field">
            <label for="theme">${t('settings.theme.label')}</label>
            <select id="theme" data-testid="theme" .value=${this.draft.theme} @change=${this._onTheme}>
              <option value="auto">${t('settings.theme.auto')}</option>
              <option value="light">${t('settings.theme.light')}</option>
              <option value="dark">${t('settings.theme.dark')}</option>
            </select>
          </div>
        </fieldset>
      </form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-settings': PortholeSettings;
  }
  interface HTMLElementEventMap {
    'porthole-settings-saved': CustomEvent<SettingsSavedDetail>;
  }
}
