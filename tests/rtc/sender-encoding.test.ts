import { describe, expect, it } from 'vitest';
import { encodingParameters, fullVideo, monitorMaxFps, scaleDownFor } from '../../src/rtc/sender-encoding';

const current = { transactionId: 't1', encodings: [{ active: true, rid: 'a' }], codecs: [] };

describe('encodingParameters', () => {
  it('full video: active, no caps, resolution dropped before frame rate; other fields kept', () => {
    expect(encodingParameters(current, fullVideo)).toEqual({
      transactionId: 't1',
      codecs: [],
      encodings: [{ active: true, rid: 'a' }],
      degradationPreference: 'maintain-framerate',
    });
  });

  it('audio only switches every encoding off', () => {
    const two = { ...current, encodings: [{ active: true }, { active: true }] };
    expect(encodingParameters(two, { ...fullVideo, audioOnly: true }).encodings).toEqual([
      { active: false },
      { active: false },
    ]);
  });

  it('a bitrate cap is set in bit/s, and removed again', () => {
    const capped = encodingParameters(current, { ...fullVideo, capKbps: 250 });
    expect(capped.encodings[0]?.maxBitrate).toBe(250_000);
    expect(encodingParameters(capped, fullVideo).encodings[0]).not.toHaveProperty('maxBitrate');
  });

  it('the monitor screen caps the frame rate, and the cap goes again', () => {
    const slow = encodingParameters(current, { ...fullVideo, maxFps: monitorMaxFps });
    expect(slow.encodings[0]?.maxFramerate).toBe(15);
    expect(encodingParameters(slow, fullVideo).encodings[0]).not.toHaveProperty('maxFramerate');
  });

  it('a picture height cap scales a 720p track down, and full grows it back to 1', () => {
    const small = encodingParameters(current, { ...fullVideo, maxHeight: 180 }, 720);
    expect(small.encodings[0]?.scaleResolutionDownBy).toBe(4);
    expect(encodingParameters(small, fullVideo, 720).encodings[0]?.scaleResolutionDownBy).toBe(1);
    // Full on a browser that reported no factor: none set.
    expect(encodingParameters(current, fullVideo, 720).encodings[0]).not.toHaveProperty('scaleResolutionDownBy');
  });

  it('scaleDownFor: the track height over the cap, never below 1', () => {
    expect(scaleDownFor(720, 180)).toBe(4);
    expect(scaleDownFor(480, 180)).toBeCloseTo(2.667, 3);
    expect(scaleDownFor(1080, 360)).toBe(3);
    expect(scaleDownFor(120, 180)).toBe(1); // the camera films smaller already
    expect(scaleDownFor(720, 0)).toBe(1); // no cap
    expect(scaleDownFor(undefined, 180)).toBe(1); // track height unknown
    expect(scaleDownFor(Number.NaN, 180)).toBe(1);
  });

  it('gives an encoding when the browser reported none yet', () => {
    expect(encodingParameters({ encodings: [] }, { ...fullVideo, audioOnly: true }).encodings).toEqual([
      { active: false },
    ]);
  });
});
