import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { deviceIdentity } from '../../app/identities';
import type { RecentRoom } from '../../storage/recent-rooms';
import { FrameWatcher } from '../controllers/frame-watcher';
import { RoomController } from '../controllers/room-controller';
import { RoomStateEvent } from '../controllers/room-state';
import { fireEvent } from '../fire-event';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { describe } from '../i18n/messages';
import { shortRoomId } from '../links/recent-room';
import '../monitor/porthole-clip-button';
import { GridLevelController } from './grid-level-controller';
import { tileRequest } from './grid-request';
import { gridRoomParams, type TileStep, tileStallMs, tileStep } from './grid-rooms';

/** What a tile says in each step (an error says the error itself). */
const stepKeys: Record<Exclude<TileStep, 'error'>, MessageKey> = {
  connecting: 'grid.step.connecting',
  waiting: 'grid.step.waiting',
  video: 'grid.step.video',
  live: 'grid.step.live',
  stalled: 'grid.step.stalled',
};

/** The detail of a `porthole-grid-focus` event: the room to show large, or undefined to go back to the grid. */
export interface GridFocusDetail {
  /** The room's secret. */
  secret: string | undefined;
}

/**
 * One camera of the grid: an ordinary viewer session of a remembered room (its own
 * RoomController) showing the video (small and muted until focused), the room's state, a sound
 * meter and its alert (`data-alert="stalled"` when a live picture stops). Its state stays its own:
 * `porthole-state` events stop here, so the app's root never takes the grid for a viewer. While
 * focused it plays the sound and offers a clip of the last seconds. It asks its camera for a small,
 * capped picture while unfocused and the full one while focused (see grid-request), on every new
 * connection and on every change of focus.
 * @fires porthole-grid-focus - `CustomEvent<GridFocusDetail>` when the person asks to show it large.
 */
@customElement('porthole-grid-tile')
export class PortholeGridTile extends LitElement {
  static override styles = css`
    :host { display: block; position: relative; border-radius: 12px; overflow: hidden; background: #000;
      border: 3px solid transparent; box-sizing: border-box; }
    :host([data-alert]) { border-color: var(--ph-error); }
    video { display: block; width: 100%; aspect-ratio: 4 / 3; object-fit: contain; background: #000; }
    :host([focused]) video { aspect-ratio: 16 / 9; max-height: 75vh; }
    .focus { position: absolute; inset: 0; width: 100%; height: 100%; background: transparent; border: none;
      cursor: zoom-in; padding: 0; }
    .focus:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: -6px; }
    .caption { position: absolute; left: 0; right: 0; bottom: 0; display: flex; flex-wrap: wrap; align-items: center;
      gap: 4px 10px; padding: 6px 10px; background: var(--ph-overlay, rgba(0, 0, 0, 0.65)); color: var(--ph-on-overlay, #fff);
      pointer-events: none; font-size: 0.95rem; }
    .name { font-weight: 600; }
    .state[data-step='error'], .state[data-step='stalled'] { font-weight: 700; }
    .meter { flex: 0 0 80px; height: 8px; }
    porthole-clip-button { position: absolute; top: 8px; right: 8px; }
  `;

  /** The remembered viewer room this tile watches. */
  @property({ attribute: false }) room!: RecentRoom;
  /** Shown large, with sound. */
  @property({ type: Boolean, reflect: true }) focused = false;
  /** The room's state, reflected to the tile's own `data-state` (never the app root's). */
  @property({ attribute: 'data-state', reflect: true }) roomState = 'init';
  /** The tile's step (`connecting`, `waiting`, `video`, `live`, `stalled`, `error`). */
  @property({ attribute: 'data-step', reflect: true }) step: TileStep = 'connecting';
  /** `stalled` while a picture that was live shows no frame; absent otherwise. */
  @property({ attribute: 'data-alert', reflect: true }) alert: 'stalled' | undefined;

  @query('video') private video!: HTMLVideoElement | null;
  private readonly session = new RoomController(this, 'viewer');
  private readonly frames = new FrameWatcher(this, () => this.video ?? undefined);
  private readonly level = new GridLevelController(this, () => this.session.session?.connection);
  /** The connection and focus the tile's request last went to (undefined: not sent). */
  private requested: { pc: RTCPeerConnection; focused: boolean } | undefined;
  /** Re-renders once a second, to notice frames stopping. */
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    new LocaleController(this);
    // The tile's state is its own: the app root mirrors a room screen's, and the grid is none.
    this.addEventListener(RoomStateEvent.eventName, (event) => event.stopPropagation());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => this.requestUpdate(), tileStallMs / 5);
    const params = gridRoomParams(this.room);
    void this.session.open(this.room.secret, params, deviceIdentity()).then(
      (session) => session.start(),
      () => undefined,
    );
  }

  override disconnectedCallback(): void {
    clearInterval(this.ticker);
    super.disconnectedCallback();
  }

  /** The room's name: the person's, else "Room" and its short id. */
  get roomName(): string {
    return this.room.name ?? t('home.recent.room', { id: shortRoomId(this.room.secret) });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const view = this.session.view;
    const sinceFrameMs = this.frames.frames > 0 ? performance.now() - this.frames.lastFrameAt : Infinity;
    this.roomState = view.state;
    this.step = tileStep({ state: view.state, frames: this.frames.frames, sinceFrameMs });
    this.alert = this.step === 'stalled' ? 'stalled' : undefined;
  }

  protected override updated(): void {
    this.sendRequest();
    const video = this.video;
    if (!video) return;
    video.muted = !this.focused;
    if (video.srcObject && video.paused) void video.play().catch(() => undefined);
  }

  /** Sends the tile's request to a new connection or on a change of focus (the sender starts each connection at full). */
  private sendRequest(): void {
    const session = this.session.session;
    const pc = session?.remote?.connected ? session.connection : undefined;
    if (!pc) {
      this.requested = undefined;
      return;
    }
    if (this.requested?.pc === pc && this.requested.focused === this.focused) return;
    const focused = this.focused;
    // Not sent (the channel not open yet): tried again on the next update (the tile re-renders every tick).
    this.requested = this.session.sendRequest(tileRequest(focused)) ? { pc, focused } : undefined;
  }

  private _onFocus(): void {
    fireEvent(this, 'porthole-grid-focus', { secret: this.room.secret });
  }

  override render() {
    const view = this.session.view;
    const name = this.roomName;
    const text = this.step === 'error' ? describe('viewer', view) : t(stepKeys[this.step]);
    const stream = this.session.remoteStream;
    return html`
      <video aria-label=${t('grid.video', { name })} autoplay playsinline muted .srcObject=${stream}></video>
      ${
        this.focused
          ? nothing
          : html`<button type="button" class="focus" data-testid="grid-focus" aria-label=${t('grid.focus', { name })}
            @click=${this._onFocus}></button>`
      }
      <div class="caption">
        <span class="name" data-testid="grid-name">${name}</span>
        <span class="state" data-testid="grid-status" data-step=${this.step}>${text}</span>
        ${
          (stream?.getAudioTracks().length ?? 0) > 0
            ? html`<meter class="meter" min="0" max="100" .value=${this.level.percent}
              aria-label=${t('grid.level', { name })}></meter>`
            : nothing
        }
      </div>
      ${this.focused && stream ? html`<porthole-clip-button .stream=${stream}></porthole-clip-button>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-grid-tile': PortholeGridTile;
  }
  interface HTMLElementEventMap {
    /** Fired by porthole-grid-tile when the person asks to show its room large. */
    'porthole-grid-focus': CustomEvent<GridFocusDetail>;
  }
}
