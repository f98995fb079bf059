import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CameraError, defaultPresetId, openCamera, presetConstraints, type CameraPreset } from '../../rtc/camera';

/** Zoom range of a camera that supports zoom. */
export interface ZoomRange {
  min: number;
  max: number;
  step: number;
  value: number;
}

/** What the camera controls render. */
export interface CameraSnapshot {
  /** A stream is open. */
  live: boolean;
  facing: 'user' | 'environment';
  presetId: CameraPreset['id'];
  micOn: boolean;
  hasAudio: boolean;
  paused: boolean;
  torchSupported: boolean;
  torchOn: boolean;
  zoom: ZoomRange | undefined;
}

/** Track capabilities beyond the standard typings (torch and zoom are Chromium extensions). */
interface ExtendedCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
  zoom?: { min: number; max: number; step: number };
}

/**
 * Owns the sender's camera for a Lit host: opens it, flips front/rear, applies presets, mutes the
 * microphone, pauses ("away"), drives torch and zoom where the track supports them, and reopens
 * the camera when the page comes back after the browser stopped it in the background.
 */
export class CameraController implements ReactiveController {
  /** The live stream, once open. */
  stream: MediaStream | undefined;
  /** Which camera is in use. */
  facing: 'user' | 'environment' = 'user';
  /** The resolution/frame-rate preset. */
  presetId: CameraPreset['id'] = defaultPresetId;
  /** Whether the person wants the microphone on (it only sends while not paused). */
  micOn = true;
  /** "Away": video and microphone are paused (the viewer is told). */
  paused = false;
  /** Whether the torch is on, when supported. */
  torchOn = false;
  /** The last failure, if any. */
  error: CameraError | undefined;
  /** A frame-rate cap on the camera itself (the monitor screen), fps; undefined: the preset's. */
  private maxFps: number | undefined;
  private connected = false;
  /** The reopen under way (flip, recovery), shared by everyone who asks meanwhile. */
  private reopening: Promise<void> | undefined;
  /** Called with every new stream (first open, flip, recovery). */
  onStream: ((stream: MediaStream) => void) | undefined;
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.recover();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Opens the camera with the current choices; on failure sets `error` and throws. */
  async open(): Promise<MediaStream> {
    try {
      const stream = await openCamera({ audio: true, facingMode: this.facing, preset: this.presetId });
      if (!this.connected) {
        // The screen was left during the permission prompt: let the camera go at once.
        for (const track of stream.getTracks()) track.stop();
        throw new CameraError('AbortError', 'the sender screen was closed');
      }
      this.adopt(stream);
      if (this.maxFps !== undefined) await this.applyConstraints();
      return stream;
    } catch (error) {
      this.error = error instanceof CameraError ? error : new CameraError('Error', String(error));
      this.host.requestUpdate();
      throw this.error;
    }
  }

  /**
   * A fresh summary of what the controls show; a new object on every call, so passing it as a
   * property re-renders the controls whenever the owner re-renders.
   */
  get snapshot(): CameraSnapshot {
    return {
      live: this.stream !== undefined,
      facing: this.facing,
      presetId: this.presetId,
      micOn: this.micOn,
      hasAudio: this.hasAudio,
      paused: this.paused,
      torchSupported: this.torchSupported,
      torchOn: this.torchOn,
      zoom: this.zoom,
    };
  }

  /** True when the stream has a microphone track. */
  get hasAudio(): boolean {
    return (this.stream?.getAudioTracks().length ?? 0) > 0;
  }

  /** Torch support of the current video track. */
  get torchSupported(): boolean {
    return this.capabilities?.torch === true;
  }

  /** Zoom range of the current video track, when it supports zoom. */
  get zoom(): ZoomRange | undefined {
    const range = this.capabilities?.zoom;
    const track = this.videoTrack;
    if (!range || !track) return undefined;
    const value = (track.getSettings() as { zoom?: number }).zoom ?? range.min;
    return { min: range.min, max: range.max, step: range.step || 0.1, value };
  }

