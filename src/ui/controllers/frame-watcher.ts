import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A video element, whose `requestVideoFrameCallback` may be missing (older Firefox). */
type FrameVideo = HTMLVideoElement;

/** Events that say a frame is on screen where `requestVideoFrameCallback` is missing. */
const fallbackEvents = ['loadeddata', 'playing', 'timeupdate'];

/**
 * Counts the frames a `<video>` shows (`requestVideoFrameCallback`, else `loadeddata`/`playing`/
 * `timeupdate`) and re-renders the host on the first frame of each stream and whenever frames
 * come again after a gap. The host names its video with `video()`, read on each update.
 */
export class FrameWatcher implements ReactiveController {
  /** Frames shown since the video's current stream started. */
  frames = 0;
  /** When the latest frame was shown (`performance.now()` ms), 0 before any. */
  lastFrameAt = 0;
  private bound: FrameVideo | undefined;
  private stream: MediaProvider | null = null;
  private handle: number | undefined;
  private connected = false;
  private readonly onFallback = (): void => this.frame();

  /**
   * @param host re-rendered on the first frame and when frames come back
   * @param video the element to watch
   * @param onFrame called on every frame after the first (e.g. to end a "lost" overlay)
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly video: () => HTMLVideoElement | undefined,
    private readonly onFrame: () => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostUpdated(): void {
    const video = this.connected ? (this.video() as FrameVideo | undefined) : undefined;
    if (video !== this.bound) this.bind(video);
    const stream = video?.srcObject ?? null;
    if (stream !== this.stream) {
      this.stream = stream;
      if (this.frames > 0) {
        this.frames = 0;
        this.host.requestUpdate();
      }
    }
  }

  hostDisconnected(): void {
    this.connected = false;
    this.bind(undefined);
  }

  private bind(video: FrameVideo | undefined): void {
    const old = this.bound;
    if (old) {
      if (this.handle !== undefined) old.cancelVideoFrameCallback(this.handle);
      for (const name of fallbackEvents) old.removeEventListener(name, this.onFallback);
    }
    this.handle = undefined;
    this.bound = video;
    if (!video) return;
    if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) this.request(video);
    else for (const name of fallbackEvents) (video as HTMLVideoElement).addEventListener(name, this.onFallback);
  }

  private request(video: FrameVideo): void {
    this.handle = video.requestVideoFrameCallback(() => {
      if (video !== this.bound) return;
      this.frame();
      this.request(video);
    });
  }

  private frame(): void {
    const video = this.bound;
    if (!video || !(video.srcObject instanceof MediaStream) || video.srcObject.getVideoTracks().length === 0) return;
    this.lastFrameAt = performance.now();
    this.frames += 1;
    if (this.frames === 1) this.host.requestUpdate();
    this.onFrame();
  }
}
