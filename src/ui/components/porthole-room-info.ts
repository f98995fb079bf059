import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PeerInfo } from '../../protocol/messages';
import { timeOfDayText } from '../format/time-of-day';
import { getLocale, LocaleController, t } from '../i18n/i18n';

/**
 * Who is watching. While a viewer is connected: the live banner "● Live · <name> watching since
 * 21:30"; before that a quiet line ("No viewer yet", "<name>: connecting…").
 */
@customElement('porthole-room-info')
export class PortholeRoomInfo extends LitElement {
  static override styles = css`
    :host { display: block; }
    p { margin: 0; }
    .quiet { color: var(--ph-muted); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .live { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; padding: 10px 14px; border-radius: 12px;
      border: 2px solid #e5484d; background: var(--ph-surface); font-weight: 600; font-size: 1.05rem; }
    .badge { display: inline-flex; align-items: center; gap: 6px; padding: 2px 10px; border-radius: 999px;
      background: #c62a2f; color: #fff; letter-spacing: 0.02em; }
    .dot { width: 0.6em; height: 0.6em; border-radius: 50%; background: #fff; }
    @media (prefers-reduced-motion: no-preference) { .dot { animation: pulse 2s ease-in-out infinite; } }
    @keyframes pulse { 50% { opacity: 0.35; } }
  `;

  /** The admitted viewer and whether peer-to-peer is up; undefined when there is none. */
  @property({ attribute: false }) viewer: { peer: PeerInfo; connected: boolean } | undefined;
  /** When this device saw the viewer connect (ms since the epoch), for "watching since". */
  @property({ attribute: false }) since: number | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const viewer = this.viewer;
    const name = viewer?.peer.name || t('sender.unnamedViewer');
    if (viewer?.connected) {
      const time = timeOfDayText(this.since ?? Date.now(), getLocale());
      return html`<p class="live" data-testid="room-info">
        <span class="badge" data-testid="live-badge"><span class="dot" aria-hidden="true"></span>${t('sender.live')}</span>
        <span data-testid="room-viewer" data-connected="true">${t('sender.watchingSince', { name, time })}</span>
      </p>`;
    }
    // Nobody yet: the status line above already says so, this line is for screen readers only.
    return html`<p class=${viewer ? 'quiet' : 'visually-hidden'} data-testid="room-info">
      <span data-testid="room-viewer" data-connected="false">${viewer ? t('sender.viewerConnecting', { name }) : t('sender.noViewer')}</span>
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-room-info': PortholeRoomInfo;
  }
}
