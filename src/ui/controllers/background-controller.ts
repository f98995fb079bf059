import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraController } from './camera-controller';
import type { RoomController } from './room-controller';

/**
 * The sender's page in the background and back. Hidden (screen off, another app): the connected
 * viewer is told "camera paused by the phone" (not "disconnected"), also a viewer that connects
 * while hidden. Shown again: a camera the browser stopped meanwhile is reopened and sent (the
 * camera controller's recovery; the wake lock controller takes its lock again by itself), then
 * the viewer is told the video is back, unless the person had paused it. Restored from the
 * back/forward cache (`pageshow` with `persisted`): the room pagehide stopped opens again with its
 * stored identity and the camera.
 */
export class BackgroundController implements ReactiveController {
  /** The connection whose viewer was told the phone paused the camera, and not yet that it is back. */
  private toldOn: RTCPeerConnection | undefined;
  /** Bumped on every visibility change: a return that finishes after the page was hidden again says nothing. */
  private generation = 0;
  private readonly onVisibility = (): void => {
    this.generation += 1;
    if (document.visibilityState === 'hidden') this.tellPaused();
    else void this.back(this.generation);
  };
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.restore();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly camera: CameraController,
    private readonly room: RoomController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    addEventListener('pageshow', this.onPageShow);
  }

  hostUpdated(): void {
    // A viewer that connects (or reconnects) while the page is hidden learns it at once.
    if (document.visibilityState === 'hidden') this.tellPaused();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    removeEventListener('pageshow', this.onPageShow);
    this.toldOn = undefined;
  }

  /** Hidden: tells a connected viewer the phone paused the camera (a person's pause stands as it is). */
  private tellPaused(): void {
    const session = this.room.session;
    const connection = session?.connection;
    if (!connection || connection === this.toldOn || this.camera.paused || session?.remote?.connected !== true) return;
    if (this.room.sendPause(true, 'phone')) this.toldOn = connection;
  }

  /** Shown again: the camera back if the browser stopped it, then the viewer told. */
  private async back(generation: number): Promise<void> {
    await this.camera.recover();
    if (generation !== this.generation || !this.toldOn) return;
    // Still no camera (the reopen failed: the screen says why): the viewer keeps "paused by the phone".
    if (!this.camera.stream || this.camera.ended) return;
    this.toldOn = undefined;
    if (!this.camera.paused) this.room.sendPause(false);
    this.host.requestUpdate();
  }

  /** Back from the back/forward cache: the camera (reopened if it was stopped), then the room. */
  private async restore(): Promise<void> {
    this.toldOn = undefined;
    await this.camera.recover();
    const stream = this.camera.stream;
    if (stream && !this.camera.ended) await this.room.restore(stream);
  }
}
