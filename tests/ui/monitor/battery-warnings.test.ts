import { describe, expect, it } from 'vitest';
import { type SenderStatus, statusMessage } from '../../../src/protocol/peer-messages';
import {
  CameraWarningState,
  cameraWarnings,
  lowBatteryLevel,
  throttleHoldMs,
} from '../../../src/ui/monitor/battery-warnings';

const calm: SenderStatus = statusMessage({
  battery: 0.8,
  charging: false,
  limit: 'none',
  audioOnly: false,
  capKbps: 0,
});

describe('cameraWarnings', () => {
  it('says nothing without a status, or when all is well', () => {
    expect(cameraWarnings(undefined)).toEqual({});
    expect(cameraWarnings(calm)).toEqual({});
  });

  it('warns at 15% and below when not charging', () => {
    expect(cameraWarnings({ ...calm, battery: lowBatteryLevel })).toEqual({ lowBatteryPercent: 15 });
    expect(cameraWarnings({ ...calm, battery: 0.04 })).toEqual({ lowBatteryPercent: 4 });
    expect(cameraWarnings({ ...calm, battery: 0.16 })).toEqual({});
  });

  it('does not warn while charging or when the level is unknown', () => {
    expect(cameraWarnings({ ...calm, battery: 0.05, charging: true })).toEqual({});
    expect(cameraWarnings(statusMessage({ limit: 'none', audioOnly: false, capKbps: 0 }))).toEqual({});
  });

  it('names the throttling, except while audio only', () => {
    expect(cameraWarnings({ ...calm, limit: 'cpu' })).toEqual({ throttled: 'cpu' });
    expect(cameraWarnings({ ...calm, limit: 'bandwidth' })).toEqual({ throttled: 'bandwidth' });
    expect(cameraWarnings({ ...calm, limit: 'cpu', audioOnly: true })).toEqual({});
  });
});

describe('CameraWarningState', () => {
  const base = statusMessage({ battery: 0.5, charging: false, limit: 'none', audioOnly: false, capKbps: 0 });

  it('a battery flipping 0.10/0.90 shows the warning once and hides it only above 20 % or charging', () => {
    const state = new CameraWarningState();
    expect(state.update({ ...base, battery: 0.1 }, 0).lowBatteryPercent).toBe(10);
    expect(state.update({ ...base, battery: 0.18 }, 1).lowBatteryPercent).toBe(18); // still shown: no flapping
    expect(state.update({ ...base, battery: 0.9 }, 2).lowBatteryPercent).toBeUndefined();
    expect(state.update({ ...base, battery: 0.1 }, 3).lowBatteryPercent).toBe(10);
    expect(state.update({ ...base, battery: 0.1, charging: true }, 4).lowBatteryPercent).toBeUndefined();
    expect(state.update({ ...base, battery: 0.19 }, 5).lowBatteryPercent).toBeUndefined(); // not shown until ≤ 15 %
  });

  it('shows throttling only once it has lasted throttleHoldMs', () => {
    const state = new CameraWarningState();
    const first = state.update({ ...base, limit: 'bandwidth' }, 1000);
    expect(first.throttled).toBeUndefined();
    expect(first.recheckInMs).toBe(throttleHoldMs);
    expect(state.update({ ...base, limit: 'bandwidth' }, 1000 + throttleHoldMs - 1).throttled).toBeUndefined();
    expect(state.update({ ...base, limit: 'bandwidth' }, 1000 + throttleHoldMs).throttled).toBe('bandwidth');
    expect(state.update(base, 20_000).throttled).toBeUndefined();
    expect(state.update({ ...base, limit: 'cpu' }, 21_000).throttled).toBeUndefined(); // a new run starts over
  });
});
