import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement } from 'lit/decorators.js';
import { relativeTimeText } from '../format/relative-time';
import { LocaleController, t } from '../i18n/i18n';
import { recentRoomHash, shortRoomId, transportHost } from '../links/recent-room';
import { forgetAll, forgetRoom, listRooms, recentRoomsStorageKey, type RecentRoom } from '../../storage/recent-rooms';
import { screenStyles } from '../styles/shared-styles';

/** Keeps the list in step with localStorage, including changes made in other tabs. */
class RecentRoomsController implements ReactiveController {
  /** The remembered rooms, newest first. */
  rooms: RecentRoom[] = [];
  private readonly onStorage = (event: StorageEvent): void => {
    if (event.key === null || event.key === recentRoomsStorageKey) this.refresh();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('storage', this.onStorage);
    this.refresh();
  }

  hostDisconnected(): void {
    removeEventListener('storage', this.onStorage);
  }

  /** Re-reads the store and re-renders. */
  refresh(): void {
    this.rooms = listRooms();
    this.host.requestUpdate();
  }
}

/**
 * The recently used rooms, each with Open (a link to its page) and Forget; hidden when empty.
 * Reads and writes the {@link listRooms} store itself.
 */
@customElement('porthole-recent')
export class PortholeRecent extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { padding: 0; gap: 10px; margin: 0; max-width: none; }
      :host([hidden]) { display: none; }
      section { display: flex; flex-direction: column; gap: 10px; }
      h2 { margin: 0; font-size: 1.15rem; }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
      li { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 10px 12px;
        border: 1px solid var(--ph-border); border-radius: 10px; background: var(--ph-bg); }
      .what { flex: 1 1 12rem; display: flex; flex-direction: column; gap: 2px; min-width: 0; }
      .name { font-weight: 600; }
      .role { font-size: 0.8rem; font-weight: 700; padding: 2px 8px; border-radius: 999px; margin-inline-end: 6px;
        border: 1px solid var(--ph-accent); color: var(--ph-text); }
      .meta { font-size: 0.9rem; color: var(--ph-muted); overflow-wrap: anywhere; }
      .actions { display: flex; gap: 8px; }
      .actions a.button, .actions button { padding: 6px 12px; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      .all { align-self: flex-start; }
    `,
  ];

  private readonly store = new RecentRoomsController(this);

  constructor() {
    super();
    new LocaleController(this);
  }

  private _onForget(room: RecentRoom): void {
    forgetRoom(room.role, room.secret);
    this.store.refresh();
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private _onForgetAll(): void {
    forgetAll();
    this.store.refresh();
  }

  private _item(room: RecentRoom, nowMs: number) {
    const name = t('home.recent.room', { id: shortRoomId(room.secret) });
    const host = transportHost(room);
    return html`<li data-testid="recent-room" data-role=${room.role} data-secret=${room.secret}>
      <div class="what">
        <span class="name"><span class="role">${t(room.role === 'sender' ? 'home.recent.sender' : 'home.recent.viewer')}</span> ${name}</span>
        <span class="meta"><time datetime=${new Date(room.at).toISOString()}>${relativeTimeText(room.at, nowMs)}</time>${
          host ? html` · ${t('home.recent.via', { host })}` : nothing
        }</span>
      </div>
      <div class="actions">
        <a class="button" data-testid="recent-open" href=${recentRoomHash(room)}>${t('home.recent.open')}<span
          class="visually-hidden"> ${name}</span></a>
        <button type="button" data-testid="recent-forget" @click=${() => this._onForget(room)}>${t('home.recent.forget')}<span
          class="visually-hidden"> ${name}</span></button>
      </div>
    </li>`;
  }

  override willUpdate(): void {
    // The host's own attribute, set before rendering: the home screen's card around it goes too.
    this.hidden = this.store.rooms.length === 0;
  }

  override render() {
    const rooms = this.store.rooms;
    if (rooms.length === 0) return nothing;
    const nowMs = Date.now();
    return html`
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading" tabindex="-1">${t('home.recent.heading')}</h2>
        <ul data-testid="recent-rooms">${rooms.map((room) => this._item(room, nowMs))}</ul>
        ${
          rooms.length > 1
            ? html`<button type="button" class="all" data-testid="recent-forget-all" @click=${this._onForgetAll}>${t('home.recent.forgetAll')}</button>`
            : nothing
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-recent': PortholeRecent;
  }
}
