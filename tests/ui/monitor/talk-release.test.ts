/**
 * Push-to-talk lets go of the microphone when the page is hidden, the window blurs or a press runs
 * past the cap: a real TalkBack with a stand-in microphone and connection.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TalkBack } from '../../../src/rtc/talk-back';
import { talkMaxMs } from '../../../src/ui/monitor/talk-gate';
import { watchRelease } from '../../../src/ui/monitor/talk-release';

function setup() {
  const track = { kind: 'audio', stop: vi.fn() };
  vi.stubGlobal('navigator', {
    mediaDevices: { getUserMedia: async () => ({ getAudioTracks: () => [track] }) },
  });
  const sender = { replaceTrack: vi.fn(async () => undefined) };
  const pc = {
    connectionState: 'connected',
    getTransceivers: () => [{ receiver: { track: { kind: 'audio' } }, currentDirection: 'sendrecv', sender }],
  } as unknown as RTCPeerConnection;
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = new EventTarget();
  const talk = new TalkBack();
  /** A press as the button does it: watching starts, then the microphone opens. */
  const press = async () => {
    const unwatch = watchRelease(() => talk.stop(), { doc, win });
    expect(await talk.start(pc)).toBe(true);
    return unwatch;
  };
  return { track, sender, doc, win, talk, press };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('watchRelease with TalkBack', () => {
  it('the page hidden while talking stops the microphone and takes it off the line', async () => {
    const { track, sender, doc, talk, press } = setup();
    await press();
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(track.stop).toHaveBeenCalled();
    expect(sender.replaceTrack).toHaveBeenLastCalledWith(null);
    expect(talk.talking).toBe(false);
  });

  it('pagehide and window blur release too', async () => {
    for (const [target, type] of [
      ['win', 'pagehide'],
      ['win', 'blur'],
    ] as const) {
      const s = setup();
      await s.press();
      s[target].dispatchEvent(new Event(type));
      expect(s.track.stop).toHaveBeenCalled();
    }
  });

  it('a press held past the cap is released; one released first leaves nothing behind', async () => {
    const held = setup();
    await held.press();
    await vi.advanceTimersByTimeAsync(talkMaxMs);
    expect(held.track.stop).toHaveBeenCalled();
    const released = setup();
    const unwatch = await released.press();
    released.talk.stop();
    unwatch();
    const calls = released.track.stop.mock.calls.length;
    released.doc.visibilityState = 'hidden';
    released.doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(talkMaxMs);
    expect(released.track.stop.mock.calls.length).toBe(calls);
  });
});
