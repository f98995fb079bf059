import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { deviceIdentity } from '../../app/identities';
import type { LinkError, RouteParams } from '../../protocol/link';
import type { ChatSendDetail } from '../components/porthole-chat';
import { LocaleController, t } from '../i18n/i18n';
import { describe, describeTransport } from '../i18n/messages';
import { RoomController } from '../controllers/room-controller';
import { screenStyles } from '../styles/shared-styles';
import '../components/porthole-chat';
import '../components/porthole-stats';
import '../components/porthole-video-tools';

/** How long a viewer waits with nobody answering before it explains that no sender is there. */
export const noSenderHintMs = 8000;
/**
 * How long a sender may answer without peer-to-peer coming up before the viewer suggests TURN.
 * Browsers do not always report ICE failure (with no usable candidate pair they keep checking).
 */
export const noConnectionHintMs = 15_000;

/**
 * The viewer's screen: the sender's live video with tools (full screen, picture in picture,
 * sound, snapshot), a stats overlay, chat over the video, and the room state with a next step.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
@customElement('porthole-viewer')
export class PortholeViewer extends LitElement {
  static override styles = [
    screenStyles,
    css`
      /* Portrait phones: a tall stage letterboxes the video, so the overlays sit mostly on black. */
      .stage { position: relative; background: #000; border-radius: 12px; overflow: hidden;
        display: flex; align-items: center; min-height: min(62vh, 150vw); }
      .stage video { display: block; border-radius: 0; max-height: 80vh; }
      @media (orientation: landscape) { .stage { min-height: 0; } }
      .stage:fullscreen video { max-height: 100vh; height: 100vh; }
      .bar { display: flex; justify-content: flex-end; }
      porthole-stats { position: absolute; top: 8px; left: 8px; }
      porthole-video-tools { position: absolute; right: 8px; bottom: 8px; }
      porthole-chat { position: absolute; left: 8px; right: 8px; bottom: 56px; }
      .paused { position: absolute; inset: 0; display: grid; place-items: center; background: var(--ph-overlay); color: #fff; font-size: 1.2rem; text-align: center; padding: 16px; }
      .hint { margin: 0; color: var(--ph-muted); }
    `,
  ];

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  @state() private waitedLong = false;
  @state() private stalled = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private stalledSender: string | undefined;
  @query('video') private video!: HTMLVideoElement;
  @query('.stage') private stage!: HTMLElement;
  private readonly room = new RoomController(this, 'viewer');
  private readonly locale = new LocaleController(this);
  private hintTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const secret = this.params.secret;
    if (this.linkError || !secret) {
      const reason = this.linkError ?? 'link';
      this.room.fail(reason, describe('viewer', { state: 'error', reason }));
      return;
    }
    void this.room.open(secret, this.params, deviceIdentity()).then(
      (session) => session.start(),
      () => undefined,
    );
    this.hintTimer = setTimeout(() => (this.waitedLong = true), noSenderHintMs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.hintTimer);
    clearTimeout(this.stallTimer);
  }

  override willUpdate(): void {
    // A sender answered but peer-to-peer has not come up: after a while, say what may help.
    // (Before rendering, so resetting `stalled` needs no second render.)
    const remote = this.room.session?.remote;
    const negotiating = remote && !remote.connected ? remote.peer.session : undefined;
    if (negotiating === this.stalledSender) return;
    this.stalledSender = negotiating;
    this.stalled = false;
    clearTimeout(this.stallTimer);
    if (negotiating) this.stallTimer = setTimeout(() => (this.stalled = true), noConnectionHintMs);
  }

  /** "Leave": home, which ends the session (the sender hears bye) and frees the slot. */
  private _onLeave(): void {
    location.hash = '#/';
  }

  private _onChatSend(event: CustomEvent<ChatSendDetail>): void {
    this.room.sendChat(event.detail.text);
  }

  /** The next step to suggest, if any. */
  private hint(): string | undefined {
    const view = this.room.view;
    const session = this.room.session;
    if (view.state === 'error' || view.state === 'active' || !session) return undefined;
    if (view.notice === 'wrong-key') return t('viewer.wrongKey');
    if (view.notice === 'clock') return t('room.clock');
    if (session.lastLoss === 'ice-failed' || this.stalled) return t('viewer.iceFailed');
    const noSender = !session.remote && this.waitedLong && session.transportStatus.state === 'connected';
    if (view.state === 'init' && noSender) return t('viewer.noSender');
    return undefined;
  }

  override render() {
    void this.locale;
    const view = this.room.view;
    const session = this.room.session;
    const stream = this.room.remoteStream;
    const connected = session?.remote?.connected === true;
    const hint = this.hint();
    const unreachable = session && !this.room.everConnected && session.transportStatus.state === 'reconnecting';
    return html`
      <div class="bar"><button type="button" data-testid="leave" @click=${this._onLeave}>${t('viewer.leave')}</button></div>
      <p class="status" data-testid="status" data-kind=${view.state} role="status">${view.message ?? describe('viewer', view)}</p>
      ${hint ? html`<p class="hint" data-testid="hint" role="note">${hint}</p>` : nothing}
      ${view.state === 'error' ? html`<a class="button" href="#/">${t('viewer.home')}</a>` : nothing}
      <div class="stage">
        <video data-testid="remote-video" aria-label=${t('viewer.video')} autoplay playsinline muted .srcObject=${stream}></video>
        ${this.room.peerPaused && stream ? html`<div class="paused" data-testid="peer-paused">${t('viewer.paused')}</div>` : nothing}
        ${
          stream
            ? html`
              <porthole-stats .connection=${session?.connection}></porthole-stats>
              <porthole-chat mode="overlay" .messages=${this.room.chat} ?disabled=${!connected} @porthole-chat-send=${this._onChatSend}></porthole-chat>
              <porthole-video-tools .video=${this.video} .target=${this.stage}></porthole-video-tools>`
            : nothing
        }
      </div>
      ${
        session
          ? html`<p class="signal" data-testid="signaling" role=${unreachable ? 'alert' : 'status'}>${describeTransport(session.transportStatus, this.room.everConnected)}</p>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-viewer': PortholeViewer;
  }
}
