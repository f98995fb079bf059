import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps a viewer's video going across the background: nothing here (or anywhere in the viewer)
 * pauses on `visibilitychange`, so sound plays on where the browser allows it; when the page is
 * shown again, a live video the browser paused meanwhile is played again. (A peer connection
 * that died meanwhile is the session's normal recovery, not this.)
 */
export class VideoResumeController implements ReactiveController {
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.resume();
  };

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Plays every video of the host that has a stream and stands paused. */
  resume(): void {
    const root = this.host.shadowRoot ?? this.host;
    for (const video of root.querySelectorAll('video')) {
      if (video.srcObject && video.paused) void video.play().catch(() => undefined);
    }
  }
}
