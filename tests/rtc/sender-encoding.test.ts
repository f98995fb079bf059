import { describe, expect, it } from 'vitest';
import {
  applySenderEncoding,
  encodingParameters,
  endQuickStart,
  fullVideo,
  holdQuickStart,
  monitorMaxFps,
  quickStartScale,
  type SendParametersLike,
  scaleDownFor,
} from '../../src/rtc/sender-encoding';

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

describe('quick start', () => {
  it('quickStartScale: a camera at most 360 px on its short side, 1 when it is smaller or unknown', () => {
    expect(quickStartScale({ width: 1280, height: 720 })).toBe(2);
    expect(quickStartScale({ width: 1080, height: 1920 })).toBe(3); // a phone upright
    expect(quickStartScale({ width: 640, height: 360 })).toBe(1);
    expect(quickStartScale({})).toBe(1);
  });

  it('a wish applied during the quick start keeps the picture at least that small', () => {
    expect(encodingParameters(current, fullVideo, 720, 2).encodings[0]?.scaleResolutionDownBy).toBe(2);
    // A smaller tile than the quick start's stays as small as it asked.
    expect(
      encodingParameters(current, { ...fullVideo, maxHeight: 180 }, 720, 2).encodings[0]?.scaleResolutionDownBy,
    ).toBe(4);
  });

  /** A connection with one video sender that keeps what setParameters was given. */
  function fakeConnection(): { pc: RTCPeerConnection; sent: SendParametersLike[] } {
    const sent: SendParametersLike[] = [];
    let parameters: SendParametersLike = { encodings: [{ active: true, scaleResolutionDownBy: 2 }] };
    const sender = {
      track: { kind: 'video', getSettings: () => ({ width: 1280, height: 720 }) },
      getParameters: () => parameters,
      setParameters: async (next: SendParametersLike) => {
        parameters = next;
        sent.push(next);
      },
    };
    const pc = {
      connectionState: 'connected',
      getTransceivers: () => [{ sender, receiver: { track: { kind: 'video' } } }],
    };
    return { pc: pc as unknown as RTCPeerConnection, sent };
  }

  it('holds wishes at the quick-start size until it ends, then applies the last wish at its own size', async () => {
    const { pc, sent } = fakeConnection();
    holdQuickStart(pc, 2);
    await applySenderEncoding(pc, { ...fullVideo, capKbps: 500 });
    expect(sent.at(-1)?.encodings[0]).toMatchObject({ scaleResolutionDownBy: 2, maxBitrate: 500_000 });
    expect(await endQuickStart(pc)).toBe(true);
    expect(sent.at(-1)?.encodings[0]).toMatchObject({ scaleResolutionDownBy: 1, maxBitrate: 500_000 });
    expect(await endQuickStart(pc)).toBe(true); // once: nothing held any more
    expect(sent).toHaveLength(2);
  });

  it('a refused end holds the quick start, to be ended again', async () => {
    const { pc, sent } = fakeConnection();
    const sender = pc.getTransceivers()[0]!.sender as unknown as { setParameters: () => Promise<void> };
    const accept = sender.setParameters;
    sender.setParameters = () => Promise.reject(new Error('refused (fake)'));
    holdQuickStart(pc, 2);
    expect(await endQuickStart(pc)).toBe(false);
    await applySenderEncoding(pc, { ...fullVideo, capKbps: 300 }); // refused too, still held at 2
    sender.setParameters = accept;
    await applySenderEncoding(pc, { ...fullVideo, capKbps: 300 });
    expect(sent.at(-1)?.encodings[0]).toMatchObject({ scaleResolutionDownBy: 2 });
    expect(await endQuickStart(pc)).toBe(true);
    expect(sent.at(-1)?.encodings[0]).toMatchObject({ scaleResolutionDownBy: 1, maxBitrate: 300_000 });
  });

  it('ends at full size when no wish came', async () => {
    const { pc, sent } = fakeConnection();
    holdQuickStart(pc, 2);
    await endQuickStart(pc);
    expect(sent.at(-1)?.encodings[0]).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
  });
});
