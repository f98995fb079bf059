import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadMonitorSettings, type MonitorSettings, saveMonitorSettings } from '../../storage/monitor-settings';
import { t } from '../i18n/i18n';
import { AlertGate, topAlert } from './alert-gate';
import { type MonitorAlert, MonitorAlertEvent } from './alert-event';
import { Alarm } from './alarm';
import { receivedLevelDb } from './audio-level';
import { receivedVideoFrames } from './received-frames';
import { changedShare, type GreyFrame, MotionHold } from './motion-detector';
import { MotionSampler } from './motion-sampler';
import { notify } from './notify';
import { LoudHold, silenceDb } from './sound-level';
import { type StallStatus, StallTracker } from './stall-tracker';

/** How often the monitor looks at the video and the sound, in ms. */
export const monitorTickMs = 100;
/** Motion is sampled every this many ticks (about 3 frames a second). */
const motionEveryTicks = 3;
/** The connection's received-frame count is read every this many ticks (once a second). */
const statsEveryTicks = 10;
/** No frame for this long counts as no video, in ms. */
export const noFrameMs = 2_000;
/** How far back the motion timeline reaches, in ms. */
export const motionWindowMs = 10 * 60_000;

/** What the monitor reads from its viewer on each tick. */
export interface MonitorInputs {
  /** The video element showing the sender. */
  video: HTMLVideoElement | undefined;
  /** The peer connection (its audio receiver gives the sound level). */
  connection: RTCPeerConnection | undefined;
  /** When the latest frame was shown (`performance.now()` ms), 0 before any. */
  lastFrameAt: number;
  /** Peer-to-peer with the sender is up. */
  peerConnected: boolean;
  /** Who paused the camera, if the sender says so. */
  pausedBy: 'person' | 'phone' | undefined;
}

/**
 * Monitor mode's brain on the viewer: while active, every {@link monitorTickMs} it follows the
 * video (stall → the alarm), the sound level (VOX) and, a few times a second, motion in the
 * picture; it keeps the raised alerts, fires {@link MonitorAlertEvent} from the host whenever the
 * most urgent one changes, notifies when the page is hidden, and re-renders the host.
 */
export class MonitorController implements ReactiveController {
  /** The person's settings (saved on the device). */
  settings: MonitorSettings = loadMonitorSettings();
  /** The video's state for the dead-camera alarm. */
  stall: StallStatus = { stalled: false };
  /** The sound level now, in dBFS. */
  levelDb = silenceDb;
  /** The alarm was silenced by the person for this stall. */
  silenced = false;
  /** When motion was seen (ms since the epoch), the last {@link motionWindowMs}. */
  motionMoments: number[] = [];
  private readonly tracker = new StallTracker({ noFrameMs, graceMs: this.settings.stallGraceMs });
  private readonly loud = new LoudHold({
    thresholdDb: this.settings.soundThresholdDb,
    holdMs: this.settings.soundHoldMs,
  });
  private readonly moving = new MotionHold({ sensitivity: this.settings.motionSensitivity, samples: 2 });
  /** Sound and motion alerts' timing. */
  readonly gates = { sound: new AlertGate(this.settings.cooldownMs), motion: new AlertGate(this.settings.cooldownMs) };
  readonly alarm = new Alarm(() => this.host.requestUpdate());
  private readonly sampler = new MotionSampler();
  private previousFrame: GreyFrame | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticks = 0;
  private fired: MonitorAlert | undefined;
  /** The connection's received-frame count when last read, and when it last grew (ms since the epoch). */
  private statsFrames: number | undefined;
  private statsFrameAt: number | undefined;
  /** When the page last showed a frame (ms since the epoch), undefined before the first. */
  private shownAt: number | undefined;
  private active = false;
  private readonly onGesture = (): void => this.alarm.arm();

  /**
   * @param host the viewer (alerts are fired from it; re-rendered on changes)
   * @param inputs what the viewer shows now, read on each tick
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly inputs: () => MonitorInputs,
  ) {
    host.addController(this);
  }

  /** Whether monitor mode is on. */
  get isActive(): boolean {
    return this.active;
  }

  /** Turns monitor mode on or off (off: no alert, no alarm, `data-alert` cleared). */
  setActive(on: boolean): void {
    if (on === this.active) return;
    this.active = on;
    if (on) {
      this.alarm.open();
      addEventListener('pointerdown', this.onGesture, true);
      addEventListener('keydown', this.onGesture, true);
      this.timer = setInterval(() => this.tick(), monitorTickMs);
    } else {
      this.stop();
      this.stall = { stalled: false };
      this.gates.sound.dismiss();
      this.gates.motion.dismiss();
      this.announce();
    }
  }

  hostDisconnected(): void {
    this.active = false;
    this.stop();
  }

  /** The alerts raised now, most urgent first. */
  get raised(): MonitorAlert[] {
    const now = Date.now();
    const raised: MonitorAlert[] = [];
    if (this.stall.stalled) raised.push('stalled');
    if (this.gates.motion.raised(now)) raised.push('motion');
    if (this.gates.sound.raised(now)) raised.push('sound');
    return raised;
  }

