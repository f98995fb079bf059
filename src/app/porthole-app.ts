import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { parseRoute, type Page, type Route } from '../protocol/link';
import { applySavedPreferences } from '../ui/preferences';
import { RoomStateEvent } from '../ui/controllers/room-state';

/** Each screen is its own chunk: a viewer never loads the sender's or the home screen's code. */
const screens: Record<Page, () => Promise<unknown>> = {
  home: () => import('../ui/screens/porthole-home'),
  send: () => import('../ui/screens/porthole-sender'),
  view: () => import('../ui/screens/porthole-viewer'),
};

/**
 * The app's root: routes `#/`, `#/send?…`, `#/view?…` and mirrors the current role's state to
 * its own `data-state`, `data-role` and `data-reason` attributes (the test contract).
 */
@customElement('porthole-app')
export class PortholeApp extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; background: var(--ph-bg); color: var(--ph-text);
      font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
  `;

  @state() private route: Route = parseRoute(location.hash);
  @state() private loaded: ReadonlySet<Page> = new Set();
  private readonly onHashChange = (): void => {
    this.route = parseRoute(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    applySavedPreferences();
    addEventListener('hashchange', this.onHashChange);
    this.addEventListener(RoomStateEvent.eventName, this.onRoomState);
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener(RoomStateEvent.eventName, this.onRoomState);
    super.disconnectedCallback();
  }

  private readonly onRoomState = (event: Event): void => {
    const { role, view } = event as RoomStateEvent;
    this.dataset.role = role;
    this.dataset.state = view.state;
    if (view.reason) this.dataset.reason = view.reason;
    else delete this.dataset.reason;
  };

  override willUpdate(): void {
    const page = this.route.page;
    if (this.loaded.has(page)) return;
    void screens[page]().then(() => {
      this.loaded = new Set([...this.loaded, page]);
    });
  }

  override render() {
    const { page, params, error } = this.route;
    // Render a screen only once its element is defined, so it starts with its properties set.
    if (!this.loaded.has(page)) return html`<main aria-busy="true"></main>`;
    if (page === 'home') {
      delete this.dataset.role;
      delete this.dataset.reason;
      this.dataset.state = 'init';
      return html`<main><porthole-home .error=${error}></porthole-home></main>`;
    }
    // A new key per room so a changed link builds a fresh element (and session).
    const key = `${page}:${params.secret ?? 'new'}`;
    return html`<main>${
      page === 'send'
        ? keyed(key, html`<porthole-sender .params=${params} .linkError=${error}></porthole-sender>`)
        : keyed(key, html`<porthole-viewer .params=${params} .linkError=${error}></porthole-viewer>`)
    }</main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-app': PortholeApp;
  }
}
