import { LitElement, css, html, nothing } from 'lit';
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
import { LocaleController, t, type MessageKey } from '../i18n/i18n';
import { describe, describeCameraError, describeTransport } from '../i18n/messages';
import { RoomController } from '../controllers/room-controller';
import { screenStyles } from '../styles/shared-styles';
import { WakeLockController } from '../controllers/wake-lock-controller';
import { BackgroundController } from '../controllers/background-controller';
import '../components/porthole-camera-controls';
import '../components/porthole-chat';
import '../components/porthole-consent';
import '../components/porthole-room-info';
import '../components/porthole-share';

/**
 * The sender's screen: camera preview and controls, the viewer link with its QR code, who is in
 * the room, chat, and the room state.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
@customElement('porthole-sender')
export class PortholeSender extends LitElement {
  static override styles = [
    screenStyles,
    css`
      .paused, .hint { color: var(--ph-muted); margin: 0; }
      .bar { display: flex; justify-content: flex-end; }
      .columns { display: grid; gap: 16px; grid-template-columns: 1fr; }
      @media (min-width: 800px) { .columns { grid-template-columns: 1fr 1fr; } }
    `,
  ];

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  private secret = '';
  /** The key id of the room's sender identity (`k` in the viewer link), once known. */
  @state() private senderKey: string | undefined;
  /** What the share panel notes under the link (after "New link"). */
  @state() private shareNotice: MessageKey | undefined;
  private readonly room = new RoomController(this, 'sender');
  private readonly camera = new CameraController(this);
  private readonly wakeLock = new WakeLockController(this);
  /** The page in the background and back: the viewer told "paused by the phone", the camera reopened. */
  readonly background = new BackgroundController(this, this.camera, this.room);
  private readonly locale = new LocaleController(this);
  private lastState = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.linkError) {
      this.room.fail(this.linkError, describe('sender', { state: 'error', reason: this.linkError }));
      return;
    }
    this.camera.onStream = (stream) => this.room.session?.replaceStream(stream);
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

  /** The link the viewer opens: the room, its sender key id `k`, a non-default transport and ICE servers. */
  get viewerLink(): string {
    const key = this.senderKey ? { senderKey: this.senderKey } : {};
    return buildLink(location.href, 'view', { ...this.room.params, secret: this.secret, ...key });
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
    void this.camera.setTorch(event.detail.on);
  }

  private _onZoom(event: CustomEvent<CameraZoomDetail>): void {
    void this.camera.setZoom(event.detail.zoom);
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

  override render() {
    void this.locale;
    if (this.room.awaitingConsent) {
      return html`<porthole-consent @porthole-consent=${this._onConsent}></porthole-consent>`;
    }
    const view = this.room.view;
    const session = this.room.session;
    const connected = session?.remote?.connected === true;
    return html`
      <div class="bar"><button type="button" data-testid="stop" @click=${this._onStop}>${t('sender.stop')}</button></div>
      <p class="status" data-testid="status" data-kind=${view.state} role="status">${view.message ?? describe('sender', view)}</p>
      ${view.notice === 'clock' ? html`<p class="hint" data-testid="hint" role="note">${t('room.clock')}</p>` : nothing}
      ${
        view.state === 'error' && view.reason === 'busy'
          ? html`<a class="button" href="#/send" data-testid="new-room">${t('sender.newRoom')}</a>`
          : nothing
      }
      <video data-testid="preview" aria-label=${t('sender.preview')} muted autoplay playsinline .srcObject=${this.camera.stream ?? null}></video>
      ${this.camera.paused ? html`<p class="paused" data-testid="paused-note">${t('sender.paused')}</p>` : nothing}
      <porthole-camera-controls .snapshot=${this.camera.snapshot} @porthole-camera-flip=${this._onFlip}
        @porthole-camera-preset=${this._onPreset} @porthole-camera-mic=${this._onMic} @porthole-camera-pause=${this._onPause}
        @porthole-camera-torch=${this._onTorch} @porthole-camera-zoom=${this._onZoom}></porthole-camera-controls>
      ${
        this.secret && view.state !== 'error'
          ? html`<div class="columns">
            <porthole-share .link=${this.viewerLink} .notice=${this.shareNotice} @porthole-retire=${this._onRetire}></porthole-share>
            <div>
              <porthole-room-info .viewer=${session?.remote}></porthole-room-info>
              <porthole-chat mode="list" .messages=${this.room.chat} ?disabled=${!connected} @porthole-chat-send=${this._onChatSend}></porthole-chat>
            </div>
          </div>`
          : nothing
      }
      ${session ? html`<p class="signal" data-testid="signaling">${describeTransport(session.transportStatus, this.room.everConnected)}</p>` : nothing}
      ${this.wakeLock.held ? html`<p class="signal" data-testid="wake-lock">${t('sender.wakeLock')}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender': PortholeSender;
  }
}
