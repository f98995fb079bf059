import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { deviceIdentity } from '../../app/identities';
import { buildHash, type LinkError, type RouteParams } from '../../protocol/link';
import type { ChatSendDetail } from '../components/porthole-chat';
import { getLocale, LocaleController, t } from '../i18n/i18n';
import { describe, describeTransport } from '../i18n/messages';
import { AutoHideController } from '../controllers/auto-hide-controller';
import { FrameWatcher } from '../controllers/frame-watcher';
import { ImmersiveController } from '../controllers/immersive-controller';
import { RoomController } from '../controllers/room-controller';
import {
  type ConnectStep,
  connectSteps,
  phonePauseGapMs,
  stepHintMs,
  type ViewerHint,
  type ViewerStep,
  viewerHint,
  viewerStep,
} from '../controllers/viewer-step';
import { timeOfDayText } from '../format/time-of-day';
import { MonitorController } from '../monitor/monitor-controller';
import { monitorBanner, monitorPanel } from '../monitor/monitor-view';
import { screenStyles } from '../styles/shared-styles';
import { hintKeys, infoIcon, statusKeys } from './viewer-copy';
import { viewerStyles } from './viewer-styles';
import '../components/porthole-chat';
import '../components/porthole-connect-steps';
import '../components/porthole-error-card';
import '../components/porthole-stats';
import '../components/porthole-video-tools';
import '../monitor/porthole-monitor-controls';

/**
 * The viewer's screen: a fixed-ratio stage that shows the connection steps while connecting,
 * the sender's video once frames arrive (with tools, chat and connection details that hide after
 * a few seconds without interaction), and the last frame, dimmed, with the time of the drop when
 * the connection is lost. One status line names the step; errors show as a card. In monitor mode
 * (`mode=monitor`, switched from the bar) a {@link MonitorController} raises the dead-camera alarm
 * and the sound and motion alerts, shown in a banner above the stage and a panel under it.
 * @fires porthole-state - on every state change (the app mirrors it to `data-state`).
 */
/** How often the live picture is copied for the cover shown when the connection drops. */
export const lastFrameCopyIntervalMs = 1000;

@customElement('porthole-viewer')
export class PortholeViewer extends LitElement {
  static override styles = [screenStyles, viewerStyles];

  /** The route parameters (`r`, `via`, `ice`). */
  @property({ attribute: false }) params: RouteParams = {};
  /** A problem with the link itself. */
  @property({ attribute: false }) linkError: LinkError | undefined;

