import { describe, expect, it } from 'vitest';
import {
  nextOverlayFadeInMs,
  overlayFadeAfterMs,
  overlayFaded,
  overlayMessageCount,
  overlayOpacity,
} from '../../../src/ui/chat/overlay-fade';

const now = 1_700_000_000_000;

describe('overlayOpacity', () => {
  it('is full for the newest message and a quarter less for each older one', () => {
    expect([0, 1, 2].map(overlayOpacity)).toEqual([1, 0.75, 0.5]);
  });
});

describe('overlayFaded', () => {
  it('fades a message once it is older than the fade time', () => {
    expect(overlayFadeAfterMs).toBe(15_000);
    expect(overlayFaded(now - overlayFadeAfterMs, now)).toBe(false);
    expect(overlayFaded(now - overlayFadeAfterMs - 1, now)).toBe(true);
  });
});

describe('nextOverlayFadeInMs', () => {
  it('is the time until the soonest shown message fades', () => {
    const messages = [{ at: now - 10_000 }, { at: now - 2_000 }];
    expect(nextOverlayFadeInMs(messages, now)).toBe(5_000);
  });

  it('looks only at the messages the overlay shows', () => {
    expect(overlayMessageCount).toBe(3);
    // The oldest (due first) is no longer shown: the next due is the second one.
    const messages = [{ at: now - 14_000 }, { at: now - 13_000 }, { at: now - 1_000 }, { at: now }];
    expect(nextOverlayFadeInMs(messages, now)).toBe(2_000);
  });

  it('counts a message due right now, and nothing once all have faded', () => {
    expect(nextOverlayFadeInMs([{ at: now - overlayFadeAfterMs }], now)).toBe(0);
    expect(nextOverlayFadeInMs([{ at: now - 60_000 }, { at: now - 20_000 }], now)).toBeUndefined();
    expect(nextOverlayFadeInMs([], now)).toBeUndefined();
  });
});
