import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  type BitrateCapKbps,
  type QualityLimit,
  type SenderStatus,
  type SmallHeightPx,
  type ViewerRequest,
  defaultRequest,
  maxHeightField,
  statusMessage,
} from '../../protocol/peer-messages';
import { applySenderEncoding, type EncodingWish, monitorMaxFps } from '../../rtc/sender-encoding';
import {
  qualityLimitOf,
  qualityPollIntervalMs,
  roundedLevel,
  statusChanged,
  statusMinIntervalMs,
} from '../../rtc/sender-status';
import type { CameraController } from './camera-controller';
import { TalkGate } from '../monitor/talk-gate';
import type { RoomController } from './room-controller';
import { LatestQueue, sameRequest } from './request-queue';

/** The torch changes at most once per this many ms, whatever the viewer asks (no strobing). */
export const torchMinIntervalMs = 1000;
/** The video encoding changes at most once per this many ms (no setParameters storm). */
export const encodingMinIntervalMs = 250;

/** What the encoding applies on a new connection: full video, no cap, full resolution. */
const fullApplied = { audioOnly: false, capKbps: 0 } as const;

/** A viewer request to carry out; `leaving` when it is the default put in place as the viewer left. */
interface QueuedRequest {
  request: ViewerRequest;
  leaving: boolean;
}

/** The Battery Status API's manager (Chromium), not in the standard typings. */
interface BatteryManagerLike extends EventTarget {
  level: number;
  charging: boolean;
}

/**
 * The sender's end of the line to its viewer: reports the phone's status (battery where the
 * Battery Status API is, the encoder's quality limitation, torch, what it applies) on connect and
 * on change, rate-limited; carries out the viewer's requests (audio only, bitrate cap, picture height, torch) on
 * the video encoding and the camera; caps the frame rate while the monitor screen is on.
 */
export class CameraLinkController implements ReactiveController {
  /** The battery as last read; undefined where the API is missing. */
  battery: { level: number; charging: boolean } | undefined;
  /** Why the encoder limits the video now. */
  limit: QualityLimit = 'none';
  /** The sender's monitor screen is on: the video frame rate is capped at {@link monitorMaxFps}. */
  private monitorScreen = false;
  /** The connection the current status and encoding went to. */
  private pc: RTCPeerConnection | undefined;
  private lastSent: SenderStatus | undefined;
  private lastSentAtMs = 0;
  private sendTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private manager: BatteryManagerLike | undefined;
  /** What the video encoding applies now (setParameters resolved): the status and the hint report this. */
  applied: { audioOnly: boolean; capKbps: BitrateCapKbps; maxHeight?: SmallHeightPx } = fullApplied;
  /** The encoding wish last applied on {@link pc} (its key), to skip a setParameters that changes nothing. */
  private appliedKey: string | undefined;
  /** The viewer's requests, carried out one at a time, the latest winning. */
  private readonly requests = new LatestQueue<QueuedRequest>((queued) => this.apply(queued));
  /** The latest request taken, for a torch change deferred by {@link torchMinIntervalMs}. */
  private latest: QueuedRequest = { request: defaultRequest, leaving: false };
  private lastTorchAtMs = Number.NEGATIVE_INFINITY;
  private lastEncodingAtMs = Number.NEGATIVE_INFINITY;
  /** Runs the latest request again once a deferred torch or encoding change is allowed. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The torch is on because the viewer turned it on (not the person): turned off when the viewer leaves. */
  private viewerLit = false;
  /** Whether the viewer's voice may be played (its talk flag, capped per press). */
  private readonly talk = new TalkGate();
  private talkTimer: ReturnType<typeof setTimeout> | undefined;
  /** The host is in the document (between hostConnected and hostDisconnected). */
  private connected = false;
  private readonly onBattery = (): void => {
    this.readBattery();
    this.schedule();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly room: RoomController,
    private readonly camera: CameraController,
  ) {
    host.addController(this);
    // The room puts the default request in place (that very object) when the viewer's connection ends.
    room.onRequest = (request) => this.take({ request, leaving: request === defaultRequest });
  }

  /** Turns the monitor screen's frame-rate cap on or off: on the camera (fewer frames captured) and on the encoder. */
  setMonitorScreen(on: boolean): void {
    this.monitorScreen = on;
    void this.camera.setMaxFps(on ? monitorMaxFps : undefined);
    void this.requests.push(this.latest);
  }

  /** The status as it would be sent now. */
  get status(): SenderStatus {
    return statusMessage({
      ...(this.battery ? { battery: roundedLevel(this.battery.level), charging: this.battery.charging } : {}),
      limit: this.limit,
      ...(this.camera.torchSupported ? { torch: this.camera.torchOn } : {}),
      audioOnly: this.applied.audioOnly,
      capKbps: this.applied.capKbps,
      ...maxHeightField(this.applied.maxHeight),
    });
  }

  /** The viewer's voice may be played now: its request says it talks, for at most the cap per press. */
  get talkOpen(): boolean {
    return this.talk.open(Date.now());
  }

  /** The person switched the torch on the sender: the viewer's leaving does not switch it off then. */
  personTorch(): void {
    this.viewerLit = false;
  }