  /** Switches between the front and the rear camera. */
  async flip(): Promise<void> {
    this.facing = this.facing === 'user' ? 'environment' : 'user';
    await this.reopen();
  }

  /** Applies a resolution/frame-rate preset to the running camera. */
  async setPreset(id: CameraPreset['id']): Promise<void> {
    this.presetId = id;
    await this.applyConstraints();
    this.host.requestUpdate();
  }

  /**
   * Caps the camera's own frame rate (the monitor screen: fewer frames captured and encoded), or
   * lifts the cap (undefined): the preset's rate again. Kept across flips and reopens.
   */
  async setMaxFps(fps: number | undefined): Promise<void> {
    this.maxFps = fps;
    await this.applyConstraints();
  }

  /** The preset's constraints, with the frame-rate cap when there is one. */
  private get constraints(): MediaTrackConstraints {
    const constraints = presetConstraints(this.presetId);
    if (this.maxFps !== undefined) constraints.frameRate = { ideal: this.maxFps, max: this.maxFps };
    return constraints;
  }

  private async applyConstraints(): Promise<void> {
    await this.videoTrack?.applyConstraints(this.constraints).catch(() => undefined);
  }

  /** Turns the microphone on or off (the track stays, so no renegotiation); while paused it stays off until resumed. */
  setMic(on: boolean): void {
    this.micOn = on;
    this.applyEnabled();
    this.host.requestUpdate();
  }

  /**
   * Pauses or resumes ("away"): a paused video track sends black frames and the microphone sends
   * silence (the viewer is told "paused", so nothing may still be heard); resuming restores the
   * microphone to the person's choice ({@link micOn}).
   */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.applyEnabled();
    this.host.requestUpdate();
  }

  /** True when the stream has a track the browser ended (phones stop the camera of a page in the background). */
  get ended(): boolean {
    return this.stream?.getTracks().some((track) => track.readyState === 'ended') === true;
  }

  /**
   * Reopens the camera when the browser ended one of its tracks (the page was in the background);
   * resolves once it is back (or the reopen failed: `error` says why). A reopen under way is shared.
   */
  recover(): Promise<void> {
    if (this.reopening) return this.reopening;
    if (!this.connected || !this.ended) return Promise.resolve();
    return this.reopen();
  }

  /** Turns the torch on or off where supported; true once the camera applied it (`torchOn` changes only then). */
  async setTorch(on: boolean): Promise<boolean> {
    const track = this.videoTrack;
    if (!track) return false;
    const applied = await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] }).then(
      () => true,
      () => false,
    );
    if (applied) this.torchOn = on;
    this.host.requestUpdate();
    return applied;
  }

  /** Sets the zoom level where supported. */
  async setZoom(value: number): Promise<void> {
    await this.videoTrack
      ?.applyConstraints({ advanced: [{ zoom: value } as MediaTrackConstraintSet] })
      .catch(() => undefined);
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopTracks();
    this.stream = undefined;
  }

  private get videoTrack(): MediaStreamTrack | undefined {
    return this.stream?.getVideoTracks()[0];
  }

  private get capabilities(): ExtendedCapabilities | undefined {
    const track = this.videoTrack;
    return track && typeof track.getCapabilities === 'function'
      ? (track.getCapabilities() as ExtendedCapabilities)
      : undefined;
  }

  /** Phones cannot open two cameras at once: stop the old tracks, then open anew. */
  private reopen(): Promise<void> {
    const run = (async () => {
      await this.reopening?.catch(() => undefined);
      this.stopTracks();
      await this.open().catch(() => undefined);
    })();
    const shared = run.finally(() => {
      if (this.reopening === shared) this.reopening = undefined;
    });
    this.reopening = shared;
    return shared;
  }

  private adopt(stream: MediaStream): void {
    this.stream = stream;
    this.error = undefined;
    this.torchOn = false;
    this.applyEnabled();
    this.onStream?.(stream);
    this.host.requestUpdate();
  }

  /** Video sends unless paused; the microphone sends when wanted and not paused. */
  private applyEnabled(): void {
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = this.micOn && !this.paused;
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = !this.paused;
  }

  private stopTracks(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
  }
}
