import { describe, expect, it } from 'vitest';
import {
  stepHintMs,
  viewerHint,
  viewerStep,
  type ViewerHintInput,
  type ViewerStepInput,
} from '../../../src/ui/controllers/viewer-step';

const start: ViewerStepInput = {
  state: 'init',
  transport: 'connecting',
  remote: false,
  remoteConnected: false,
  peerDown: false,
  framesArrived: false,
  paused: false,
  wasLive: false,
};
const live: ViewerStepInput = {
  ...start,
  state: 'active',
  transport: 'connected',
  remote: true,
  remoteConnected: true,
  framesArrived: true,
};

describe('viewerStep', () => {
  it('walks server → camera → video → live as the connection comes up', () => {
    expect(viewerStep(start)).toBe('server');
    expect(viewerStep({ ...start, transport: 'reconnecting' })).toBe('server');
    expect(viewerStep({ ...start, transport: 'connected' })).toBe('camera');
    expect(viewerStep({ ...start, transport: 'connected', remote: true })).toBe('video');
    // Peer-to-peer is up, but no frame yet: still starting the video, not live.
    expect(viewerStep({ ...live, framesArrived: false })).toBe('video');
    expect(viewerStep(live)).toBe('live');
  });

  it('stays live when only the server connection drops (the video does not need it)', () => {
    expect(viewerStep({ ...live, transport: 'reconnecting' })).toBe('live');
  });

  it('says reconnecting after being live when the connection drops, until frames come again', () => {
    expect(viewerStep({ ...live, peerDown: true, wasLive: true })).toBe('reconnecting');
    const gone = { ...start, state: 'waiting', transport: 'connected', wasLive: true } as const;
    expect(viewerStep({ ...gone, remote: true })).toBe('reconnecting');
    expect(viewerStep({ ...live, framesArrived: false, wasLive: true })).toBe('reconnecting');
    expect(viewerStep({ ...live, wasLive: true })).toBe('live');
  });

  it('says the sender left when nobody is connected any more (a goodbye, or no answer)', () => {
    expect(viewerStep({ ...start, state: 'waiting', transport: 'connected', wasLive: true })).toBe('left');
    // Connected, then left before a frame was shown here: still "left", not "waiting for the camera".
    const waiting = { ...start, state: 'waiting' as const, transport: 'connected', wasLive: false };
    expect(viewerStep({ ...waiting, wasConnected: true })).toBe('left');
    // A first attempt that failed (never connected): back to the steps, where the hints show.
    expect(viewerStep({ ...waiting, wasConnected: false })).toBe('camera');
  });

  it('names who paused the camera, the person by default', () => {
    expect(viewerStep({ ...live, paused: true })).toBe('paused-person');
    expect(viewerStep({ ...live, paused: true, pausedBy: 'person' })).toBe('paused-person');
    expect(viewerStep({ ...live, paused: true, pausedBy: 'phone' })).toBe('paused-phone');
    // A pause from a sender not connected any more is no pause.
    expect(viewerStep({ ...start, paused: true })).toBe('server');
  });

  it('is error whatever else holds', () => {
    expect(viewerStep({ ...live, state: 'error' })).toBe('error');
  });
});

describe('viewerHint', () => {
  const base: ViewerHintInput = {
    step: 'server',
    msInStep: 0,
    iceFailed: false,
    remote: false,
    remoteConnected: false,
  };
  const late = stepHintMs;

  it('waits stepHintMs in one step before saying anything', () => {
    expect(viewerHint({ ...base, msInStep: late - 1 })).toBeUndefined();
    expect(viewerHint({ ...base, msInStep: late })).toBe('server');
    expect(viewerHint({ ...base, step: 'camera', msInStep: late })).toBe('noSender');
    expect(viewerHint({ ...base, step: 'video', remote: true, msInStep: late })).toBe('iceFailed');
    expect(viewerHint({ ...base, step: 'video', remote: true, remoteConnected: true, msInStep: late })).toBe(
      'noFrames',
    );
    expect(viewerHint({ ...base, step: 'reconnecting', msInStep: late })).toBe('noSender');
    expect(viewerHint({ ...base, step: 'left', msInStep: late })).toBe('noSender');
  });

  it('names a wrong key, clocks apart and a failed path at once', () => {
    expect(viewerHint({ ...base, step: 'camera', notice: 'wrong-key' })).toBe('wrongKey');
    expect(viewerHint({ ...base, step: 'camera', notice: 'clock' })).toBe('clock');
    expect(viewerHint({ ...base, step: 'video', remote: true, iceFailed: true })).toBe('iceFailed');
    // The failed sender may be gone again: the hint stays while the viewer waits for the next try.
    expect(viewerHint({ ...base, step: 'camera', iceFailed: true })).toBe('iceFailed');
  });

  it('has nothing to say while live, paused or in error', () => {
    for (const step of ['live', 'paused-phone', 'paused-person', 'error'] as const) {
      expect(viewerHint({ ...base, step, msInStep: late, notice: 'clock', iceFailed: true })).toBeUndefined();
    }
  });
});
