import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { relativeTimeText } from '../format/relative-time';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { recentRoomHash, shortRoomId, transportHost } from '../links/recent-room';
import { buildHash } from '../../protocol/link';
import { gridRooms } from '../grid/grid-rooms';
import {
  forgetAll,
  forgetRoom,
  listRooms,
  maxRoomNameChars,
  recentRoomsStorageKey,
  renameRoom,
  type RecentRoom,
  type RenameError,
} from '../../storage/recent-rooms';
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

/** What the person reads for each refused name. */
const renameMessages: Record<RenameError, MessageKey> = {
  empty: 'home.recent.nameEmpty',
  'too-long': 'home.recent.nameTooLong',
  'not-found': 'home.recent.nameGone',
  'not-saved': 'home.recent.nameNotSaved',
};

/** The key of a room in the list (one entry per role and secret). */
function roomKey(room: Pick<RecentRoom, 'role' | 'secret'>): string {
  return `${room.role}:${room.secret}`;
}

/**
 * The recently used rooms, each shown by the person's name for it (else its short id), with Open
 * (a link to its page), Rename (an inline form; names stay on this device) and Forget; hidden
 * when empty. With two or more viewer rooms, "Watch all cameras" opens the grid (`#/grid`).
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
      .actions { display: flex; flex-wrap: wrap; gap: 8px; }
      .actions a.button, .actions button { padding: 8px 14px; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      .all { align-self: flex-start; }
      form { flex: 1 1 100%; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
      form label { font-weight: 600; }
      form input { width: 100%; box-sizing: border-box; }
      form input[aria-invalid='true'] { border-color: var(--ph-error); border-width: 2px; }
      .error { margin: 0; color: var(--ph-error); font-weight: 600; }
      .primary { background: var(--ph-accent); color: var(--ph-bg); border-color: var(--ph-accent); font-weight: 600; }
    `,
  ];

  private readonly store = new RecentRoomsController(this);
  /** The room whose name is being edited ({@link roomKey}), if any. */
  @state() private editing: string | undefined;
  /** Why the typed name was refused. */
  @state() private nameError: MessageKey | undefined;

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

  private async _onRename(room: RecentRoom): Promise<void> {
    this.editing = roomKey(room);
    this.nameError = undefined;
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="recent-name-input"]');
    input?.focus();
    input?.select();
  }

  private async _onRenameSave(event: Event, room: RecentRoom): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const result = renameRoom(room.role, room.secret, input.value);
    if (!result.ok) {
      this.nameError = renameMessages[result.error];
      input.focus();
      return;
    }
    this.store.refresh();
    await this._closeEditor(room);
  }

  /** Leaves the name form and puts the focus back on the room's Rename button. */
  private async _closeEditor(room: RecentRoom): Promise<void> {
    this.editing = undefined;
    this.nameError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-key="${roomKey(room)}"] [data-testid="recent-rename"]`)?.focus();
  }

  private _onEditorKey(event: KeyboardEvent, room: RecentRoom): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    void this._closeEditor(room);
  }

  /** The room's name: the person's, else "Room" and its short id. */
  private _name(room: RecentRoom): string {
    return room.name ?? t('home.recent.room', { id: shortRoomId(room.secret) });
  }

  private _editor(room: RecentRoom, index: number) {
    const invalid = this.nameError !== undefined;
    const id = `room-name-${index}`;
    return html`<form novalidate data-testid="recent-name-form" @submit=${(event: Event) => this._onRenameSave(event, room)}
      @keydown=${(event: KeyboardEvent) => this._onEditorKey(event, room)}>
      <label for=${id}>${t('home.recent.nameLabel')}</label>
      <input id=${id} name="name" data-testid="recent-name-input" autocomplete="off" .value=${room.name ?? ''}
        placeholder=${t('home.recent.namePlaceholder')} aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? `${id}-error ${id}-hint` : `${id}-hint`}
        @input=${() => (this.nameError = undefined)} />
      ${
        invalid
          ? html`<p class="error" role="alert" id="${id}-error" data-testid="recent-name-error">${t(this.nameError!, { max: maxRoomNameChars })}</p>`
          : nothing
      }
      <p class="meta" id="${id}-hint">${t('home.recent.nameHint')}</p>
      <div class="actions">
        <button type="submit" class="primary" data-testid="recent-name-save">${t('home.recent.nameSave')}</button>
        <button type="button" data-testid="recent-name-cancel" @click=${() => this._closeEditor(room)}>${t('home.recent.nameCancel')}</button>
      </div>
    </form>`;
  }

  private _item(room: RecentRoom, index: number, nowMs: number) {
    const name = this._name(room);
    const host = transportHost(room);
    const key = roomKey(room);
    const body =
      this.editing === key
        ? this._editor(room, index)
        : html`<div class="what">
        <span class="name"><span class="role">${t(room.role === 'sender' ? 'home.recent.sender' : 'home.recent.viewer')}</span> <span
          data-testid="recent-name">${name}</span></span>
        <span class="meta">${room.name ? html`${t('home.recent.room', { id: shortRoomId(room.secret) })} · ` : nothing}<time
          datetime=${new Date(room.at).toISOString()}>${relativeTimeText(room.at, nowMs)}</time>${
            host ? html` · ${t('home.recent.via', { host })}` : nothing
          }</span>
      </div>
      <div class="actions">
        <a class="button" data-testid="recent-open" href=${recentRoomHash(room)}>${t('home.recent.open')}<span
          class="visually-hidden"> ${name}</span></a>
        <button type="button" data-testid="recent-rename" @click=${() => this._onRename(room)}>${t('home.recent.rename')}<span
          class="visually-hidden"> ${name}</span></button>
        <button type="button" data-testid="recent-forget" @click=${() => this._onForget(room)}>${t('home.recent.forget')}<span
          class="visually-hidden"> ${name}</span></button>
      </div>`;
    return html`<li data-testid="recent-room" data-role=${room.role} data-secret=${room.secret} data-key=${key}>${body}</li>`;
  }

  /** "Watch all cameras" when two or more viewer rooms are kept: the grid watches them at once. */
  private _gridLink(rooms: RecentRoom[]) {
    const count = gridRooms(rooms).length;
    if (count < 2) return nothing;
    return html`<a class="button primary all" data-testid="recent-grid" href=${buildHash('grid', {})}>${t('home.recent.grid', { count })}</a>`;
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
        <ul data-testid="recent-rooms">${rooms.map((room, index) => this._item(room, index, nowMs))}</ul>
        ${this._gridLink(rooms)}
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
