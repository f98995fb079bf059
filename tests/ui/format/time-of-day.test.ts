import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeOfDayText, warmTimeOfDay, warmTimeOfDayWithinMs } from '../../../src/ui/format/time-of-day';

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

describe('warmTimeOfDay', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('formats one time of day in the given language once the page is idle, not before', () => {
    const idle: Array<{ run: () => void; options?: IdleRequestOptions }> = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void, options?: IdleRequestOptions) =>
      idle.push({ run, options }),
    );
    const format = vi.spyOn(Date.prototype, 'toLocaleTimeString');
    warmTimeOfDay('zh-CN');
    expect(format).not.toHaveBeenCalled();
    expect(idle).toHaveLength(1);
    expect(idle[0]!.options).toEqual({ timeout: warmTimeOfDayWithinMs });
    idle[0]!.run();
    expect(format).toHaveBeenCalledWith(['zh-CN'], { hour: '2-digit', minute: '2-digit' });
  });
});
