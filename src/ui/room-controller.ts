import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Role, RouteParams } from '../protocol/link';
import { RoomSession } from '../rtc/session';
import { deviceId } from '../rtc/identity';
import { chooseIceServers, chooseSignaling, fetchAppConfig } from '../signaling/defaults';

/** What the sender/viewer elements render: the role state plus messages. */
export interface RoomView {
  /** `init | waiting | active | error` — mirrored to the root's `data-state`. */
  state: 'init' | 'waiting' | 'active' | 'error';
  /** Why we are in error (`busy`, `camera`, `link`, …), mirrored to `data-reason`. */
  reason?: string;
  /** A message for the person, when there is something to say. */
  message?: string;
}

/** Owns one {@link RoomSession} for a Lit host: starts it, re-renders on change, leaves on disconnect or pagehide. */
export class RoomController implements ReactiveController {
  /** The session, once started. */
  session: RoomSession | undefined;
  /** The remote stream (viewer). */
  remoteStream: MediaStream | null = null;
  /** A failure before the session could report it (camera, link). */
  failure: { reason: string; message: string } | undefined;
  private readonly onPageHide = (): void => this.session?.stop();

  constructor(private readonly host: ReactiveControllerHost, private readonly role: Role) {
    host.addController(this);
  }

  /** Resolves signaling and ICE servers, then opens the session (connecting the transport at once). */
  async open(secret: string, params: RouteParams): Promise<RoomSession> {
    const config = await fetchAppConfig(location.origin);
    const session = new RoomSession({
      role: this.role,
      secret,
      signaling: chooseSignaling(params.via, config, location.href),
      iceServers: chooseIceServers(config, params.ice) as RTCIceServer[],
      device: deviceId(),
    });
    session.addEventListener('change', () => this.host.requestUpdate());
    session.addEventListener('stream', (e) => {
      this.remoteStream = (e as CustomEvent<MediaStream | null>).detail;
      this.host.requestUpdate();
    });
    this.session = session;
    this.host.requestUpdate();
    return session;
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
    addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.onPageHide);
    this.session?.stop();
    this.session = undefined;
  }
}
