import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { parseRoute } from '../../protocol/link';
import { listRooms, rememberRoom, type RecentRoom } from '../../storage/recent-rooms';
import type { ScanDetail } from '../components/porthole-scanner';
import type { GridFocusDetail } from '../grid/porthole-grid-tile';
import { gridRooms, maxGridTiles } from '../grid/grid-rooms';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { viewerHashFrom } from '../links/viewer-hash';
import { screenStyles } from '../styles/shared-styles';
import '../grid/porthole-grid-tile';

/**
 * Several cameras on one viewer (`#/grid`): a tile per recent viewer room of this device (at most
 * {@link maxGridTiles}), each an ordinary viewer session with its own state, sound meter and
 * alert. Tiles play small and muted; tapping one (or Enter on it) shows it large with sound and a
 * clip button, Escape or "Back to all cameras" returns. A camera is added by pasting or scanning its
 * viewer link. The app root stays as on the home screen (`init`, no role): each tile keeps its own
 * `data-state`.
 */
@customElement('porthole-grid')
export class PortholeGrid extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { max-width: 1200px; }
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
      h1 { margin: 0; font-size: 1.4rem; flex: 1 1 auto; }
      .tiles { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr)); }
      .tiles[data-focused] { grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); }
      porthole-grid-tile[focused] { grid-column: 1 / -1; order: -1; }
      .add { display: flex; flex-direction: column; gap: 8px; background: var(--ph-surface); border: 1px solid var(--ph-border);
        border-radius: 14px; padding: 16px; }
      .add h2 { margin: 0; font-size: 1.1rem; }
      .add input { flex: 1 1 16rem; min-width: 0; }
      .error { margin: 0; color: var(--ph-error); font-weight: 600; }
      .empty, .hint { margin: 0; color: var(--ph-muted); }
    `,
  ];

  /** The rooms shown, read when the screen opens and when a camera is added (opening rooms reorders the store). */
  @state() private rooms: RecentRoom[] = gridRooms(listRooms());
  /** The secret of the room shown large, if any. */
  @state() private focusedSecret: string | undefined;
  @state() private addError: MessageKey | undefined;
  @state() private scanning = false;
  @state() private scanHint: MessageKey | undefined;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.focusedSecret !== undefined && !this.scanning) void this.unfocus();
  };

  private async _onFocus({ detail }: CustomEvent<GridFocusDetail>): Promise<void> {
    this.focusedSecret = detail.secret;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-testid="grid-back"]')?.focus();
  }

  /** Back to all cameras; the focus goes to the tile that was large. */
  private async unfocus(): Promise<void> {
    const secret = this.focusedSecret;
    this.focusedSecret = undefined;
    await this.updateComplete;
    const tile = [...this.renderRoot.querySelectorAll('porthole-grid-tile')].find((el) => el.room.secret === secret);
    await tile?.updateComplete;
    tile?.shadowRoot?.querySelector<HTMLElement>('[data-testid="grid-focus"]')?.focus();
  }

  /** Adds the room of a pasted or scanned viewer link; false (with the message set) when it cannot. */
  private add(text: string): boolean {
    const result = viewerHashFrom(text);
    if ('error' in result) {
      this.addError = result.error;
      return false;
    }
    const { secret, via, ice } = parseRoute(result.hash).params;
    if (!secret) return false;
    const shown = this.rooms.some((room) => room.secret === secret);
    if (!shown && this.rooms.length >= maxGridTiles) {
      this.addError = 'grid.full';
      return false;
    }
    this.addError = undefined;
    if (shown) return true;
    rememberRoom({ role: 'viewer', secret, ...(via ? { via } : {}), ...(ice ? { ice } : {}) });
    const added = listRooms().find((room) => room.role === 'viewer' && room.secret === secret);
    if (added) this.rooms = [...this.rooms, added];
    return true;
  }

  private _onAdd(event: Event): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('link') as HTMLInputElement;
    if (this.add(input.value)) input.value = '';
    else input.focus();
  }

  private async _onScan(): Promise<void> {
    try {
      await import('../components/porthole-scanner');
    } catch {
      this.addError = 'home.scan.loadFailed';
      return;
    }
    this.scanHint = undefined;
    this.scanning = true;
  }

  private _onScanned(event: CustomEvent<ScanDetail>): void {
    if (this.add(event.detail.text)) this.scanning = false;
    else this.scanHint = this.addError;
  }

  private renderAdd() {
    const invalid = this.addError !== undefined;
    return html`<section class="add" aria-labelledby="add-heading">
      <h2 id="add-heading">${t('grid.add.heading')}</h2>
      <form class="row" novalidate @submit=${this._onAdd}>
        <label for="grid-link" class="hint">${t('grid.add.label')}</label>
        <input id="grid-link" name="link" data-testid="grid-add-link" autocomplete="off" spellcheck="false"
          placeholder="https://…/#/view?r=…" aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? 'grid-add-error' : nothing} @input=${() => (this.addError = undefined)} />
        <button type="submit" data-testid="grid-add">${t('grid.add.submit')}</button>
        <button type="button" data-testid="grid-scan" @click=${this._onScan}>${t('home.watch.scan')}</button>
      </form>
      ${
        invalid
          ? html`<p class="error" role="alert" id="grid-add-error" data-testid="grid-add-error">${t(this.addError!, { max: maxGridTiles })}</p>`
          : nothing
      }
      ${
        this.scanning
          ? html`<porthole-scanner .hint=${this.scanHint} @porthole-scan=${this._onScanned}
            @porthole-close=${() => (this.scanning = false)}></porthole-scanner>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const focused = this.focusedSecret;
    return html`
      <div class="bar">
        <h1>${t('grid.title')}</h1>
        ${
          focused !== undefined
            ? html`<button type="button" data-testid="grid-back" @click=${() => this.unfocus()}>${t('grid.back')}</button>`
            : nothing
        }
        <a class="button" data-testid="grid-leave" href="#/">${t('grid.leave')}</a>
      </div>
      ${this.rooms.length === 0 ? html`<p class="empty" data-testid="grid-empty">${t('grid.empty')}</p>` : nothing}
      <div class="tiles" data-testid="grid-tiles" ?data-focused=${focused !== undefined}
        @porthole-grid-focus=${this._onFocus}>
        ${repeat(
          this.rooms,
          (room) => room.secret,
          (room) => html`<porthole-grid-tile .room=${room} ?focused=${room.secret === focused}></porthole-grid-tile>`,
        )}
      </div>
      ${this.renderAdd()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-grid': PortholeGrid;
  }
}
