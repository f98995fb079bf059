import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PeerInfo } from '../../protocol/messages';
import { LocaleController, t } from '../i18n/i18n';

/** Who is in the room: the sender itself and the viewer with its state. */
@customElement('porthole-room-info')
export class PortholeRoomInfo extends LitElement {
  static override styles = css`
    :host { display: block; }
    h2 { font-size: 1rem; margin: 0 0 4px; }
    ul { margin: 0; padding-left: 1.2em; }
    li[data-connected='true']::marker { color: #3ecf8e; }
  `;

  /** The admitted viewer and whether peer-to-peer is up; undefined when there is none. */
  @property({ attribute: false }) viewer: { peer: PeerInfo; connected: boolean } | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const viewer = this.viewer;
    const name = viewer?.peer.name || t('sender.unnamedViewer');
    return html`
      <h2>${t('sender.room')}</h2>
      <ul data-testid="room-info">
        <li>${t('sender.you')}</li>
        ${
          viewer
            ? html`<li data-testid="room-viewer" data-connected=${viewer.connected ? 'true' : 'false'}>
              ${t(viewer.connected ? 'sender.viewerConnected' : 'sender.viewerConnecting', { name })}</li>`
            : html`<li data-testid="room-viewer" data-connected="false">${t('sender.noViewer')}</li>`
        }
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-room-info': PortholeRoomInfo;
  }
}
