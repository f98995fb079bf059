import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { parseRoute, type Page, type Role, type Route } from '../protocol/link';
import { applySavedPreferences } from '../ui/preferences';
import { RoomStateEvent, type RoomView } from '../ui/controllers/room-state';
import { type MonitorAlert, MonitorAlertEvent } from '../ui/monitor/alert-event';
import { viewerScreenHold } from './early-room';
import { forgetRelayConfig, onRelayTokenRefused, relayNeedingToken, tokenPrompt } from './relay-access';

/** Each screen is its own chunk: a viewer never loads the sender's or the home screen's code. */
const screens: Record<Page, () => Promise<unknown>> = {
  home: () => import('../ui/screens/porthole-home'),
  send: () => import('../ui/screens/porthole-sender'),
  view: () => import('../ui/screens/porthole-viewer'),
  grid: () => import('../ui/screens/porthole-grid'),
};

/** Pages that are no room of their own: no role on the root, no relay-token gate (the grid's tiles are rooms of their own). */
const roomless = (page: Page): boolean => page === 'home' || page === 'grid';

/** The relay-token screen's chunk, loaded only when a relay asks for a token. */
const loadTokenScreen = (): Promise<unknown> => import('../ui/screens/porthole-relay-token');

/**
 * The app's root: routes `#/`, `#/send?…`, `#/view?…` and `#/grid` (several cameras; the root stays as
 * on home) and mirrors the current role's state to its own `data-state`, `data-role` and
 * `data-reason` attributes (the test contract), from the `porthole-state` events its screen fires,
 * and a monitor's raised alert to `data-alert` (from its `porthole-alert` events; absent when none is raised).
 */
