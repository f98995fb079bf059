import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { buildHash, buildLink, type LinkError, type RouteParams } from '../../protocol/link';
import { newRoomSecret } from '../../protocol/room';
import type { Identity } from '../../protocol/identity';
import { existingSenderIdentity, newSenderIdentity } from '../../app/identities';
import type {
  CameraPauseDetail,
  CameraPresetDetail,
  CameraSwitchDetail,
  CameraZoomDetail,
} from '../components/porthole-camera-controls';
import type { ChatSendDetail } from '../components/porthole-chat';
import { CameraController } from '../controllers/camera-controller';
import { getLocale, LocaleController, t, type MessageKey } from '../i18n/i18n';
import { warmTimeOfDay } from '../format/time-of-day';
import { describe, describeCameraError, describeTransport } from '../i18n/messages';
import { RoomController } from '../controllers/room-controller';
import type { RoomView } from '../controllers/room-state';
import { screenStyles } from '../styles/shared-styles';
import { senderStyles } from './sender-styles';
import { WakeLockController } from '../controllers/wake-lock-controller';
import { BackgroundController } from '../controllers/background-controller';
import { CameraLinkController } from '../controllers/camera-link-controller';
import type { MuteViewerDetail } from '../monitor/porthole-talk-player';
import '../components/porthole-camera-controls';
import '../components/porthole-chat';
import '../components/porthole-consent';
import '../components/porthole-error-card';
import '../components/porthole-room-info';
import '../components/porthole-sender-bar';
import '../components/porthole-share';
import '../components/porthole-sender-monitor';
import '../monitor/porthole-talk-player';
import { senderIcons } from '../components/sender-icons';

