import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { parseRoute } from '../protocol/link';
import { LocaleController, t } from '../ui/i18n/i18n';
import type { SwStatus } from './sw-bridge';

/** How long the "ready to work offline" toast stays up, in ms. */
export const offlineReadyToastMs = 5000;

/** True while the page shows the home screen (the only screen without video). */
export function onHomeScreen(hash: string = location.hash): boolean {
  return parseRoute(hash).page === 'home';
}

/** Follows `navigator.onLine` ('online' / 'offline' events) and re-renders its host. */
export class OnlineController implements ReactiveController {
  /** Whether the browser thinks it has a network. */
  online = navigator.onLine;
  private readonly onChange = (): void => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    addEventListener('online', this.onChange);
    addEventListener('offline', this.onChange);
    this.onChange();
  }
  hostDisconnected(): void {
    removeEventListener('online', this.onChange);
    removeEventListener('offline', this.onChange);
  }
}

/**
 * The app's PWA status: an offline banner (in the page flow, above the app) while the browser is
 * offline, a "ready to work offline" line after the first service worker install, in the same
 * place and on the home screen only, so that it never covers video or the scanner (news that
 * arrives on a sender or viewer screen waits for the next visit home; leaving home hides it; it
 * hides by itself after {@link offlineReadyToastMs}), and a persistent "new version available — Reload" prompt while an update waits:
 * a card floating at the bottom of the home screen, but on a sender or viewer screen a slim bar in
 * the page flow above the app, so that it never covers the video.
 * Service worker news arrives as `porthole-sw` events on window from sw-bridge.ts, so this
 * element must be in the page before the worker registers (index.html mounts it next to
 * `<porthole-app>`).
 */
@customElement('porthole-update')
export class PortholeUpdate extends LitElement {
  static override styles = css`
    :host { display: block; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ph-text); }
    .offline { margin: 0; padding: 10px 16px; padding-top: max(10px, env(safe-area-inset-top));
      background: var(--ph-surface); border-bottom: 1px solid var(--ph-border); font-size: 0.95rem; line-height: 1.4; }
    .ready { text-align: center; }
    .stack { position: fixed; z-index: 1000; left: 0; right: 0; bottom: 0; display: flex; flex-direction: column;
      align-items: center; gap: 8px; padding: 12px; padding-bottom: max(12px, env(safe-area-inset-bottom)); pointer-events: none; }
    .card { pointer-events: auto; box-sizing: border-box; width: min(480px, 100%); display: flex; flex-wrap: wrap;
      align-items: center; gap: 8px 12px; padding: 12px 14px; border-radius: 12px; border: 1px solid var(--ph-border);
      background: var(--ph-surface); box-shadow: 0 6px 24px #0006; }
    .card p { margin: 0; flex: 1 1 12em; }
    .actions { display: flex; gap: 8px; margin-left: auto; }
    button { font: inherit; padding: 8px 14px; min-height: 44px; min-width: 44px; border-radius: 10px; border: 1px solid var(--ph-border);
      background: var(--ph-surface); color: var(--ph-text); cursor: pointer; }
    button.primary { background: var(--ph-accent); border-color: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
    button:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
    .card.bar { width: 100%; border-radius: 0; border-width: 0 0 1px; box-shadow: none; padding: 4px 16px;
      padding-top: max(4px, env(safe-area-inset-top)); font-size: 0.95rem; }
  `;

  private readonly network = new OnlineController(this);
  /** Activates the waiting worker and reloads; set while an update waits and is not dismissed. */
  @state() private reload: (() => void) | undefined;
  @state() private offlineReady = false;
  @state() private reloading = false;
  /** True on the home screen (the prompt may float there: no video to cover). */
  @state() private home = onHomeScreen();
  /** "Ready to work offline" arrived and waits for the home screen. */
  private offlineReadyPending = false;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('porthole-sw', this.onServiceWorker);
    addEventListener('hashchange', this.onRoute);
  }

  override disconnectedCallback(): void {
    removeEventListener('porthole-sw', this.onServiceWorker);
    removeEventListener('hashchange', this.onRoute);
    clearTimeout(this.toastTimer);
    super.disconnectedCallback();
  }

  private readonly onServiceWorker = (event: CustomEvent<SwStatus>): void => {
    const status = event.detail;
    if (status.kind === 'update-waiting') {
      this.reload = status.reload;
      return;
    }
    this.offlineReadyPending = true;
    this.onRoute();
  };

  /** Shows waiting "ready offline" news on the home screen; hides it on any other screen. */
  private readonly onRoute = (): void => {
    this.home = onHomeScreen();
    if (!this.home) {
      this.offlineReady = false;
      clearTimeout(this.toastTimer);
      return;
    }
    if (!this.offlineReadyPending) return;
    this.offlineReadyPending = false;
    this.offlineReady = true;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.offlineReady = false), offlineReadyToastMs);
  };

  private _onReload(): void {
    this.reloading = true;
    this.reload?.();
  }

  private _onDismiss(): void {
    this.reload = undefined;
  }

  /** The "new version available" prompt: `floating` on home, else a bar in the page flow. */
  private updatePrompt(floating: boolean) {
    return html`<div class=${floating ? 'card' : 'card bar'} role="status" data-testid="pwa-update"
      data-placement=${floating ? 'floating' : 'bar'}>
      <p>${t('pwa.updateAvailable')}</p>
      <div class="actions">
        <button type="button" @click=${this._onDismiss}>${t('pwa.dismiss')}</button>
        <button type="button" class="primary" ?disabled=${this.reloading} @click=${this._onReload}>${t('pwa.reload')}</button>
      </div>
    </div>`;
  }

  override render() {
    return html`
      ${this.network.online ? nothing : html`<p class="offline" role="alert" data-testid="pwa-offline">${t('pwa.offline')}</p>`}
      ${
        // In the page flow above the home screen, like the offline banner: it covers nothing (the scanner's preview included).
        this.offlineReady && !this.reload
          ? html`<p class="offline ready" role="status" data-testid="pwa-offline-ready">${t('pwa.offlineReady')}</p>`
          : nothing
      }
      ${
        // On a room screen, in the page flow too: a floating card would cover the video.
        this.reload && !this.home ? this.updatePrompt(false) : nothing
      }
      <div class="stack">${this.reload && this.home ? this.updatePrompt(true) : nothing}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-update': PortholeUpdate;
  }
}
