import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  type BitrateCapKbps,
  type ViewerRequest,
  bitrateCapsKbps,
  defaultRequest,
  isBitrateCap,
} from '../../protocol/peer-messages';
import type { RoomController } from '../controllers/room-controller';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import type { TalkDetail } from './porthole-talk-button';
import './porthole-battery-warning';
import './porthole-talk-button';

/**
 * The viewer's line to the camera in monitor mode: what the sender reports (battery, throttling)
 * and what the viewer asks of it (talk back, low data, torch). Placed by the viewer over its video.
 * The viewer's wish is sent whole on every change and again to every new connection; what the
 * camera applies comes back in its status ("Audio only", "Video limited to …").
 */
@customElement('porthole-monitor-controls')
export class PortholeMonitorControls extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: block; padding: 0; margin: 0; max-width: none; }
      /* While push-to-talk is held the controls stay, even when the viewer hides its other controls
         (a hidden button would lose the press, and the talking would stop). */
      :host([data-talking]) { visibility: visible !important; opacity: 1 !important; }
      .bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px; border-radius: 10px;
        background: var(--ph-overlay, #000000b0); color: var(--ph-on-overlay, #ffffff); }
      button, select { min-height: 44px; min-width: 44px; }
      button[aria-pressed='true'] { background: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
      label { display: inline-flex; gap: 6px; align-items: center; }
      /* The camera's notes sit over the picture too: on the same dark backing as the bar (any video under it). */
      .note { margin: 0 0 4px; padding: 4px 8px; border-radius: 8px; width: fit-content; font-size: 0.85rem;
        background: var(--ph-overlay, #000000b0); color: var(--ph-on-overlay, #ffffff); }
    `,
  ];

  /** The viewer's room (its session, the sender's reports). */
  @property({ attribute: false }) room: RoomController | undefined;
  /** What this viewer asks of the camera. */
  @state() private wish: ViewerRequest = defaultRequest;
  /** The connection the wish was last sent to. */
  private sentTo: RTCPeerConnection | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) this.follow();
  }

  protected override updated(): void {
    // A new connection hears the wish at once (the sender starts from full video every time).
    const pc = this.connection;
    if (pc === this.sentTo) return;
    this.sentTo = pc && this.room?.sendRequest(this.wish) ? pc : undefined;
  }

  /** Re-renders on every update of the room's host (its state, the sender's status). */
  private follow(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.isConnected ? this.room?.subscribe(() => this.requestUpdate()) : undefined;
  }

  /** The live connection to the sender, if any. */
  private get connection(): RTCPeerConnection | undefined {
    const session = this.room?.session;
    return session?.remote?.connected ? session.connection : undefined;
  }

  private ask(change: Partial<Omit<ViewerRequest, 't'>>): void {
    this.wish = { ...this.wish, ...change };
    if (this.room?.sendRequest(this.wish) !== true) this.sentTo = undefined;
  }

  private _onAudioOnly(): void {
    this.ask({ audioOnly: !this.wish.audioOnly });
  }

  private _onCap(event: Event): void {
    const value = Number((event.target as HTMLSelectElement).value);
    if (isBitrateCap(value)) this.ask({ capKbps: value });
  }

  private _onTorch(): void {
    // From what the camera reports lit (a refused or reset torch shows off), not from the last wish.
    this.ask({ torch: this.room?.peerStatus?.torch !== true });
  }

  private _onTalk(event: CustomEvent<TalkDetail>): void {
    this.toggleAttribute('data-talking', event.detail.talking);
    this.ask({ talk: event.detail.talking });
  }

  private capLabel(cap: BitrateCapKbps): string {
    return t(`cameraLink.cap.${cap}`);
  }

  override render() {
    void this.locale;
    const status = this.room?.peerStatus;
    const pc = this.connection;
    const live = pc !== undefined;
    return html`
      <porthole-battery-warning .status=${status}></porthole-battery-warning>
      ${status?.audioOnly ? html`<p class="note" data-testid="audio-only-note" role="status">${t('cameraLink.audioOnlyOn')}</p>` : nothing}
      ${
        status && status.capKbps > 0 && !status.audioOnly
          ? html`<p class="note" data-testid="cap-note" role="status">${t('cameraLink.capOn', { value: t(`stats.kbps`, { value: status.capKbps }) })}</p>`
          : nothing
      }
      <div class="bar" role="group" aria-label=${t('cameraLink.controls')}>
        <porthole-talk-button .connection=${pc} @porthole-talk=${this._onTalk}></porthole-talk-button>
        <button type="button" data-testid="audio-only" aria-pressed=${this.wish.audioOnly ? 'true' : 'false'} ?disabled=${!live}
          @click=${this._onAudioOnly}>${t('cameraLink.audioOnly')}</button>
        <label>${t('cameraLink.cap')}
          <select data-testid="bitrate-cap" ?disabled=${!live} @change=${this._onCap}>
            ${bitrateCapsKbps.map((cap) => html`<option value=${cap} ?selected=${cap === this.wish.capKbps}>${this.capLabel(cap)}</option>`)}
          </select>
        </label>
        ${
          status?.torch !== undefined
            ? html`<button type="button" data-testid="remote-torch" aria-pressed=${status.torch ? 'true' : 'false'}
              @click=${this._onTorch}>${t('cameraLink.torch')}</button>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-monitor-controls': PortholeMonitorControls;
  }
}