  hostConnected(): void {
    this.connected = true;
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> };
    void nav
      .getBattery?.()
      .then((manager) => {
        // The element left while the API answered: no listeners that would never be removed.
        if (!this.connected) return;
        this.manager = manager;
        manager.addEventListener('levelchange', this.onBattery);
        manager.addEventListener('chargingchange', this.onBattery);
        this.onBattery();
      })
      .catch(() => undefined);
    this.pollTimer = setInterval(() => void this.pollQuality(), qualityPollIntervalMs);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.manager?.removeEventListener('levelchange', this.onBattery);
    this.manager?.removeEventListener('chargingchange', this.onBattery);
    this.manager = undefined;
    clearInterval(this.pollTimer);
    clearTimeout(this.sendTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.talkTimer);
    this.retryTimer = undefined;
  }

  hostUpdated(): void {
    // A new viewer connection: its encoding set up, and the status sent at once.
    const pc = this.room.session?.remote?.connected ? this.room.session.connection : undefined;
    // The camera reopened (flip, recovery) and its torch went dark: lit again as the viewer asked.
    if (this.viewerLit && !this.camera.torchOn && this.latest.request.torch) void this.requests.push(this.latest);
    if (pc === this.pc) {
      // The person switched the torch here: the viewer's torch button follows.
      if (pc && this.lastSent && this.lastSent.torch !== this.status.torch) this.sendNow();
      return;
    }
    this.pc = pc;
    this.lastSent = undefined;
    this.appliedKey = undefined;
    this.applied = fullApplied;
    if (!pc) return;
    void this.requests.push(this.latest);
    this.sendNow();
  }

  private readBattery(): void {
    const m = this.manager;
    if (m && Number.isFinite(m.level)) this.battery = { level: m.level, charging: m.charging === true };
    this.host.requestUpdate();
  }

  private take(queued: QueuedRequest): void {
    // The same request again with everything it asks in effect: no work (a flood of repeats costs nothing).
    if (!queued.leaving && sameRequest(queued.request, this.latest.request) && this.inEffect(queued.request)) return;
    this.latest = queued;
    this.talk.set(queued.request.talk, Date.now());
    clearTimeout(this.talkTimer);
    const remainingMs = this.talk.remainingMs(Date.now());
    // At the cap the voice goes silent: the screen re-renders then.
    if (remainingMs !== undefined) this.talkTimer = setTimeout(() => this.host.requestUpdate(), remainingMs);
    this.host.requestUpdate();
    void this.requests.push(queued);
  }

  /** The torch and the encoding are as `request` asks. */
  private inEffect(request: ViewerRequest): boolean {
    const torchDone = !this.camera.torchSupported || request.torch === this.camera.torchOn;
    return torchDone && this.appliedKey === JSON.stringify(this.wishFor(request));
  }

  private wishFor(request: ViewerRequest): EncodingWish {
    return {
      audioOnly: request.audioOnly,
      capKbps: request.capKbps,
      maxFps: this.monitorScreen ? monitorMaxFps : 0,
      maxHeight: request.maxHeight ?? 0,
    };
  }

  /** Carries out one request: the torch (at most every {@link torchMinIntervalMs}), then the encoding. */
  private async apply({ request, leaving }: QueuedRequest): Promise<void> {
    await this.applyTorch(request.torch, leaving);
    await this.applyEncoding(request);
    this.sendNow();
    this.host.requestUpdate();
  }

  private async applyTorch(on: boolean, leaving: boolean): Promise<void> {
    if (!this.camera.torchSupported || on === this.camera.torchOn) return;
    // The viewer leaving turns off only a torch it turned on; none is lit while the person is away.
    if (leaving && !this.viewerLit) return;
    if (on && this.camera.paused) return;
    const waitMs = this.lastTorchAtMs + torchMinIntervalMs - Date.now();
    if (waitMs > 0) return this.retryIn(waitMs);
    this.lastTorchAtMs = Date.now();
    // Refused by the camera: the status says so, and a reopen does not try again.
    this.viewerLit = (await this.camera.setTorch(on)) ? on : false;
  }

  /** Applies the wish for `request` (and the monitor screen's cap) unless it is the one applied already. */
  private async applyEncoding(request: ViewerRequest): Promise<void> {
    const pc = this.room.session?.connection;
    if (!pc) return;
    const wish = this.wishFor(request);
    const key = JSON.stringify(wish);
    if (key === this.appliedKey) return;
    const waitMs = this.lastEncodingAtMs + encodingMinIntervalMs - Date.now();
    if (waitMs > 0) return this.retryIn(waitMs);
    this.lastEncodingAtMs = Date.now();
    if (!(await applySenderEncoding(pc, wish))) return; // refused: the status keeps saying what is applied
    this.appliedKey = key;
    this.applied = { audioOnly: request.audioOnly, capKbps: request.capKbps, ...maxHeightField(request.maxHeight) };
  }

  /** Carries out the latest request again in `waitMs` (one timer for all deferred changes). */
  private retryIn(waitMs: number): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      void this.requests.push(this.latest);
    }, waitMs);
  }

  private async pollQuality(): Promise<void> {
    const pc = this.pc;
    if (!pc || pc.connectionState === 'closed') return;
    const limit = await pc.getStats().then(qualityLimitOf, () => this.limit);
    if (limit !== this.limit) {
      this.limit = limit;
      this.sendNow();
      this.host.requestUpdate();
    } else if (!this.lastSent) this.sendNow(); // the first send failed (the channel was not open yet)
  }

  /** Sends a battery change at most every {@link statusMinIntervalMs}. */
  private schedule(): void {
    if (this.sendTimer !== undefined) return;
    const waitMs = Math.max(0, this.lastSentAtMs + statusMinIntervalMs - Date.now());
    this.sendTimer = setTimeout(() => {
      this.sendTimer = undefined;
      this.sendNow();
    }, waitMs);
  }

  /** Sends the status when it changed since the last one sent on this connection. */
  private sendNow(): void {
    const status = this.status;
    if (!this.pc || !statusChanged(this.lastSent, status)) return;
    if (!this.room.sendStatus(status)) return;
    this.lastSent = status;
    this.lastSentAtMs = Date.now();
  }
}
