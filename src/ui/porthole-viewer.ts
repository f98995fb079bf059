import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LinkError, RouteParams } from '../protocol/link';
import { RoomController } from './room-controller';
import { describe, describeTransport } from './messages';
import { screenStyles } from './shared-styles';
import { RoomStateEvent } from './state-event';

/**
 * The viewer's screen: the sender's live video and the room state.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
@customElement('porthole-viewer')
export class PortholeViewer extends LitElement {
  static override styles = screenStyles;

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  @state() private muted = true;
  private readonly room = new RoomController(this, 'viewer');
  private lastView = '';

  override connectedCallback(): void {
    super.connectedCallback();
    const secret = this.params.secret;
    if (this.linkError || !secret) {
      this.room.fail('link', describe('viewer', { state: 'error', reason: 'link' }));
      return;
    }
    void this.room.open(secret, this.params).then((session) => session.start());
  }

  override updated(): void {
    const view = this.room.view;
    const key = JSON.stringify(view);
    if (key !== this.lastView) {
      this.lastView = key;
      this.dispatchEvent(new RoomStateEvent('viewer', view));
    }
  }

  private _onUnmute(): void {
    this.muted = false;
  }

  override render() {
    const view = this.room.view;
    const session = this.room.session;
    const stream = this.room.remoteStream;
    return html`
      <p class="status" data-testid="status" data-kind=${view.state}>${view.message ?? describe('viewer', view)}</p>
      <video data-testid="remote-video" autoplay playsinline .muted=${this.muted} .srcObject=${stream}></video>
      ${stream && this.muted && stream.getAudioTracks().length > 0
        ? html`<button data-testid="unmute" @click=${this._onUnmute}>Tap for sound</button>`
        : nothing}
      ${session ? html`<p class="signal" data-testid="signaling">${describeTransport(session.transportStatus)}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-viewer': PortholeViewer;
  }
}