  /** The connection-details panel (stats) is open. */
  @state() private infoOpen = false;
  /** When the connection was lost after being live (ms since the epoch), while it is. */
  @state() private lostAt: number | undefined;
  @query('video') private video!: HTMLVideoElement | null;
  @query('canvas.last-frame') private lastFrame!: HTMLCanvasElement | null;
  private readonly room = new RoomController(this, 'viewer');
  private readonly locale = new LocaleController(this);
  private readonly controls = new AutoHideController(this);
  private readonly immersive = new ImmersiveController(this);
  private readonly frames = new FrameWatcher(
    this,
    () => this.video ?? undefined,
    () => this.onFrame(),
  );
  /** Monitor mode (`mode=monitor`): the dead-camera alarm, the sound and motion alerts. */
  private readonly monitor = new MonitorController(this, () => ({
    video: this.video ?? undefined,
    connection: this.room.session?.connection,
    lastFrameAt: this.frames.frames > 0 ? this.frames.lastFrameAt : 0,
    peerConnected: this.room.view.state === 'active' && this.room.session?.remote?.connected === true && !this.peerDown,
    pausedBy: this.room.peerPaused ? (this.room.peerPausedBy ?? 'person') : undefined,
  }));
  /** The step shown, since when (ms since the epoch), and the timer that re-renders for its hint. */
  private step: ViewerStep = 'server';
  private stepAt = Date.now();
  private hintTimer: ReturnType<typeof setTimeout> | undefined;
  /** Live at least once on this page. */
  private wasLive = false;
  /** Peer-to-peer with a sender up at least once on this page. */
  private wasConnected = false;
  /** The peer connection followed for `disconnected`/`failed`. */
  private watchedPc: RTCPeerConnection | undefined;
  private readonly onPcState = (): void => this.requestUpdate();
  private readonly onKey = (): void => this.controls.wake();
  /** When the picture was last copied for the lost-connection cover (`performance.now()` ms). */
  private lastCopyAt = Number.NEGATIVE_INFINITY;
  /** Re-renders while the sender says its phone paused, to notice frames stopping. */
  private phoneCheck: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
    this.stepAt = Date.now();
    this.hintTimer = setTimeout(() => this.requestUpdate(), stepHintMs + 50);
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.onKey);
    clearTimeout(this.hintTimer);
    clearInterval(this.phoneCheck);
    this.phoneCheck = undefined;
    this.watchPc(undefined);
  }

  /** The peer connection reports a lost path (ICE may be restarting). */
  private get peerDown(): boolean {
    const pc = this.room.session?.connection;
    return pc !== undefined && (pc.connectionState === 'disconnected' || pc.connectionState === 'failed');
  }

  /** Whether the connection counts as lost now (after being live): nobody connected, or the path down. */
  private get lostNow(): boolean {
    const view = this.room.view;
    const connected = view.state === 'active' && this.room.session?.remote?.connected === true;
    return this.wasLive && view.state !== 'error' && (!connected || this.peerDown);
  }

  /**
   * "Paused by the phone" while frames still come: a laptop's browser keeps its camera running in
   * a background tab, so the picture is live and the pause is not shown until frames stop.
   */
  private get phoneStillSending(): boolean {
    const phone = this.room.peerPausedBy === 'phone';
    if (phone && this.phoneCheck === undefined)
      this.phoneCheck = setInterval(() => this.requestUpdate(), phonePauseGapMs / 2);
    if (!phone && this.phoneCheck !== undefined) {
      clearInterval(this.phoneCheck);
      this.phoneCheck = undefined;
    }
    return phone && this.frames.frames > 0 && performance.now() - this.frames.lastFrameAt < phonePauseGapMs;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.monitor.setActive(this.params.mode === 'monitor' && this.room.view.state !== 'error');
    this.watchPc(this.room.session?.connection);
    const session = this.room.session;
    if (this.room.view.state === 'active' && session?.remote?.connected === true) this.wasConnected = true;
    const step = viewerStep({
      state: this.room.view.state,
      transport: session?.transportStatus.state,
      remote: session?.remote !== undefined,
      remoteConnected: session?.remote?.connected === true,
      peerDown: this.peerDown,
      framesArrived: this.frames.frames > 0,
      paused: this.room.peerPaused && !this.phoneStillSending,
      pausedBy: this.room.peerPausedBy,
      wasLive: this.wasLive,
      wasConnected: this.wasConnected,
    });
    if (step !== this.step) {
      this.step = step;
      this.stepAt = Date.now();
      clearTimeout(this.hintTimer);
      this.hintTimer = setTimeout(() => this.requestUpdate(), stepHintMs + 50);
      if (step === 'live' && !this.wasLive) {
        this.wasLive = true;
        this.controls.wake();
      }
    }
    // The drop: the cover shows the last copy of the picture (taken about once a second while live).
    if (this.lostNow && this.lostAt === undefined) this.lostAt = Date.now();
  }

  protected override updated(): void {
    this.controls.hold('info', this.infoOpen);
  }

  /** Follows `pc`'s connection state (re-rendering on each change) instead of the previous one's. */
  private watchPc(pc: RTCPeerConnection | undefined): void {
    if (pc === this.watchedPc) return;
    this.watchedPc?.removeEventListener('connectionstatechange', this.onPcState);
    this.watchedPc = pc;
    pc?.addEventListener('connectionstatechange', this.onPcState);
  }

  /** Frames advance: after a drop, once connected again, the picture is back to normal. */
  private onFrame(): void {
    if (this.lostAt !== undefined && !this.lostNow) this.lostAt = undefined;
    // A copy of the picture about once a second while live: at the drop the video may already be black.
    const now = performance.now();
    if (this.lostAt === undefined && now - this.lastCopyAt >= lastFrameCopyIntervalMs) {
      this.lastCopyAt = now;
      this.keepLastFrame();
    }
  }

  /** Copies the frame on screen into the canvas shown (dimmed) while the connection is lost. */
  private keepLastFrame(): void {
    const video = this.video;
    const canvas = this.lastFrame;
    if (!video || !canvas || video.videoWidth === 0) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    try {
      canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    } catch {
      // No frame to copy: the dimmed stage stays dark.
    }
  }

  /** "Leave": home, which ends the session (the sender hears bye) and frees the slot. */
  private _onLeave(): void {
    location.hash = '#/';
  }

  private _onChatSend(event: CustomEvent<ChatSendDetail>): void {
    this.room.sendChat(event.detail.text);
  }

  /** The monitor-mode switch: the same room, its link with or without `mode=monitor`. */
  private _onMonitorMode(): void {
    const mode = this.params.mode === 'monitor' ? undefined : 'monitor';
    location.hash = buildHash('view', { ...this.params, mode });
  }

  private _onInfo(): void {
    this.infoOpen = !this.infoOpen;
  }

  private _onWake(): void {
    this.controls.wake();
  }

  /** The chat field has the focus: controls stay while typing. */
  private _onFocusChange(): void {
    setTimeout(() =>
      this.controls.hold('typing', this.renderRoot.querySelector('porthole-chat:focus-within') !== null),
    );
  }

  private hint(): ViewerHint | undefined {
    const session = this.room.session;
    return viewerHint({
      step: this.step,
      msInStep: Date.now() - this.stepAt,
      notice: this.room.view.notice,
      iceFailed: session?.lastLoss === 'ice-failed',
      remote: session?.remote !== undefined,
      remoteConnected: session?.remote?.connected === true,
    });
  }

  private renderHint() {
    const hint = this.hint();
    if (!hint) return nothing;
    const [what, next] = hintKeys[hint];
    return html`<div class="hint" data-testid="hint" role="note" data-hint=${hint}>
      <p class="what">${t(what)}</p><p class="next">${t(next)}</p></div>`;
  }

  /** What covers the stage: the connection steps, the drop over the last frame, or the pause. */
  private renderCover() {
    const step = this.step;
    if ((connectSteps as readonly string[]).includes(step) && !this.wasLive) {
      return html`<div class="cover"><porthole-connect-steps .step=${step as ConnectStep}>${this.renderHint()}</porthole-connect-steps></div>`;
    }
    if (this.lostAt !== undefined) {
      const key = step === 'left' && this.room.session?.lastLoss === undefined ? 'viewer.leftAt' : 'viewer.lostAt';
      return html`<div class="cover lost"><p class="lost-text" data-testid="connection-lost">${t(key, { time: timeOfDayText(this.lostAt, getLocale()) })}</p>${this.renderHint()}</div>`;
    }
    if (step === 'paused-phone' || step === 'paused-person') {
      return html`<div class="cover paused" data-testid="peer-paused" data-by=${step === 'paused-phone' ? 'phone' : 'person'}>
        ${t(step === 'paused-phone' ? 'viewer.pausedPhone' : 'viewer.paused')}</div>`;
    }
    return nothing;
  }

  /** Tools and connection details over the video, once the first frame is on screen. */
  private renderControls() {
    const session = this.room.session;
    return html`
      <porthole-video-tools class="controls" .video=${this.video ?? undefined} .target=${this}></porthole-video-tools>
      <porthole-monitor-controls class="controls" .room=${this.room}></porthole-monitor-controls>
      <button type="button" class="info controls" data-testid="info" aria-label=${t('viewer.info')} title=${t('viewer.info')}
          aria-expanded=${this.infoOpen ? 'true' : 'false'} aria-controls="info-panel" @click=${this._onInfo}>${infoIcon}</button>
      <div id="info-panel" class="controls info-panel" ?hidden=${!this.infoOpen}>
        ${this.infoOpen ? html`<porthole-stats .connection=${session?.connection}></porthole-stats>` : nothing}
      </div>
    `;
  }

  /** The chat: over the video, or under it on a phone held upright. */
  private renderChat() {
    const connected = this.room.session?.remote?.connected === true;
    return html`<porthole-chat mode="overlay" .messages=${this.room.chat} ?disabled=${!connected}
      @porthole-chat-send=${this._onChatSend} @focusin=${this._onFocusChange} @focusout=${this._onFocusChange}></porthole-chat>`;
  }

  override render() {
    void this.locale;
    void this.immersive;
    const view = this.room.view;
    const session = this.room.session;
    const error = view.state === 'error';
    // Nobody connected any more: a goodbye ("the sender left") or no answer (left, or lost the network).
    const dropped = this.step === 'left' && session?.lastLoss !== undefined;
    const statusText = error
      ? (view.message ?? describe('viewer', view))
      : t(dropped ? 'viewer.status.dropped' : statusKeys[this.step as Exclude<ViewerStep, 'error'>]);
    const unreachable = session && !this.room.everConnected && session.transportStatus.state === 'reconnecting';
    const hasFrames = this.frames.frames > 0;
    return html`
      <div class="bar"><button type="button" class="leave" data-testid="leave" @click=${this._onLeave}>${t('viewer.leave')}</button>
        <p class="status" data-testid="status" data-kind=${view.state} data-step=${this.step} role="status">${statusText}</p>
        ${
          error
            ? nothing
            : html`<button type="button" class="mode" data-testid="monitor-mode" aria-pressed=${this.monitor.isActive ? 'true' : 'false'}
          @click=${this._onMonitorMode}>${t('monitor.mode')}</button>`
        }</div>
      ${
        error
          ? html`<porthole-error-card side="viewer" .view=${view}></porthole-error-card>`
          : html`${monitorBanner(this.monitor)}
            <div class="viewport" data-controls=${this.controls.shown ? 'shown' : 'hidden'} data-step=${this.step}
              ?data-lost=${this.lostAt !== undefined} ?data-night=${this.monitor.isActive && this.monitor.settings.night}
              @pointermove=${this._onWake} @pointerdown=${this._onWake}>
              <div class="stage">
                <video data-testid="remote-video" aria-label=${t('viewer.video')} autoplay playsinline muted
                  .srcObject=${this.room.remoteStream}></video>
                <canvas class="last-frame" aria-hidden="true" ?hidden=${this.lostAt === undefined}></canvas>
                ${this.renderCover()}
                ${hasFrames ? this.renderControls() : nothing}
              </div>
              ${hasFrames ? this.renderChat() : nothing}
            </div>
            ${monitorPanel(this.monitor, this.room.remoteStream)}
            ${
              session
                ? html`<details class="details"><summary>${t('viewer.details')}</summary>
                  <p class="signal" data-testid="signaling" role=${unreachable ? 'alert' : 'status'}>${describeTransport(
                    session.transportStatus,
                    this.room.everConnected,
                  )}</p></details>`
                : nothing
            }`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-viewer': PortholeViewer;
  }
}
