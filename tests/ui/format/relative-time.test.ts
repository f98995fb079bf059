import { afterEach, describe, expect, it, vi } from 'vitest';
import { relativeTimeText } from '../../../src/ui/format/relative-time';
import { setTestLocale } from '../set-test-locale';

const now = new Date(2025, 5, 15, 12, 0, 0).getTime();
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

afterEach(() => {
  setTestLocale('en');
  vi.unstubAllGlobals();
});

describe('relativeTimeText', () => {
  it('says "just now" under a minute, and for a time in the future', () => {
    expect(relativeTimeText(now, now)).toBe('just now');
    expect(relativeTimeText(now - 59_999, now)).toBe('just now');
    expect(relativeTimeText(now + hour, now)).toBe('just now');
  });

  it('counts whole minutes, hours and days', () => {
    expect(relativeTimeText(now - minute, now)).toBe('1 minute ago');
    expect(relativeTimeText(now - 59 * minute - 59_000, now)).toBe('59 minutes ago');
    expect(relativeTimeText(now - 5 * hour, now)).toBe('5 hours ago');
    expect(relativeTimeText(now - day, now)).toBe('yesterday');
    expect(relativeTimeText(now - 6 * day - 23 * hour, now)).toBe('6 days ago');
  });

  it('gives the date from a week on', () => {
    expect(relativeTimeText(new Date(2025, 5, 8, 12, 0, 0).getTime(), now)).toBe('Jun 8, 2025');
  });

  it('speaks the app language', () => {
    setTestLocale('zh-CN');
    expect(relativeTimeText(now, now)).toBe('刚刚');
    expect(relativeTimeText(now - 3 * hour, now)).toBe('3小时前');
    expect(relativeTimeText(now - day, now)).toBe('昨天');
  });
});
