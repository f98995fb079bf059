/**
 * Monitor mode's settings, kept on this device: the dead-camera alarm, the sound (VOX) and motion
 * alerts, their cooldown, notifications, a clip on alert and night view. Stored as JSON under
 * `porthole.monitor` and validated on every load: a damaged or out-of-range value falls back to its
 * default (numbers are clamped to their range), never a crash.
 */
import { defaultStorage, type StorageLike } from './web-storage';

/** The part of the picture the motion alert watches. */
export type MotionRegion = 'all' | 'top' | 'bottom' | 'left' | 'right' | 'centre';
/** Every {@link MotionRegion}, in the order the settings list them. */
export const motionRegions: readonly MotionRegion[] = ['all', 'top', 'bottom', 'left', 'right', 'centre'];

/** Monitor mode's settings. */
export interface MonitorSettings {
  /** The dead-camera alarm (on by default). */
  alarm: boolean;
  /** How long the video may be gone before the alarm sounds, in ms. */
  stallGraceMs: number;
  /** The sound alert (VOX). */
  sound: boolean;
  /** The level that counts as loud, in dBFS (−60 quiet room … 0 full scale). */
  soundThresholdDb: number;
  /** How long the sound must stay above the threshold, in ms. */
  soundHoldMs: number;
  /** The motion alert. */
  motion: boolean;
  /** Motion sensitivity, 1 (only big movements) … 10 (the slightest change). */
  motionSensitivity: number;
  /** Where in the picture motion counts. */
  motionRegion: MotionRegion;
  /** After a sound or motion alert, how long the same kind stays quiet, in ms. */
  cooldownMs: number;
  /** A notification when an alert is raised while the page is hidden. */
  notify: boolean;
  /** Save a clip of the last seconds when an alert is raised. */
  saveClip: boolean;
  /** Night view: brightness and contrast raised for a dark room. */
  night: boolean;
}

/** A number setting's range and step. */
export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

/** The range of every number setting. */
export const monitorRanges = {
  stallGraceMs: { min: 2_000, max: 120_000, step: 1_000 },
  soundThresholdDb: { min: -60, max: 0, step: 1 },
  soundHoldMs: { min: 100, max: 10_000, step: 100 },
  motionSensitivity: { min: 1, max: 10, step: 1 },
  cooldownMs: { min: 0, max: 600_000, step: 1_000 },
} as const satisfies Record<string, NumberRange>;

/** The defaults: alarm and sound alert on, motion off (its region and sensitivity depend on the room). */
export const defaultMonitorSettings: Readonly<MonitorSettings> = {
  alarm: true,
  stallGraceMs: 10_000,
  sound: true,
  soundThresholdDb: -30,
  soundHoldMs: 1_000,
  motion: false,
  motionSensitivity: 5,
  motionRegion: 'all',
  cooldownMs: 60_000,
  notify: false,
  saveClip: false,
  night: false,
};

/** The localStorage key. */
export const monitorSettingsKey = 'porthole.monitor';

/** `value` clamped to `range` and rounded to its step, or `fallback` when it is not a finite number. */
function clampNumber(value: unknown, range: NumberRange, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const stepped = Math.round(value / range.step) * range.step;
  return Math.min(range.max, Math.max(range.min, stepped));
}

/** Valid settings from anything (a parsed JSON value, a form): each bad field gets its default. */
export function validMonitorSettings(raw: unknown): MonitorSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: MonitorSettings = { ...defaultMonitorSettings };
  for (const key of ['alarm', 'sound', 'motion', 'notify', 'saveClip', 'night'] as const) {
    if (typeof value[key] === 'boolean') out[key] = value[key];
  }
  for (const key of Object.keys(monitorRanges) as Array<keyof typeof monitorRanges>) {
    out[key] = clampNumber(value[key], monitorRanges[key], defaultMonitorSettings[key]);
  }
  if (motionRegions.includes(value.motionRegion as MotionRegion)) out.motionRegion = value.motionRegion as MotionRegion;
  return out;
}

/** The saved settings (defaults where nothing valid is saved). */
export function loadMonitorSettings(storage: StorageLike | undefined = defaultStorage()): MonitorSettings {
  try {
    const text = storage?.getItem(monitorSettingsKey);
    return validMonitorSettings(text ? JSON.parse(text) : {});
  } catch {
    return { ...defaultMonitorSettings };
  }
}

/** Saves `settings` (validated first); a full or blocked storage keeps them for this page only. */
export function saveMonitorSettings(
  settings: MonitorSettings,
  storage: StorageLike | undefined = defaultStorage(),
): MonitorSettings {
  const valid = validMonitorSettings(settings);
  try {
    storage?.setItem(monitorSettingsKey, JSON.stringify(valid));
  } catch {
    // Quota or privacy mode: the settings still apply on this page.
  }
  return valid;
}
