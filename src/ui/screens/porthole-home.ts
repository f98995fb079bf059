import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { LinkError } from '../../protocol/link';
import type { ScanDetail } from '../components/porthole-scanner';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { viewerHashFrom } from '../links/viewer-hash';
import { mayHaveCamera } from '../scan/qr-support';
import { screenStyles } from '../styles/shared-styles';
import '../components/porthole-recent';
import './porthole-settings';

/**
 * The home screen: start sending; watch by pasting a viewer link or scanning its QR code
 * (offered wherever a camera may exist; the scanner and its reader load on demand); recently
 * used rooms; settings.
 */
@customElement('porthole-home')
export class PortholeHome extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { gap: 16px; padding-bottom: 32px; max-width: 640px; }
      header { display: flex; flex-direction: column; gap: 12px; }
      .title { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
      h1 { margin: 0; font-size: 1.8rem; }
      h2 { margin: 0; font-size: 1.15rem; }
      p { margin: 0; }
      .tagline { color: var(--ph-muted); }
      .card, porthole-recent, porthole-settings { background: var(--ph-surface); border: 1px solid var(--ph-border);
        border-radius: 14px; padding: 16px; display: flex; flex-direction: column; gap: 12px; margin: 0; max-width: none; }
      porthole-recent[hidden] { display: none; }
      .hint { color: var(--ph-muted); font-size: 0.95rem; }
      a.button.primary { background: var(--ph-accent); color: var(--ph-bg); border-color: var(--ph-accent); font-weight: 600;
        text-align: center; padding: 14px 18px; font-size: 1.1rem; }
      form { display: flex; flex-direction: column; gap: 8px; }
      label { font-weight: 600; }
      input { width: 100%; box-sizing: border-box; background: var(--ph-bg); }
      input[aria-invalid='true'] { border-color: var(--ph-error); border-width: 2px; }
      .row > button { flex: 1 1 auto; }
      .or { color: var(--ph-muted); }
      .notice { border: 2px solid var(--ph-error); border-radius: 10px; padding: 10px 12px; color: var(--ph-text); }
    `,
  ];

  /** A problem with the link that brought us here (`unknown-page` is shown as a notice). */
  @property({ attribute: false }) error: LinkError | undefined;

  @state() private pasteError: MessageKey | undefined;
  @state() private scanMessage: MessageKey | undefined;
  @state() private scanning = false;
  @state() private scanHint: MessageKey | undefined;
  @state() private settingsOpen = false;
  /** False once this device is known to have no camera: the Scan button goes. */
  @state() private cameraPossible = typeof navigator.mediaDevices?.getUserMedia === 'function';
  @query('[data-testid="scan"]') private readonly _scanButton!: HTMLButtonElement | null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void mayHaveCamera().then((possible) => (this.cameraPossible = possible));
  }

  private _onWatch(event: Event): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('link') as HTMLInputElement;
    const result = viewerHashFrom(input.value);
    if ('error' in result) {
      this.pasteError = result.error;
      input.focus();
      return;
    }
    this.pasteError = undefined;
    location.hash = result.hash;
  }

  private async _onScan(): Promise<void> {
    this.scanMessage = undefined;
    try {
      await import('../components/porthole-scanner');
    } catch {
      this.scanMessage = 'home.scan.loadFailed';
      return;
    }
    this.scanHint = undefined;
    this.scanning = true;
    // The preview opens below the Scan button: bring all of it into view (a laptop's fold cuts it).
    await this.updateComplete;
    this.renderRoot.querySelector('porthole-scanner')?.scrollIntoView({ block: 'nearest' });
  }

  private _onScanned(event: CustomEvent<ScanDetail>): void {
    const result = viewerHashFrom(event.detail.text);
    if ('error' in result) {
      this.scanHint = result.error;
      return;
    }
    this.scanning = false;
    location.hash = result.hash;
  }

  private async _onScanClose(): Promise<void> {
    this.scanning = false;
    await this.updateComplete;
    this._scanButton?.focus();
  }

  private async _onToggleSettings(): Promise<void> {
    this.settingsOpen = !this.settingsOpen;
    if (!this.settingsOpen) return;
    await this.updateComplete;
    const panel = this.renderRoot.querySelector('porthole-settings');
    await panel?.updateComplete;
    panel?.scrollIntoView({ block: 'start' });
    panel?.focus();
  }

  override render() {
    const pasteInvalid = this.pasteError !== undefined;
    return html`
      <header>
        <div class="title">
          <h1>${t('common.appName')}</h1>
          <button type="button" data-testid="settings-toggle" aria-expanded=${this.settingsOpen ? 'true' : 'false'}
            aria-controls=${this.settingsOpen ? 'settings-panel' : nothing} @click=${this._onToggleSettings}>${t('home.settings.open')}</button>
        </div>
        <p class="tagline" data-testid="tagline">${t('home.tagline')}</p>
      </header>
      ${
        this.error === 'unknown-page'
          ? html`<p class="notice" role="alert" data-testid="unknown-page">${t('home.unknownPage')}</p>`
          : nothing
      }
      <section class="card" aria-labelledby="send-heading">
        <h2 id="send-heading">${t('home.send.heading')}</h2>
        <p class="hint">${t('home.send.hint')}</p>
        <a class="button primary" data-testid="start-sending" href="#/send">${t('home.send.start')}</a>
      </section>
      <section class="card" aria-labelledby="watch-heading">
        <h2 id="watch-heading">${t('home.watch.heading')}</h2>
        <form @submit=${this._onWatch} novalidate>
          <label for="link">${t('home.watch.label')}</label>
          <input id="link" name="link" data-testid="paste-link" autocomplete="off" spellcheck="false"
            placeholder="https://…/#/view?r=…" aria-invalid=${pasteInvalid ? 'true' : 'false'}
            aria-describedby=${pasteInvalid ? 'paste-error' : nothing} @input=${() => (this.pasteError = undefined)} />
          ${
            pasteInvalid
              ? html`<p class="status" data-kind="error" role="alert" id="paste-error" data-testid="paste-error">${t(this.pasteError!)}</p>`
              : nothing
          }
          <div class="row">
            <button type="submit" data-testid="watch">${t('home.watch.submit')}</button>
            ${
              this.cameraPossible
                ? html`<span class="or">${t('home.watch.or')}</span>
                  <button type="button" data-testid="scan" @click=${this._onScan}>${t('home.watch.scan')}</button>`
                : nothing
            }
          </div>
        </form>
        ${
          this.scanMessage
            ? html`<p class="status" data-kind="error" role="alert" data-testid="scan-message">${t(this.scanMessage)}</p>`
            : nothing
        }
        ${
          this.scanning
            ? html`<porthole-scanner .hint=${this.scanHint} @porthole-scan=${this._onScanned}
              @porthole-close=${this._onScanClose}></porthole-scanner>`
            : nothing
        }
      </section>
      <porthole-recent></porthole-recent>
      ${this.settingsOpen ? html`<porthole-settings id="settings-panel"></porthole-settings>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-home': PortholeHome;
  }
}