@customElement('porthole-app')
export class PortholeApp extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; background: var(--ph-bg); color: var(--ph-text);
      font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
  `;

  /** The current role, reflected to `data-role`; absent on the home screen. Set by the app itself. */
  @property({ attribute: 'data-role', reflect: true }) roomRole: Role | undefined;
  /** The current role's state, reflected to `data-state` (`init` on the home screen). Set by the app itself. */
  @property({ attribute: 'data-state', reflect: true }) roomState: RoomView['state'] | undefined;
  /** Why the role is where it is (`busy`, `confirm`, …), reflected to `data-reason`. Set by the app itself. */
  @property({ attribute: 'data-reason', reflect: true }) roomReason: string | undefined;
  /** The alert a monitor-mode viewer raises now (`stalled`, `sound`, `motion`), reflected to `data-alert`. Set by the app itself. */
  @property({ attribute: 'data-alert', reflect: true }) alert: MonitorAlert | undefined;

  @state() private route: Route = parseRoute(location.hash);
  /** Loads the route's screen chunk; the screen renders once its element is defined. */
  private readonly screen = new Task(this, {
    task: ([page]) => screens[page](),
    args: () => [this.route.page] as const,
  });
  /** Counts address changes: a held screen shows only if no change came after it. */
  private routeChanges = 0;
  private readonly onHashChange = (): void => {
    const change = ++this.routeChanges;
    const show = (): void => {
      if (change !== this.routeChanges) return;
      this.route = parseRoute(location.hash);
      this.alert = undefined; // another screen: its alerts are its own
      this.tokenRefusedBy = undefined; // another room: the gate checks its relay afresh
    };
    // A viewer link pasted or scanned here: its room connects first (early-room.ts).
    const hold = viewerScreenHold();
    if (hold) void hold.then(show);
    else show();
  };
  /** A relay that refused this device's token (asked again), until a new one is kept. */
  @state() private tokenRefusedBy: string | undefined;
  /** Bumped when a token is kept, so that the gate checks again. */
  @state() private tokenChecks = 0;
  /** The origin of the room's relay when it needs a token this device lacks: asked before the room screen connects. */
  private readonly tokenGate = new Task(this, {
    task: async ([page]) => {
      if (roomless(page)) return undefined;
      const role = page === 'send' ? 'sender' : 'viewer';
      const origin = await relayNeedingToken({ role, params: this.route.params, pageUrl: location.href });
      if (origin !== undefined) await loadTokenScreen();
      return origin;
    },
    args: () => [this.route.page, JSON.stringify(this.route.params.via ?? null), this.tokenChecks] as const,
  });
  private offTokenRefused: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    applySavedPreferences();
    addEventListener('hashchange', this.onHashChange);
    this.addEventListener(RoomStateEvent.eventName, this.onRoomState);
    this.addEventListener(MonitorAlertEvent.eventName, this.onAlert);
    this.offTokenRefused = onRelayTokenRefused((origin) => {
      void loadTokenScreen().then(() => {
        this.tokenRefusedBy = origin;
      });
    });
  }

  override disconnectedCallback(): void {
    this.offTokenRefused?.();
    removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener(RoomStateEvent.eventName, this.onRoomState);
    this.removeEventListener(MonitorAlertEvent.eventName, this.onAlert);
    super.disconnectedCallback();
  }

  private readonly onRoomState = ({ role, view }: RoomStateEvent): void => {
    this.roomRole = role;
    this.roomState = view.state;
    this.roomReason = view.reason;
  };

  private readonly onAlert = ({ alert }: MonitorAlertEvent): void => {
    this.alert = alert;
  };

  override willUpdate(): void {
    // Asking for a relay token: the role waits in `init`, with the reason `token`.
    if (!roomless(this.route.page) && this.tokenAsked() !== undefined) {
      this.roomRole = this.route.page === 'send' ? 'sender' : 'viewer';
      this.roomState = 'init';
      this.roomReason = 'token';
      return;
    }
    // The home screen (and the grid) has no role: it is `init`, with no role and no reason.
    if (!roomless(this.route.page)) return;
    this.roomRole = undefined;
    this.roomState = 'init';
    this.roomReason = undefined;
  }

  override render() {
    // Render a screen only once its element is defined, so it starts with its properties set.
    const busy = html`<main aria-busy="true"></main>`;
    return this.screen.render({
      initial: () => busy,
      pending: () => busy,
      error: () => busy,
      complete: () => this.renderGated(busy),
    });
  }

  /** The relay whose token the room screen waits for (refused, or none kept yet), if any. */
  private tokenAsked(): string | undefined {
    if (roomless(this.route.page)) return undefined;
    return this.tokenRefusedBy ?? this.tokenGate.value;
  }

  /** The token screen while the room's relay needs a token this device lacks; else the route's screen. */
  private renderGated(busy: unknown) {
    if (roomless(this.route.page)) return this.renderScreen();
    const origin = this.tokenAsked();
    if (origin !== undefined) {
      return html`<main><porthole-relay-token .origin=${origin} .prompt=${tokenPrompt(origin, location.href)}
        ?refused=${this.tokenRefusedBy !== undefined}
        @porthole-relay-token=${this.onTokenKept}></porthole-relay-token></main>`;
    }
    return this.tokenGate.status === TaskStatus.COMPLETE ? this.renderScreen() : busy;
  }

  private readonly onTokenKept = ({ detail }: CustomEvent<{ origin: string }>): void => {
    forgetRelayConfig(detail.origin); // fetched again with the token (TURN credentials go to token holders)
    this.tokenRefusedBy = undefined;
    this.tokenChecks += 1;
  };

  /** The route's screen; its element is defined. */
  private renderScreen() {
    const { page, params, error } = this.route;
    if (page === 'home') return html`<main><porthole-home .error=${error}></porthole-home></main>`;
    if (page === 'grid') return html`<main><porthole-grid></porthole-grid></main>`;
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
  interface HTMLElementEventMap {
    /** Fired by the room screens (their RoomController) on every state change; see room-state.ts. */
    'porthole-state': RoomStateEvent;
    /** Fired by a monitor-mode viewer when its raised alert changes; see alert-event.ts. */
    'porthole-alert': MonitorAlertEvent;
  }
}
