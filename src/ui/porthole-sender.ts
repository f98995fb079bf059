import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { buildHash, buildLink, type LinkError, type RouteParams } from '../protocol/link';
import { newRoomSecret } from '../protocol/room';
import { CameraError, openCamera } from '../rtc/camera';
import { RoomController } from './room-controller';
import { describe, describeTransport } from './messages';
import { screenStyles } from './shared-styles';
import { RoomStateEvent } from './state-event';
import './porthole-qr';

/**
 * The sender's screen: camera preview, the viewer link with its QR code, and the room state.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
@customElement('porthole-sender')
export class PortholeSender extends LitElement {
  static override styles = screenStyles;

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  @state() private secret = '';
  @state() private preview: MediaStream | undefined;
  private readonly room = new RoomController(this, 'sender');
  private lastView = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.linkError) {
      this.room.fail('link', describe('sender', { state: 'error', reason: 'link' }));
      return;
    }
    this.secret = this.params.secret ?? newRoomSecret();
    if (!this.params.secret) {
      history.replaceState(null, '', buildHash('send', { ...this.params, secret: this.secret }));
    }
    void this.begin();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const track of this.preview?.getTracks() ?? []) track.stop();
  }

  private async begin(): Promise<void> {
    // The transport connects while the camera opens: the broker handshake overlaps the permission prompt.
    const sessionPromise = this.room.open(this.secret, this.params);
    let stream: MediaStream;
    try {
      stream = await openCamera({ audio: true });
    } catch (error) {
      this.room.fail('camera', error instanceof CameraError ? error.message : String(error));
      return;
    }
    this.preview = stream;
    (await sessionPromise).start(stream);
  }

  /** The link the viewer opens. */
  get viewerLink(): string {
    return buildLink(location.href, 'view', { ...this.params, secret: this.secret });
  }

  override updated(): void {
    const view = this.room.view;
    const key = JSON.stringify(view);
    if (key !== this.lastView) {
      this.lastView = key;
      this.dispatchEvent(new RoomStateEvent('sender', view));
    }
  }

  override render() {
    const view = this.room.view;
    const session = this.room.session;
    return html`
      <p class="status" data-testid="status" data-kind=${view.state}>${view.message ?? describe('sender', view)}</p>
      <video data-testid="preview" muted autoplay playsinline .srcObject=${this.preview ?? null}></video>
      ${this.secret && view.state !== 'error'
        ? html`<section class="share">
            <porthole-qr .text=${this.viewerLink}></porthole-qr>
            <p>Viewer link: <a data-testid="viewer-link" href=${this.viewerLink} target="_blank" rel="noopener">${this.viewerLink}</a></p>
          </section>`
        : nothing}
      ${session ? html`<p class="signal" data-testid="signaling">${describeTransport(session.transportStatus)}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-sender': PortholeSender;
  }
}
