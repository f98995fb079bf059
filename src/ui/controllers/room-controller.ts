import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Role, RouteParams } from '../../protocol/link';
import { chatMessage, parsePeerMessage, pauseMessage } from '../../protocol/peer-messages';
import { deviceId } from '../../storage/device-identity';
import { RoomSession } from '../../rtc/session';
import { chooseIceServers, chooseSignaling } from '../../app/open-room';
import { fetchAppConfig } from '../../signaling/app-config';
import { deviceName } from '../../storage/device-name';
import { rememberRoom } from '../../storage/recent-rooms';
import type { ChatEntry } from '../components/porthole-chat';
import { linkParamsFromSettings, loadSettings } from '../../storage/settings-store';
import { RoomStateEvent, type RoomView } from './room-state';
import { t } from '../i18n/i18n';

/** Most chat lines kept on screen. */
export const maxChatLines = 200;

/**
 * Owns one {@link RoomSession} for a Lit host: starts it, re-renders on change, announces every
 * state change with a {@link RoomStateEvent} from the host, leaves on disconnect or pagehide.
 */
export class RoomController implements ReactiveController {
  /** The session, once started. */
  session: RoomSession | undefined;
  /** The remote stream (viewer). */
  remoteStream: MediaStream | null = null;
  /** A failure before the session could report it (camera, link). */
  failure: { reason: string; message: string } | undefined;
  /** The chat so far (this room, this page). */
  chat: ChatEntry[] = [];
  /** The sender paused its video (viewer side). */
  peerPaused = false;
  /** The signaling transport connected at least once. */
  everConnected = false;
  /** The link parameters in effect: the route's, else (sender) the saved settings' non-default ones. */
  params: RouteParams = {};
  private retired: RoomSession[] = [];
  private announced = '';
  private connected = false;
  private readonly onPageHide = (): void => this.stopAll();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly role: Role,
  ) {
    host.addController(this);
  }

  /** Resolves signaling and ICE servers, then opens the session (connecting the transport at once). */
  async open(secret: string, params: RouteParams): Promise<RoomSession> {
    // The sender's saved transport/ICE settings go into its links; a viewer follows its link only
    // (a link without `via` means the sender used the default transport).
    const saved = this.role === 'sender' ? linkParamsFromSettings(loadSettings()) : {};
    this.params = {
      ...params,
      ...(params.via || !saved.via ? {} : { via: saved.via }),
      ...(params.ice || !saved.ice ? {} : { ice: saved.ice }),
    };
    // With a transport named in the link, signaling starts at once; the relay's config (ICE
    // servers) is only needed when the peer connection is made. Without one, the config decides.
    if (!globalThis.crypto?.subtle || typeof RTCPeerConnection !== 'function') {
      // Plain http:// on a LAN address: no WebCrypto (and often no camera) — say so, don't hang.
      this.fail('insecure', t('room.insecure'));
      throw new Error('insecure context');
    }
    const configPromise = fetchAppConfig(location.origin);
    const config = this.params.via ? null : await configPromise;
    if (!this.connected) throw new Error('the screen was closed');
    const ice = this.params.ice;
    const session = new RoomSession({
      role: this.role,
      secret,
      signaling: chooseSignaling(this.params.via, config, location.href),
      iceServers: configPromise.then((c) => chooseIceServers(c, ice) as RTCIceServer[]),
      device: deviceId(),
      name: deviceName(),
    });
    session.addEventListener('change', () => {
      if (session.transportStatus.state === 'connected') this.everConnected = true;
      this.host.requestUpdate();
    });
    session.addEventListener('stream', (e) => {
      this.remoteStream = (e as CustomEvent<MediaStream | null>).detail;
      if (!this.remoteStream) this.peerPaused = false;
      this.host.requestUpdate();
    });
    session.addEventListener('peer-message', (e) => this.onPeerMessage((e as CustomEvent<unknown>).detail));
    this.session?.stop();
    this.session = session;
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
   * Sender's "New link": the current room is retired (its viewer is told the room is retired; it stays subscribed so
   * old links fail clearly) and a new session opens on `secret`, sending `stream`.
   */
  async rotate(secret: string, stream: MediaStream | undefined): Promise<RoomSession> {
    const old = this.session;
    if (old) {
      old.retire();
      this.retired.push(old);
      this.session = undefined;
    }
    this.chat = [];
    const session = await this.open(secret, this.params);
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

  /** Tells the viewer the sender paused or resumed. */
  sendPause(paused: boolean): void {
    this.session?.sendToPeer(pauseMessage(paused));
  }

  /** Records a failure that happened outside the session (e.g. the camera). */
  fail(reason: string, message: string): void {
    this.failure = { reason, message };
    this.host.requestUpdate();
  }

  /** The state to show. */
  get view(): RoomView {
    if (this.failure) return { state: 'error', ...this.failure };
    const machine = this.session?.state;
    if (!machine) return { state: 'init' };
    return {
      state: machine.state,
      ...(machine.reason ? { reason: machine.reason } : {}),
      ...(machine.message ? { message: machine.message } : {}),
    };
  }

  hostConnected(): void {
    this.connected = true;
    addEventListener('pagehide', this.onPageHide);
  }

  hostUpdated(): void {
    const view = this.view;
    const key = JSON.stringify(view);
    if (key === this.announced) return;
    this.announced = key;
    this.host.dispatchEvent(new RoomStateEvent(this.role, view));
  }

  hostDisconnected(): void {
    this.connected = false;
    removeEventListener('pagehide', this.onPageHide);
    this.stopAll();
    this.session = undefined;
  }

  private stopAll(): void {
    this.session?.stop();
    for (const old of this.retired) old.stop();
    this.retired = [];
  }

  private onPeerMessage(raw: unknown): void {
    const message = parsePeerMessage(raw);
    if (!message) return;
    // Shown at the time it arrived (this device's clock), not the writer's.
    if (message.t === 'chat') this.addChat({ from: 'peer', text: message.text, at: Date.now() });
    else if (message.t === 'pause') this.peerPaused = message.paused;
    this.host.requestUpdate();
  }

  private addChat(line: ChatEntry): void {
    this.chat = [...this.chat, line].slice(-maxChatLines);
    this.host.requestUpdate();
  }
}
