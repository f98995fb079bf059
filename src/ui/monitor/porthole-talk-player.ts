import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import { talkAudioMuted } from './talk-gate';

/** The detail of a `porthole-mute-viewer` event. */
export interface MuteViewerDetail {
  /** The viewer's voice should now be silent (true) or heard (false). */
  muted: boolean;
}

/**
 * The sender's end of talk back: plays what arrives on the connection's audio line (the viewer's
 * voice, only while it holds push-to-talk: audio without `talking` stays muted), says who is talking, and a mute-all toggle.
 * @fires porthole-mute-viewer - `CustomEvent<MuteViewerDetail>`: mute or unmute the viewer's voice.
 */
@customElement('porthole-talk-player')
export class PortholeTalkPlayer extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 0; margin: 0; max-width: none; }
      button { min-height: 44px; min-width: 44px; }
      button[aria-pressed='true'] { background: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
      .talking { margin: 0; font-weight: 600; }
    `,
  ];

  /** The viewer's audio (the remote stream of the sender's connection); null without one. */
  @property({ attribute: false }) stream: MediaStream | null = null;
  /** The viewer's voice may be played now (its request says it talks, within the cap): silent otherwise. */
  @property({ type: Boolean }) talking = false;
  /** The viewer's name, for "<name> is talking". */
  @property() viewerName = '';
  /** Mute-all: the viewer's voice is not played. */
  @property({ type: Boolean }) muted = false;
  private readonly locale = new LocaleController(this);

  private _onMute(): void {
    fireEvent(this, 'porthole-mute-viewer', { muted: !this.muted });
  }

  override render() {
    void this.locale;
    return html`
      <audio data-testid="talk-audio" autoplay .srcObject=${this.stream} .muted=${talkAudioMuted(this.muted, this.talking)}></audio>
      <button type="button" data-testid="mute-viewer" aria-pressed=${this.muted ? 'true' : 'false'} @click=${this._onMute}>
        ${t('cameraLink.muteViewer')}</button>
      ${
        this.talking && !this.muted
          ? html`<p class="talking" data-testid="viewer-talking" role="status">${t('cameraLink.viewerTalking', { name: this.viewerName })}</p>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-talk-player': PortholeTalkPlayer;
  }
  interface HTMLElementEventMap {
    'porthole-mute-viewer': CustomEvent<MuteViewerDetail>;
  }
}
