import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Role, RouteParams } from '../../protocol/link';
import {
  type PauseReason,
  type SenderStatus,
  type ViewerRequest,
  acceptedBy,
  chatMessage,
  defaultRequest,
  parsePeerMessage,
  pauseMessage,
  pauseReason,
} from '../../protocol/peer-messages';
import { TokenBucket } from '../../protocol/peer-rate';
import { LatestThrottle } from './latest-throttle';
import type { RoomSession } from '../../rtc/session';
import { OpenRoomError, openRoom } from '../../app/open-room';
import { deviceName } from '../../storage/device-name';
import { forgetRoom, rememberRoom } from '../../storage/recent-rooms';
import { keyStore } from '../../app/identities';
import type { Identity } from '../../protocol/identity';
import type { ChatEntry } from '../components/porthole-chat';
import { loadSettings } from '../../storage/settings-store';
import { roomParams } from '../../app/room-params';
import { type RoomErrorReason, RoomStateEvent, type RoomView, signalingNotice } from './room-state';
import { t } from '../i18n/i18n';
import { VideoResumeController } from './video-resume-controller';

/** The viewer takes the sender's status at most once per this many ms (the latest kept): no re-announced warnings. */
export const statusAcceptMs = 1000;

/** Most chat lines kept on screen. */
export const maxChatLines = 200;

/**
 * Owns one {@link RoomSession} for a Lit host: starts it, re-renders on change, announces every
 * state change with a {@link RoomStateEvent} from the host, leaves on disconnect or pagehide.
 * A page restored from the back/forward cache (`pageshow` with `persisted`) opens its room again:
 * the viewer here at once, the sender through {@link restore} once its camera is back
 * (see BackgroundController).
 */
