import { describe, expect, it } from 'vitest';
import { statusMessage } from '../../src/protocol/peer-messages';
import { qualityLimitOf, roundedLevel, statusChanged } from '../../src/rtc/sender-status';

function report(...stats: Record<string, unknown>[]): Map<string, unknown> {
  return new Map(stats.map((s, i) => [`s${i}`, s]));
}

describe('qualityLimitOf', () => {
  it('reads the outbound video stream', () => {
    expect(qualityLimitOf(report({ type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'cpu' }))).toBe('cpu');
    expect(
      qualityLimitOf(report({ type: 'outbound-rtp', mediaType: 'video', qualityLimitationReason: 'bandwidth' })),
    ).toBe('bandwidth');
  });

  it('ignores audio, inbound and missing reasons; an unknown reason is other', () => {
    expect(qualityLimitOf(report({ type: 'outbound-rtp', kind: 'audio', qualityLimitationReason: 'cpu' }))).toBe(
      'none',
    );
    expect(qualityLimitOf(report({ type: 'inbound-rtp', kind: 'video', qualityLimitationReason: 'cpu' }))).toBe('none');
    expect(qualityLimitOf(report({ type: 'outbound-rtp', kind: 'video' }))).toBe('none');
    expect(qualityLimitOf(report({ type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'heat' }))).toBe(
      'other',
    );
    expect(qualityLimitOf(report())).toBe('none');
  });

  it('reads a forEach-able report too', () => {
    const stats = [{ type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'cpu' }];
    expect(
      qualityLimitOf({
        forEach: (f: (v: unknown, k: string) => void) => {
          for (const s of stats) f(s, 'x');
        },
      }),
    ).toBe('cpu');
  });
});

describe('status helpers', () => {
  it('rounds the battery to whole percent, clamped', () => {
    expect(roundedLevel(0.1449)).toBe(0.14);
    expect(roundedLevel(1.2)).toBe(1);
    expect(roundedLevel(-1)).toBe(0);
  });

  it('statusChanged: the first, and any field that differs', () => {
    const a = statusMessage({ battery: 0.5, charging: true, limit: 'none', audioOnly: false, capKbps: 0 });
    expect(statusChanged(undefined, a)).toBe(true);
    expect(statusChanged(a, statusMessage({ ...a }))).toBe(false);
    expect(statusChanged(a, { ...a, limit: 'cpu' })).toBe(true);
  });
});
