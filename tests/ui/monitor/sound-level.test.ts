import { describe, expect, it } from 'vitest';
import { LoudHold, levelDb, rmsDb, silenceDb } from '../../../src/ui/monitor/sound-level';

/** `seconds` of a sine at `amplitude` (0 … 1), 48 kHz. */
function tone(amplitude: number, seconds = 0.1, hz = 440): Float32Array {
  const out = new Float32Array(Math.round(48_000 * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / 48_000);
  return out;
}

describe('levels', () => {
  it('in dBFS: full scale 0, half −6, silence and junk the floor', () => {
    expect(levelDb(1)).toBe(0);
    expect(levelDb(0.5)).toBeCloseTo(-6.02, 1);
    for (const junk of [0, -1, Number.NaN, undefined]) expect(levelDb(junk)).toBe(silenceDb);
    expect(levelDb(2)).toBe(0);
  });

  it('RMS of a sine is 3 dB under its peak; silence is the floor', () => {
    expect(rmsDb(tone(1))).toBeCloseTo(-3.01, 1);
    expect(rmsDb(tone(0.01))).toBeCloseTo(-43.01, 1);
    expect(rmsDb(new Float32Array(480))).toBe(silenceDb);
    expect(rmsDb([])).toBe(silenceDb);
  });
});

describe('LoudHold', () => {
  const readings = (hold: LoudHold, dbs: number[], stepMs = 100) => dbs.map((db, i) => hold.feed(db, i * stepMs));

  it('fires once, when the sound has been loud for the hold time', () => {
    const hold = new LoudHold({ thresholdDb: -30, holdMs: 500 });
    // silence, then loud for 1.5 s (readings every 100 ms)
    const fired = readings(hold, [...Array(10).fill(-80), ...Array(15).fill(-10)]);
    expect(fired.filter(Boolean)).toHaveLength(1);
    expect(fired.indexOf(true)).toBe(15); // 10 silent readings, then 500 ms of loud ones
  });

  it('a short sound (a door click) under the hold time does not fire', () => {
    const hold = new LoudHold({ thresholdDb: -30, holdMs: 500 });
    expect(readings(hold, [-80, -10, -10, -10, -80, -10, -10, -80]).some(Boolean)).toBe(false);
  });

  it('re-arms after the sound drops, and a quieter threshold is honoured', () => {
    const hold = new LoudHold({ thresholdDb: -30, holdMs: 200 });
    const fired = readings(hold, [-10, -10, -10, -10, -80, -10, -10, -10]);
    expect(fired.filter(Boolean)).toHaveLength(2);
    hold.options = { thresholdDb: -50, holdMs: 200 };
    expect(readings(new LoudHold(hold.options), [-45, -45, -45]).some(Boolean)).toBe(true);
  });
});
