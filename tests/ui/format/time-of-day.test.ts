import { describe, expect, it } from 'vitest';
import { timeOfDayText } from '../../../src/ui/format/time-of-day';

describe('timeOfDayText', () => {
  it('gives hours and minutes of the local time, without seconds', () => {
    const text = timeOfDayText(new Date(2025, 5, 15, 9, 5, 42).getTime());
    expect(text).toMatch(/09.05/);
    expect(text).not.toContain('42');
  });

  it("writes the time the UI language's way", () => {
    const at = new Date(2025, 5, 15, 21, 30).getTime();
    expect(timeOfDayText(at, 'en')).toMatch(/09:30\s?PM/);
    expect(timeOfDayText(at, 'zh-CN')).not.toMatch(/PM/);
    expect(timeOfDayText(at, 'zh-CN')).toContain('30');
  });
});
