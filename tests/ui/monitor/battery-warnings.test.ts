import { describe, expect, it } from 'vitest';
import { type SenderStatus, statusMessage } from '../../../src/protocol/peer-messages';
import { cameraWarnings, lowBatteryLevel } from '../../../src/ui/monitor/battery-warnings';

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
