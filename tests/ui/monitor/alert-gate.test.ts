import { describe, expect, it } from 'vitest';
import { AlertGate, alertShowMs, timelineMarks, topAlert } from '../../../src/ui/monitor/alert-gate';

describe('AlertGate', () => {
  it('raises on a firing, shows it for a while, ignores firings within the cooldown', () => {
    const gate = new AlertGate(60_000);
    expect(gate.raised(0)).toBe(false);
    expect(gate.fire(1_000)).toBe(true);
    expect(gate.raised(1_000 + alertShowMs - 1)).toBe(true);
    expect(gate.raised(1_000 + alertShowMs)).toBe(false);
    expect(gate.fire(30_000)).toBe(false);
    expect(gate.fire(61_000)).toBe(true);
  });

  it('with no cooldown, a firing while raised does not raise again; after, it does', () => {
    const gate = new AlertGate(0);
    expect(gate.fire(0)).toBe(true);
    expect(gate.fire(5_000)).toBe(false);
    expect(gate.fire(alertShowMs)).toBe(true);
  });

  it('dismissed: no longer raised, the cooldown still runs', () => {
    const gate = new AlertGate(60_000);
    gate.fire(0);
    gate.dismiss();
    expect(gate.raised(1)).toBe(false);
    expect(gate.fire(2)).toBe(false);
  });
});

describe('topAlert', () => {
  it('names the most urgent: stalled over motion over sound', () => {
    expect(topAlert([])).toBeUndefined();
    expect(topAlert(['sound'])).toBe('sound');
    expect(topAlert(['sound', 'motion'])).toBe('motion');
    expect(topAlert(['motion', 'stalled', 'sound'])).toBe('stalled');
  });
});

describe('timelineMarks', () => {
  it('keeps the moments in the window, placed from oldest (0) to now (1)', () => {
    expect(timelineMarks([0, 50_000, 100_000, 130_000], 100_000, 100_000)).toEqual([
      { at: 0, position: 0 },
      { at: 50_000, position: 0.5 },
      { at: 100_000, position: 1 },
    ]);
  });
});
