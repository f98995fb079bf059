import { describe, expect, it } from 'vitest';
import { encodingParameters, fullVideo, monitorMaxFps } from '../../src/rtc/sender-encoding';

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

  it('gives an encoding when the browser reported none yet', () => {
    expect(encodingParameters({ encodings: [] }, { ...fullVideo, audioOnly: true }).encodings).toEqual([
      { active: false },
    ]);
  });
});
