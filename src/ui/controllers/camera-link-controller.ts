import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type QualityLimit, type SenderStatus, type ViewerRequest, statusMessage } from '../../protocol/peer-messages';
import { applySenderEncoding, type EncodingWish, monitorMaxFps } from '../../rtc/sender-encoding';
import {
  qualityLimitOf,
  qualityPollIntervalMs,
  roundedLevel,
  statusChanged,
  statusMinIntervalMs,
} from '../../rtc/sender-status';
import type { CameraController } from './camera-controller';
import type { RoomController } from './room-controller';

/** The Battery Status API's manager (Chromium), not in the standard typings. */
interface BatteryManagerLike extends EventTarget {
  level: number;
  charging: boolean;
}

/**
 * The sender's end of the line to its viewer: reports the phone's status (battery where the
 * Battery Status API is, the encoder's quality limitation, torch, what it applies) on connect and
 * on change, rate-limited; carries out the viewer's requests (audio only, bitrate cap, torch) on
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
  private torchAsked = false;
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
    room.onRequest = (request) => void this.onRequest(request);
  }

  /** Turns the monitor screen's frame-rate cap on or off: on the camera (fewer frames captured) and on the encoder. */
  setMonitorScreen(on: boolean): void {
    this.monitorScreen = on;
    void this.camera.setMaxFps(on ? monitorMaxFps : undefined);
    void this.applyEncoding();
  }

  /** The status as it would be sent now. */
  get status(): SenderStatus {
    const request = this.room.peerRequest;
    return statusMessage({
      ...(this.battery ? { battery: roundedLevel(this.battery.level), charging: this.battery.charging } : {}),
      limit: this.limit,
      ...(this.camera.torchSupported ? { torch: this.camera.torchOn } : {}),
      audioOnly: request.audioOnly,
      capKbps: request.capKbps,
    });
  }

  hostConnected(): void {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> };
    void nav
      .getBattery?.()
      .then((manager) => {
        this.manager = manager;
        manager.addEventListener('levelchange', this.onBattery);
        manager.addEventListener('chargingchange', this.onBattery);
        this.onBattery();
      })
      .catch(() => undefined);
    this.pollTimer = setInterval(() => void this.pollQuality(), qualityPollIntervalMs);
  }

  hostDisconnected(): void {
    this.manager?.removeEventListener('levelchange', this.onBattery);
    this.manager?.removeEventListener('chargingchange', this.onBattery);
    this.manager = undefined;
    clearInterval(this.pollTimer);
    clearTimeout(this.sendTimer);
  }

  hostUpdated(): void {
    // A new viewer connection: its encoding set up, and the status sent at once.
    const pc = this.room.session?.remote?.connected ? this.room.session.connection : undefined;
    if (pc === this.pc) {
      // The person switched the torch here: the viewer's torch button follows.
      if (pc && this.lastSent && this.lastSent.torch !== this.status.torch) this.sendNow();
      return;
    }
    this.pc = pc;
    this.lastSent = undefined;
    if (!pc) return;
    void this.applyEncoding();
    this.sendNow();
  }

  private readBattery(): void {
    const m = this.manager;
    if (m && Number.isFinite(m.level)) this.battery = { level: m.level, charging: m.charging === true };
    this.host.requestUpdate();
  }

  private async onRequest(request: ViewerRequest): Promise<void> {
    if (request.torch !== this.torchAsked) {
      this.torchAsked = request.torch;
      if (this.camera.torchSupported) await this.camera.setTorch(request.torch);
    }
    await this.applyEncoding();
    this.sendNow();
    this.host.requestUpdate();
  }

  private applyEncoding(): Promise<boolean> {
    const pc = this.room.session?.connection;
    if (!pc) return Promise.resolve(false);
    const request = this.room.peerRequest;
    const wish: EncodingWish = {
      audioOnly: request.audioOnly,
      capKbps: request.capKbps,
      maxFps: this.monitorScreen ? monitorMaxFps : 0,
    };
    return applySenderEncoding(pc, wish);
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