  /** Applies and saves new settings. */
  applySettings(settings: MonitorSettings): void {
    this.settings = saveMonitorSettings(settings);
    this.tracker.options.graceMs = this.settings.stallGraceMs;
    this.loud.options = { thresholdDb: this.settings.soundThresholdDb, holdMs: this.settings.soundHoldMs };
    this.moving.options = { sensitivity: this.settings.motionSensitivity, samples: 2 };
    this.gates.sound.cooldownMs = this.settings.cooldownMs;
    this.gates.motion.cooldownMs = this.settings.cooldownMs;
    this.host.requestUpdate();
  }

  /** The person silenced the alarm: quiet until the video comes back and stalls again. */
  silence(): void {
    this.silenced = true;
    this.alarm.stop();
    this.host.requestUpdate();
  }

  /** The person dismissed a sound or motion alert. */
  dismiss(alert: 'sound' | 'motion'): void {
    this.gates[alert].dismiss();
    this.announce();
    this.host.requestUpdate();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    removeEventListener('pointerdown', this.onGesture, true);
    removeEventListener('keydown', this.onGesture, true);
    this.alarm.close();
    this.previousFrame = undefined;
    this.statsFrames = undefined;
    this.statsFrameAt = undefined;
    this.shownAt = undefined;
  }

  private tick(): void {
    const input = this.inputs();
    const now = Date.now();
    const before = { stalled: this.stall.stalled, reason: this.stall.reason, level: Math.round(this.levelDb / 2) };
    // Frames shown on the page, or (the page hidden: no frame callbacks) frames the connection received.
    // Kept when the viewer drops the stream (the sender gone): the video was live, and is not now.
    if (input.lastFrameAt > 0)
      this.shownAt = Math.max(this.shownAt ?? 0, now - (performance.now() - input.lastFrameAt));
    const lastFrameMs =
      this.shownAt !== undefined && this.statsFrameAt !== undefined
        ? Math.max(this.shownAt, this.statsFrameAt)
        : this.shownAt;
    this.stall = this.settings.alarm
      ? this.tracker.update({ nowMs: now, lastFrameMs, peerConnected: input.peerConnected, pausedBy: input.pausedBy })
      : { stalled: false };
    if (!this.stall.stalled) this.silenced = false;
    if (this.stall.stalled && !before.stalled) this.raise('stalled');
    if (this.stall.stalled && !this.silenced) this.alarm.start(`⚠ ${t('monitor.alarm.title')}`);
    else this.alarm.stop();

    this.levelDb = receivedLevelDb(input.connection);
    if (this.settings.sound && this.loud.feed(this.levelDb, now) && this.gates.sound.fire(now)) this.raise('sound');

    this.ticks += 1;
    if (this.ticks % statsEveryTicks === 0) void this.readFrameStats(input.connection);
    if (this.settings.motion && this.ticks % motionEveryTicks === 0) this.sampleMotion(input, now);

    this.announce();
    const after = { stalled: this.stall.stalled, reason: this.stall.reason, level: Math.round(this.levelDb / 2) };
    if (JSON.stringify(before) !== JSON.stringify(after) || this.ticks % 10 === 0) this.host.requestUpdate();
  }

  /** Notes when the connection last received a video frame (stats are async: used from the next tick). */
  private async readFrameStats(connection: RTCPeerConnection | undefined): Promise<void> {
    const frames = await receivedVideoFrames(connection);
    // Grown, or a new connection's count: frames arrive.
    if (frames !== undefined && frames > 0 && this.statsFrames !== undefined && frames !== this.statsFrames) {
      this.statsFrameAt = Date.now();
    }
    this.statsFrames = frames;
  }

  private sampleMotion(input: MonitorInputs, now: number): void {
    const frame = this.stall.reason === undefined ? this.sampler.sample(input.video) : undefined;
    const previous = this.previousFrame;
    this.previousFrame = frame;
    if (!frame || !previous) return;
    const share = changedShare(previous, frame, this.settings.motionRegion);
    if (!this.moving.feed(share)) return;
    this.motionMoments = [...this.motionMoments.filter((at) => now - at < motionWindowMs), now];
    if (this.gates.motion.fire(now)) this.raise('motion');
    this.host.requestUpdate();
  }

  /** A newly raised alert: a clip saved if the person asked for one, a notification when the page is hidden. */
  private raise(alert: MonitorAlert): void {
    this.host.requestUpdate();
    if (this.settings.saveClip) {
      void this.host.renderRoot
        .querySelector('porthole-clip-button')
        ?.saveClip()
        .catch(() => undefined);
    }
    if (!this.settings.notify || document.visibilityState !== 'hidden') return;
    // From the page, or through the service worker where only it may (Android Chrome).
    void notify(t(`monitor.alert.${alert}`), {
      body: t('monitor.notify.body'),
      tag: 'porthole-monitor',
      data: { url: globalThis.location?.href }, // a tap on the worker's notification returns to this page (public/sw-notify.js)
    });
  }

  /** Fires the alert event when the most urgent raised alert changed. */
  private announce(): void {
    const top = this.active ? topAlert(this.raised) : undefined;
    if (top === this.fired) return;
    this.fired = top;
    this.host.dispatchEvent(new MonitorAlertEvent(top));
    this.host.requestUpdate();
  }
}