export class RoomController implements ReactiveController {
  /** The session, once started. */
  session: RoomSession | undefined;
  /** The remote stream (viewer). */
  remoteStream: MediaStream | null = null;
  /** A failure before the session could report it (camera, link). */
  failure: { reason: RoomErrorReason; message: string } | undefined;
  /** Sender: waiting for the person to confirm a `#/send` link made on another device. */
  awaitingConsent = false;
  /** The chat so far (this room, this page). */
  chat: ChatEntry[] = [];
  /** The sender paused its video (viewer side). */
  peerPaused = false;
  /** Viewer side: who paused the sender's video ('phone': its page went to the background), undefined when not paused. */
  peerPausedBy: PauseReason | undefined;
  /** Viewer side: the camera phone's latest status (battery, throttling, what it applies); undefined until one came. */
  peerStatus: SenderStatus | undefined;
  /** Sender side: what the connected viewer asks now (audio only, bitrate cap, torch, talk); the default without one. */
  peerRequest: ViewerRequest = defaultRequest;
  /** Sender side: called with every request the viewer sends (after the role check). */
  onRequest: ((request: ViewerRequest) => void) | undefined;
  /** The signaling transport connected at least once. */
  everConnected = false;
  /** The link parameters in effect (the route's, else the sender's settings'), as links carry them: no TURN password. */
  params: RouteParams = {};
  /** Retired sessions still telling their viewer and closing their connection (gone once closed). */
  private readonly retiring = new Set<RoomSession>();
  /** The secret of the room open now. */
  private secret: string | undefined;
  private announced = '';
  /** Limits the messages taken from the connected peer (a new bucket per connection). */
  private peerRate = new TokenBucket();
  /** The sender's status taken at most once per {@link statusAcceptMs}, the latest kept. */
  private readonly statusRate = new LatestThrottle<SenderStatus>(statusAcceptMs, (status, late) => {
    this.peerStatus = status;
    if (late) this.host.requestUpdate();
  });
  /** Called after every update of the host (see {@link subscribe}). */
  private readonly listeners = new Set<() => void>();
  /** Aborted while the host is not connected: a room still opening then is abandoned. */
  private lifetime = new AbortController();
  /** What the room open now was opened with, for {@link restore}. */
  private opened: { secret: string; params: RouteParams; identity: Identity | Promise<Identity> } | undefined;
  /** The page was hidden (pagehide) and its rooms stopped: a restore may open them again. */
  private stoppedByPageHide = false;
  private readonly onPageHide = (): void => {
    // A room that ended in an error (retired, replaced by another tab, refused) stays ended.
    this.stoppedByPageHide = this.session !== undefined && this.session.state.state !== 'error' && !this.failure;
    this.stopAll();
  };
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted && this.role === 'viewer') void this.restore();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly role: Role,
  ) {
    this.lifetime.abort();
    host.addController(this);
    // The viewer's video plays on in the background where it may, and again when shown.
    if (role === 'viewer') new VideoResumeController(host);
  }

  /** Opens the session with {@link openRoom} (connecting the transport at once) and follows its events. */
  async open(secret: string, params: RouteParams, identity: Identity | Promise<Identity>): Promise<RoomSession> {
    // The sender's saved transport and STUN servers go into its links, its TURN servers only into
    // its own connection; a viewer follows its link only (no `via`: the sender used the default).
    const { own, link } = roomParams(this.role, params, loadSettings());
    this.params = link;
    const session = await openRoom({
      role: this.role,
      secret,
      params: own,
      pageUrl: location.href,
      identity,
      name: deviceName(),
      signal: this.lifetime.signal,
    }).catch((error: unknown) => {
      // No WebCrypto/WebRTC (plain http:// on a LAN): say so instead of hanging.
      if (error instanceof OpenRoomError && error.reason === 'insecure') this.fail('insecure', t('room.insecure'));
      throw error;
    });
    if (this.lifetime.signal.aborted) {
      // The screen went while the room was handed over: it must not go on unseen.
      session.stop();
      throw new OpenRoomError('closed');
    }
    this.follow(session);
    this.session?.stop();
    this.session = session;
    this.secret = secret;
    this.opened = { secret, params, identity };
    this.stoppedByPageHide = false;
    rememberRoom({
      role: this.role,
      secret,
      ...(this.params.via ? { via: this.params.via } : {}),
      ...(this.params.ice ? { ice: this.params.ice } : {}),
    });
    this.host.requestUpdate();
    return session;
  }

  /**
   * Sender's "New link": the current room is retired (its connected viewer is told, then the old session closes its
   * signaling connection: one connection per transport, and an old link gets no answer) and a new session opens
   * on `secret`, sending `stream`.
   */
  async rotate(secret: string, identity: Identity, stream: MediaStream | undefined): Promise<RoomSession> {
    const old = this.session;
    if (this.secret) {
      // Retired for good: the old room leaves the recent rooms and its key is forgotten, so the
      // old link cannot be reopened from this device.
      forgetRoom(this.role, this.secret);
      void keyStore().forgetRoom(this.secret);
    }
    if (old) {
      this.retiring.add(old);
      void old.retire().finally(() => this.retiring.delete(old));
      this.session = undefined;
    }
    this.chat = [];
    const session = await this.open(secret, this.params, identity);
    session.start(stream);
    return session;
  }

  /**
   * After the page came back from the back/forward cache: opens the room pagehide stopped, with the
   * same secret, link and identity, and joins (the sender sends `stream`). Resolves with the new
   * session; undefined when nothing was stopped by pagehide (or the host is gone).
   */
  async restore(stream?: MediaStream): Promise<RoomSession | undefined> {
    const opened = this.opened;
    if (!this.stoppedByPageHide || !opened || this.lifetime.signal.aborted) return undefined;
    this.stoppedByPageHide = false;
    const session = await this.open(opened.secret, opened.params, opened.identity).catch(() => undefined);
    if (!session || this.lifetime.signal.aborted) return undefined;
    session.start(stream);
    return session;
  }

  /** Sends a chat line to the peer; false when it is empty, too long, or nobody is connected. */
  sendChat(text: string): boolean {
    const message = chatMessage(text, Date.now());
    if (message?.t !== 'chat' || !this.session?.sendToPeer(message)) return false;
    this.addChat({ from: 'me', text: message.text, at: message.at });
    return true;
  }

  /** Tells the viewer the sender paused or resumed; `reason` 'phone' when the page went to the background. */
  sendPause(paused: boolean, reason: PauseReason = 'person'): boolean {
    return this.session?.sendToPeer(pauseMessage(paused, reason)) ?? false;
  }

  /** Sender: reports the camera phone's status to the viewer; false when nobody is connected. */
  sendStatus(status: SenderStatus): boolean {
    return this.role === 'sender' && (this.session?.sendToPeer(status) ?? false);
  }

  /** Viewer: sends its whole wish to the sender; false when nobody is connected. */
  sendRequest(request: ViewerRequest): boolean {
    return this.role === 'viewer' && (this.session?.sendToPeer(request) ?? false);
  }

  /** Records a failure that happened outside the session (e.g. the camera). */
  fail(reason: RoomErrorReason, message: string): void {
    this.failure = { reason, message };
    this.host.requestUpdate();
  }

  /** Sender: shows the confirmation first (`init` / `confirm`); nothing is sent until {@link consentGiven}. */
  askConsent(): void {
    this.awaitingConsent = true;
    this.host.requestUpdate();
  }

  /** Sender: the person confirmed; the room may open. */
  consentGiven(): void {
    this.awaitingConsent = false;
    this.host.requestUpdate();
  }

  /** The state to show. */
  get view(): RoomView {
    if (this.failure) return { state: 'error', ...this.failure };
    if (this.awaitingConsent) return { state: 'init', reason: 'confirm' };
    const session = this.session;
    if (!session) return { state: 'init' };
    const machine = session.state;
    const notice = signalingNotice(this.role, machine.state, session.signaling, session.remote !== undefined);
    return {
      state: machine.state,
      ...(machine.reason ? { reason: machine.reason } : {}),
      ...(machine.message ? { message: machine.message } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  hostConnected(): void {
    this.lifetime = new AbortController();
    addEventListener('pagehide', this.onPageHide);
    addEventListener('pageshow', this.onPageShow);
  }

  /**
   * Calls `listener` after every update of the host: the room's state, its peer's messages and
   * status. For elements given the room as a property (the same object, so they are not updated
   * by it). Returns the unsubscribe.
   */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hostUpdated(): void {
    for (const listener of this.listeners) listener();
    const view = this.view;
    const key = JSON.stringify(view);
    if (key === this.announced) return;
    this.announced = key;
    this.host.dispatchEvent(new RoomStateEvent(this.role, view));
  }

  hostDisconnected(): void {
    this.lifetime.abort();
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('pageshow', this.onPageShow);
    this.stoppedByPageHide = false;
    this.stopAll();
    this.session = undefined;
    this.statusRate.cancel();
  }

  private stopAll(): void {
    this.session?.stop();
    for (const old of this.retiring) old.stop();
    this.retiring.clear();
  }

  /** Follows `session`'s events; those of a session no longer {@link session} (retired, replaced) are ignored. */
  private follow(session: RoomSession): void {
    session.on('change', () => {
      if (session.transportStatus.state === 'connected') this.everConnected = true;
      this.host.requestUpdate();
    });
    session.on('stream', (stream) => {
      // A late event from a session retired (New link, a restore) must not touch the new one's state.
      if (session !== this.session) return;
      this.remoteStream = stream;
      this.peerRate = new TokenBucket();
      if (!stream) {
        // The connection closed: what its peer said or asked ends with it.
        this.peerPaused = false;
        this.peerPausedBy = undefined;
        this.peerStatus = undefined;
        this.statusRate.cancel();
        if (this.peerRequest !== defaultRequest) {
          this.peerRequest = defaultRequest;
          this.onRequest?.(defaultRequest);
        }
      }
      this.host.requestUpdate();
    });
    session.on('peerMessage', (message) => {
      if (session === this.session) this.onPeerMessage(message);
    });
  }

  private onPeerMessage(raw: unknown): void {
    // A flood (a modified peer) is dropped beyond the bucket's rate, before any parsing.
    if (!this.peerRate.take(Date.now())) return;
    const message = parsePeerMessage(raw);
    // A message this side's peer may not send (a viewer's pause, a sender's request) is dropped.
    if (!message || !acceptedBy(this.role, message)) return;
    // Shown at the time it arrived (this device's clock), not the writer's.
    if (message.t === 'chat') this.addChat({ from: 'peer', text: message.text, at: Date.now() });
    else if (message.t === 'pause') {
      this.peerPaused = message.paused;
      this.peerPausedBy = message.paused ? pauseReason(message) : undefined;
    } else if (message.t === 'status') this.statusRate.push(message);
    else if (message.t === 'request') {
      this.peerRequest = message;
      this.onRequest?.(message);
    }
    this.host.requestUpdate();
  }

  private addChat(line: ChatEntry): void {
    this.chat = [...this.chat, line].slice(-maxChatLines);
    this.host.requestUpdate();
  }
}
