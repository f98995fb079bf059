import { describe, expect, it } from 'vitest';
import {
  defaultMonitorSettings,
  loadMonitorSettings,
  monitorSettingsKey,
  saveMonitorSettings,
  validMonitorSettings,
} from '../../src/storage/monitor-settings';
import { memoryStorage } from '../helpers/memory-storage';

describe('monitor settings', () => {
  it('defaults: alarm and sound alert on, motion off', () => {
    expect(loadMonitorSettings(memoryStorage())).toEqual(defaultMonitorSettings);
    expect(loadMonitorSettings(undefined)).toEqual(defaultMonitorSettings);
    expect(defaultMonitorSettings).toMatchObject({ alarm: true, sound: true, motion: false });
  });

  it('round-trips what is saved', () => {
    const storage = memoryStorage();
    const changed = { ...defaultMonitorSettings, motion: true, motionRegion: 'top' as const, stallGraceMs: 4_000 };
    saveMonitorSettings(changed, storage);
    expect(loadMonitorSettings(storage)).toEqual(changed);
  });

  it('damaged storage falls back to the defaults, field by field; numbers are clamped and stepped', () => {
    const storage = memoryStorage();
    storage.setItem(monitorSettingsKey, '{not json');
    expect(loadMonitorSettings(storage)).toEqual(defaultMonitorSettings);
    const odd = validMonitorSettings({
      alarm: 'yes',
      stallGraceMs: 1e9,
      soundThresholdDb: -1000,
      soundHoldMs: 1_234,
      motionSensitivity: Number.NaN,
      motionRegion: 'sky',
      cooldownMs: -5,
    });
    expect(odd).toEqual({
      ...defaultMonitorSettings,
      stallGraceMs: 120_000,
      soundThresholdDb: -60,
      soundHoldMs: 1_200,
      cooldownMs: 0,
    });
    expect(validMonitorSettings(null)).toEqual(defaultMonitorSettings);
  });

  it('a storage that throws keeps the settings for the page', () => {
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => undefined,
    };
    expect(loadMonitorSettings(throwing)).toEqual(defaultMonitorSettings);
    expect(saveMonitorSettings({ ...defaultMonitorSettings, night: true }, throwing).night).toBe(true);
  });
});
