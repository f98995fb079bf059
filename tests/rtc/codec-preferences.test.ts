import { describe, expect, it } from 'vitest';
import { codecsPreferring } from '../../src/rtc/codec-preferences';

const codecs = [
  { mimeType: 'video/VP8', clockRate: 90000 },
  { mimeType: 'video/rtx', clockRate: 90000 },
  { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'profile-level-id=42001f' },
  { mimeType: 'video/VP9', clockRate: 90000 },
  { mimeType: 'video/h264', clockRate: 90000, sdpFmtpLine: 'profile-level-id=42e01f' },
];

describe('codecsPreferring', () => {
  it('puts every H.264 entry first (any case), the rest in their order', () => {
    expect(codecsPreferring(codecs, 'video/H264').map((c) => c.mimeType)).toEqual([
      'video/H264',
      'video/h264',
      'video/VP8',
      'video/rtx',
      'video/VP9',
    ]);
  });

  it('keeps the order when the codec is missing, and loses nothing', () => {
    expect(codecsPreferring(codecs, 'video/AV1')).toEqual(codecs);
    expect(codecsPreferring(codecs, 'video/H264')).toHaveLength(codecs.length);
  });
});
