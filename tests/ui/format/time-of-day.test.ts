import { describe, expect, it } from 'vitest';
import { timeOfDayText } from '../../../src/ui/format/time-of-day';

describe('timeOfDayText', () => {
  it('gives hours and minutes of the local time, without seconds', () => {
    const text = timeOfDayText(new Date(2025, 5, 15, 9, 5, 42).getTime());
    expect(text).toMatch(/09.05/);
    expect(text).not.toContain('42');
  });
});
