import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatsSample } from '../../../src/rtc/stats';
import { localNumber, statsText } from '../../../src/ui/format/stats-text';
import { setTestLocale } from '../set-test-locale';

const sample = (fields: Partial<StatsSample>): StatsSample => ({ at: 0, bytes: 0, ...fields });

afterEach(() => {
  setTestLocale('en');
  vi.unstubAllGlobals();
});

describe('statsText', () => {
  it('knows nothing without a sample, or before the values are measured', () => {
    const unknown = { resolution: undefined, fps: undefined, bitrate: undefined, rtt: undefined, path: undefined };
    expect(statsText(undefined)).toEqual(unknown);
    expect(statsText(sample({}))).toEqual(unknown);
    expect(statsText(sample({ width: 640 })).resolution).toBeUndefined();
  });

  it('writes each value with its unit', () => {
    expect(
      statsText(sample({ width: 640, height: 480, fps: 29.6, bitrateKbps: 850.4, rttMs: 42.4, path: 'host' })),
    ).toEqual({
      resolution: '640×480',
      fps: '30 fps',
      bitrate: '850 kbit/s',
      rtt: '42 ms round trip',
      path: 'Direct connection',
    });
  });

  it('switches to Mbit/s from 1000 kbit/s, and gives one decimal for a round trip under 10 ms', () => {
    expect(statsText(sample({ bitrateKbps: 999 })).bitrate).toBe('999 kbit/s');
    expect(statsText(sample({ bitrateKbps: 1000 })).bitrate).toBe('1.0 Mbit/s');
    expect(statsText(sample({ bitrateKbps: 2345 })).bitrate).toBe('2.3 Mbit/s');
    expect(statsText(sample({ rttMs: 9.94 })).rtt).toBe('9.9 ms round trip');
    expect(statsText(sample({ rttMs: 10 })).rtt).toBe('10 ms round trip');
    expect(statsText(sample({ fps: 0 })).fps).toBe('0 fps');
  });

  it('names every network path', () => {
    expect(statsText(sample({ path: 'srflx' })).path).toBe('Direct, through your router');
    expect(statsText(sample({ path: 'prflx' })).path).toBe('Direct, through your router');
    expect(statsText(sample({ path: 'relay' })).path).toBe('Through a relay server (TURN)');
  });

  it('speaks the app language', () => {
    setTestLocale('zh-CN');
    expect(statsText(sample({ fps: 25, rttMs: 120, path: 'host' }))).toMatchObject({
      fps: '25 帧/秒',
      rtt: '往返 120 毫秒',
      path: '直接连接',
    });
  });
});

describe('localNumber', () => {
  it('rounds to exactly the digits asked for and groups thousands', () => {
    expect(localNumber(1234.5)).toBe('1,235');
    expect(localNumber(2, 1)).toBe('2.0');
  });
});

describe('statsText: the sound', () => {
  it('shows the sound bitrate beside the video one (audio only: the video at 0)', () => {
    expect(statsText(sample({ bitrateKbps: 0, audioKbps: 31.6 }))).toMatchObject({
      bitrate: '0 kbit/s',
      audio: 'Sound 32 kbit/s',
    });
    expect(statsText(sample({ bitrateKbps: 900 })).audio).toBeUndefined();
  });
});
