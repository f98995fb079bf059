import { describe, expect, it } from 'vitest';
import { codecsPreferring, offeredCodecs } from '../../src/rtc/codec-preferences';

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

/** Chromium's capabilities on the test machine (RTCRtpSender.getCapabilities, mime types and fmtp lines). */
const chromium = {
  video: [
    ['video/VP8', undefined],
    ['video/rtx', undefined],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f'],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f'],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f'],
    ['video/H264', 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f'],
    ['video/AV1', 'level-idx=5;profile=0;tier=0'],
    ['video/VP9', 'profile-id=0'],
    ['video/VP9', 'profile-id=2'],
    ['video/red', undefined],
    ['video/ulpfec', undefined],
  ],
  audio: [
    ['audio/opus', 'minptime=10;useinbandfec=1'],
    ['audio/red', '111/111'],
    ['audio/G722', undefined],
    ['audio/PCMU', undefined],
    ['audio/PCMA', undefined],
    ['audio/CN', undefined],
    ['audio/telephone-event', undefined],
  ],
} as const;

const codecsOf = (list: readonly (readonly [string, string | undefined])[]) =>
  list.map(([mimeType, sdpFmtpLine]) => (sdpFmtpLine === undefined ? { mimeType } : { mimeType, sdpFmtpLine }));

describe('offeredCodecs', () => {
  it('offers VP8 and H.264 in packetization mode 1, with rtx, red and ulpfec, in the browser order', () => {
    const kept = offeredCodecs(codecsOf(chromium.video));
    expect(kept.map((c) => `${c.mimeType} ${c.sdpFmtpLine ?? ''}`.trim())).toEqual([
      'video/VP8',
      'video/rtx',
      'video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
      'video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      'video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f',
      'video/red',
      'video/ulpfec',
    ]);
  });

  it('offers Opus and its redundancy for sound', () => {
    expect(offeredCodecs(codecsOf(chromium.audio)).map((c) => c.mimeType)).toEqual(['audio/opus', 'audio/red']);
  });

  it('keeps the browser list when none of ours is in it (a browser without VP8, H.264 or Opus)', () => {
    const odd = codecsOf([
      ['video/AV1', undefined],
      ['video/rtx', undefined],
    ]);
    expect(offeredCodecs(odd)).toEqual(odd);
  });

  it('keeps H.264 first after the filter when the encoder is hardware', () => {
    const ordered = codecsPreferring(offeredCodecs(codecsOf(chromium.video)), 'video/H264');
    expect(ordered.map((c) => c.mimeType).slice(0, 4)).toEqual(['video/H264', 'video/H264', 'video/H264', 'video/VP8']);
  });
});