/**
 * The sender's screen, in two phases under a top bar (Stop sending, More options). Waiting (no
 * viewer connected): the QR code and the viewer link first, a small camera preview beside or under
 * them. Live (a viewer connected): the preview big under a "● Live · <name> watching since 21:30"
 * banner, chat, and the link behind "Share again". Errors show the error card; the technical lines
 * (server connection, screen kept awake) sit behind "Details".
 * Going home (Stop) ends the session, the camera and the wake lock.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
@customElement('porthole-sender')
export class PortholeSender extends LitElement {
  static override styles = [screenStyles, senderStyles];

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  private secret = '';
  /** The key id of the room's sender identity (`k` in the viewer link), once known. */
  @state() private senderKey: string | undefined;
  /** What the share panel notes under the link (after "New link"). */
  @state() private shareNotice: MessageKey | undefined;
  /** Live: the link and QR code are shown again ("Share again"). */
  @state() private shareOpen = false;
  /** The connected viewer's session and when this device saw it connect, for "watching since". */
  private viewerSince: { session: string; atMs: number } | undefined;
  private readonly room = new RoomController(this, 'sender');
  private readonly camera = new CameraController(this);
  private readonly wakeLock = new WakeLockController(this);
  /** The page in the background and back: the viewer told "paused by the phone", the camera reopened. */
  readonly background = new BackgroundController(this, this.camera, this.room);
  /** The line to the viewer: status reports, its requests carried out, the monitor screen's frame-rate cap. */
  private readonly link = new CameraLinkController(this, this.room, this.camera);
  /** The monitor screen (black, a tiny status) covers the page; a tap wakes it. */
  @property({ type: Boolean, reflect: true, attribute: 'data-monitor' }) monitorScreen = false;
  /** Mute-all: the viewer's talk back is not played. */
  @state() private viewerMuted = false;
  private readonly locale = new LocaleController(this);
  private lastState = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.linkError) {
      this.room.fail(this.linkError, describe('sender', { state: 'error', reason: this.linkError }));
      return;
    }
    this.camera.onStream = (stream) => this.room.session?.replaceStream(stream);
    warmTimeOfDay(getLocale()); // "watching since …" is first written when the viewer connects
    if (this.params.secret) {
      this.secret = this.params.secret;
      void this.resume();
    } else {
      this.secret = newRoomSecret();
      this.showSecretInUrl();
      void this.begin(newSenderIdentity(this.secret));
    }
  }

  /**
   * A `#/send` link with a room: resumes it when the room was made (or confirmed) on this device;
   * otherwise nothing starts until the person confirms (a link must never switch a camera on).
   */
  private async resume(): Promise<void> {
    const identity = await existingSenderIdentity(this.secret).catch(() => undefined);
    if (!this.isConnected) return;
    if (identity) void this.begin(Promise.resolve(identity));
    else this.room.askConsent();
  }

  private _onConsent(event: CustomEvent<{ confirmed: boolean }>): void {
    if (!event.detail.confirmed) {
      location.hash = '#/';
      return;
    }
    this.room.consentGiven();
    void this.begin(newSenderIdentity(this.secret));
  }

  private async begin(identityPromise: Promise<Identity>): Promise<void> {
    // The room's key is kept before anything is sent: a reload resumes without asking again.
    let identity: Identity;
    try {
      identity = await identityPromise;
    } catch {
      // No WebCrypto (plain http:// on a LAN): the same clear message as a failed room.
      this.room.fail('insecure', t('room.insecure'));
      return;
    }
    if (!this.isConnected) return;
    this.senderKey = identity.id;
    // The transport connects while the camera opens: the broker handshake overlaps the permission prompt.
    const sessionPromise = this.room.open(this.secret, this.params, identity);
    let stream: MediaStream;
    try {
      stream = await this.camera.open();
    } catch {
      if (this.isConnected) this.room.fail('camera', describeCameraError(this.camera.error!));
      (await sessionPromise.catch(() => undefined))?.stop();
      return;
    }
    const session = await sessionPromise.catch(() => undefined);
    if (!session || !this.isConnected) return;
    session.start(stream);
    void this.wakeLock.want(true);
  }

  /**
   * The link the viewer opens: the room, its sender key id `k`, a non-default transport and ICE
   * servers. The app's address without this page's query (`?nosw` and the like stay here).
   */
  get viewerLink(): string {
    const key = this.senderKey ? { senderKey: this.senderKey } : {};
    return buildLink(location.origin + location.pathname, 'view', { ...this.room.params, secret: this.secret, ...key });
  }

  private showSecretInUrl(): void {
    history.replaceState(null, '', buildHash('send', { ...this.params, secret: this.secret }));
  }

  private async _onRetire(): Promise<void> {
    this.shareNotice = undefined;
    this.secret = newRoomSecret();
    this.showSecretInUrl();
    const identity = await newSenderIdentity(this.secret);
    this.senderKey = identity.id;
    await this.room.rotate(this.secret, identity, this.camera.stream);
    this.shareNotice = 'sender.newLinkDone';
  }

  /** "Stop sending": home, which ends the room (viewers hear bye), the camera and the wake lock. */
  private _onStop(): void {
    location.hash = '#/';
  }

  private _onFlip(): void {
    void this.camera.flip();
  }

  private _onPreset(event: CustomEvent<CameraPresetDetail>): void {
    void this.camera.setPreset(event.detail.presetId);
  }

  private _onMic(event: CustomEvent<CameraSwitchDetail>): void {
    this.camera.setMic(event.detail.on);
  }

  /** Pauses or resumes the camera and tells the viewer. */
  private _onPause(event: CustomEvent<CameraPauseDetail>): void {
    this.camera.setPaused(event.detail.paused);
    this.room.sendPause(event.detail.paused);
  }

  private _onTorch(event: CustomEvent<CameraSwitchDetail>): void {
    this.link.personTorch();
    void this.camera.setTorch(event.detail.on);
  }

  private _onZoom(event: CustomEvent<CameraZoomDetail>): void {
    void this.camera.setZoom(event.detail.zoom);
  }

  /** "Monitor screen" from the menu: dim to a tiny status, the frame rate capped; a tap wakes. */
  private _onMonitorScreen(): void {
    this.monitorScreen = true;
    this.link.setMonitorScreen(true);
  }

  private _onMonitorWake(): void {
    this.monitorScreen = false;
    this.link.setMonitorScreen(false);
  }

  private _onMuteViewer(event: CustomEvent<MuteViewerDetail>): void {
    this.viewerMuted = event.detail.muted;
  }

  private _onChatSend(event: CustomEvent<ChatSendDetail>): void {
    this.room.sendChat(event.detail.text);
  }

  override updated(): void {
    const view = this.room.view;
    // A viewer that (re)connects while we are away learns it at once.
    if (view.state !== this.lastState) {
      this.lastState = view.state;
      if (view.state === 'active' && this.camera.paused) this.room.sendPause(true);
    }
  }

  protected override willUpdate(): void {
    const remote = this.room.session?.remote;
    if (remote?.connected && this.viewerSince?.session !== remote.peer.session) {
      // A new viewer: its own "since", and the share panel folded away again.
      this.viewerSince = { session: remote.peer.session, atMs: Date.now() };
      this.shareOpen = false;
    }
  }

  /** "Share again" shows the link and QR code (scrolled into view: under the video on a phone) or hides them. */
  private async _onShareAgain(): Promise<void> {
    this.shareOpen = !this.shareOpen;
    if (!this.shareOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector('#share')?.scrollIntoView({ block: 'nearest' });
  }

  override render() {
    void this.locale;
    if (this.room.awaitingConsent) {
      return html`<porthole-consent @porthole-consent=${this._onConsent}></porthole-consent>`;
    }
    const view = this.room.view;
    const remote = this.room.session?.remote;
    const live = remote?.connected === true && view.state !== 'error';
    const viewerName = live ? remote.peer.name || t('sender.unnamedViewer') : undefined;
    return html`
      <porthole-sender-bar class="top" .viewerName=${viewerName} ?menu=${view.state !== 'error' && this.secret !== ''}
        @porthole-stop=${this._onStop} @porthole-retire=${this._onRetire} @porthole-monitor-screen=${this._onMonitorScreen}></porthole-sender-bar>
      ${view.state === 'error' ? this.renderError(view) : live ? this.renderLive(view, viewerName ?? '') : this.renderWaiting(view)}
      ${this.renderDetails()}
      ${this.monitorScreen && view.state !== 'error' ? this.renderMonitor(live, viewerName ?? '') : nothing}
    `;
  }

  /** The monitor screen over everything; the page under it goes on (the preview plays on, tiny: see sender-styles). */
  private renderMonitor(live: boolean, viewerName: string) {
    const battery = this.link.battery;
    return html`<porthole-sender-monitor ?live=${live} .viewerName=${viewerName}
      .batteryPercent=${battery ? Math.round(battery.level * 100) : undefined} ?charging=${battery?.charging === true}
      ?talking=${this.link.talkOpen && !this.viewerMuted} ?muted=${this.viewerMuted} @porthole-mute-viewer=${this._onMuteViewer}
      @porthole-monitor-wake=${this._onMonitorWake}></porthole-sender-monitor>`;
  }

  /** The status line (`data-testid="status"`, read aloud) and the clock hint; `hidden` keeps it for screen readers only. */
  private renderStatus(view: RoomView, hidden: boolean) {
    return html`
      <p class="status ${hidden ? 'visually-hidden' : ''}" data-testid="status" data-kind=${view.state} role="status">${view.message ?? describe('sender', view)}</p>
      ${view.notice === 'clock' ? html`<p class="hint" data-testid="hint" role="note">${t('room.clock')}</p>` : nothing}
    `;
  }

  /**
   * What the preview shows: the camera; under the monitor screen nothing while a wake lock is held
   * (nothing to draw), else the camera on at one pixel (a playing video keeps the screen awake).
   */
  private get previewStream(): MediaStream | null {
    return this.monitorScreen && this.wakeLock.held ? null : (this.camera.stream ?? null);
  }

  /** The muted camera preview, the paused note and the camera controls. */
  private renderPreview() {
    return html`
      <video data-testid="preview" aria-label=${t('sender.preview')} muted autoplay playsinline .srcObject=${this.previewStream}></video>
      ${this.camera.paused ? html`<p class="paused" data-testid="paused-note" role="status">${t('sender.paused')}</p>` : nothing}
      <porthole-camera-controls .snapshot=${this.camera.snapshot} @porthole-camera-flip=${this._onFlip}
        @porthole-camera-preset=${this._onPreset} @porthole-camera-mic=${this._onMic} @porthole-camera-pause=${this._onPause}
        @porthole-camera-torch=${this._onTorch} @porthole-camera-zoom=${this._onZoom}></porthole-camera-controls>
    `;
  }

  /** Waiting for a viewer: the QR code and the link first, the small preview beside or under them. */
  private renderWaiting(view: RoomView) {
    return html`
      <porthole-share class="waiting" .link=${this.viewerLink} .notice=${this.shareNotice}>
        <div class="beside">
          ${this.renderStatus(view, false)}
          <porthole-room-info .viewer=${this.room.session?.remote}></porthole-room-info>
          ${this.renderPreview()}
        </div>
      </porthole-share>
    `;
  }

  /** A viewer is watching: the live banner and the big preview; chat and "Share again" beside or under it. */
  private renderLive(view: RoomView, viewerName: string) {
    return html`
      <div class="live">
        <div class="stage">
          <porthole-room-info .viewer=${this.room.session?.remote} .since=${this.viewerSince?.atMs}></porthole-room-info>
          ${this.renderPreview()}
        </div>
        <div class="side">
          ${this.renderStatus(view, true)}
          <button type="button" class="share-again" data-testid="share-again" aria-expanded=${this.shareOpen ? 'true' : 'false'}
            aria-controls="share" @click=${this._onShareAgain}>${senderIcons.link}${t(this.shareOpen ? 'sender.hideShare' : 'sender.shareAgain')}</button>
          <porthole-share id="share" ?hidden=${!this.shareOpen} .link=${this.viewerLink} .notice=${this.shareNotice}></porthole-share>
          ${this.link.applied.audioOnly ? html`<p class="hint" data-testid="viewer-audio-only" role="status">${t('sender.viewerAudioOnly')}</p>` : nothing}
          <porthole-talk-player .stream=${this.room.remoteStream} ?talking=${this.link.talkOpen} .viewerName=${viewerName}
            ?muted=${this.viewerMuted} @porthole-mute-viewer=${this._onMuteViewer}></porthole-talk-player>
          <porthole-chat mode="list" .messages=${this.room.chat} @porthole-chat-send=${this._onChatSend}></porthole-chat>
        </div>
      </div>
    `;
  }

  /** The error card (headline, next step such as "Start a new room", Home) instead of the room. */
  private renderError(view: RoomView) {
    return html`
      ${this.renderStatus(view, true)}
      <porthole-error-card side="sender" .view=${view}></porthole-error-card>
    `;
  }

  /** The technical lines, folded away: the server connection and the screen kept awake. */
  private renderDetails() {
    const session = this.room.session;
    if (!session && !this.wakeLock.held && !this.wakeLock.fallback) return nothing;
    return html`
      <details data-testid="details">
        <summary>${t('sender.details')}</summary>
        ${session ? html`<p class="signal" data-testid="signaling">${describeTransport(session.transportStatus, this.room.everConnected)}</p>` : nothing}
        ${this.wakeLock.held ? html`<p class="signal" data-testid="wake-lock">${t('sender.wakeLock')}</p>` : nothing}
        ${this.wakeLock.fallback ? html`<p class="signal" data-testid="wake-lock-fallback">${t('sender.wakeLockFallback')}</p>` : nothing}
      </details>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender': PortholeSender;
  }
}
