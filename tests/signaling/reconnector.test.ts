import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reconnector, reconnectDelayMs } from '../../src/signaling/reconnector';

describe('reconnectDelayMs', () => {
  it('follows the 1–5 s schedule, then every 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map(reconnectDelayMs)).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000, 5000]);
  });

  it('treats attempts below 1 as the first', () => {
    expect(reconnectDelayMs(0)).toBe(1000);
    expect(reconnectDelayMs(-3)).toBe(1000);
  });
});

describe('Reconnector', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    delete (globalThis as { window?: EventTarget }).window;
  });

  /** A round that fails `failures` times, then succeeds; records when each attempt ran. */
  function flaky(failures: number) {
    const runs: Array<{ attempt: number; atMs: number }> = [];
    const start = Date.now();
    const round = async (attempt: number): Promise<void> => {
      runs.push({ attempt, atMs: Date.now() - start });
      if (runs.length <= failures) throw new Error(`fail ${runs.length}`);
    };
    return { runs, round };
  }

  it('retries on the schedule after a failed connect() and stops once connected', async () => {
    const { runs, round } = flaky(3);
    const scheduled: Array<[number, number, string | undefined]> = [];
    const reconnector = new Reconnector({ round, onScheduled: (...args) => scheduled.push(args) });
    await expect(reconnector.connect()).rejects.toThrow('fail 1');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toEqual([
      { attempt: 0, atMs: 0 },
      { attempt: 1, atMs: 1000 },
      { attempt: 2, atMs: 3000 },
      { attempt: 3, atMs: 6000 },
    ]);
    expect(scheduled).toEqual([
      [1, 1000, 'fail 1'],
      [2, 2000, 'fail 2'],
      [3, 3000, 'fail 3'],
    ]);
    expect(reconnector.scheduled).toBe(false);
  });

  it('restarts the schedule after a drop and retries at once when back online', async () => {
    const online = new EventTarget();
    (globalThis as { window?: EventTarget }).window = online;
    const { runs, round } = flaky(0);
    const reconnector = new Reconnector({ round, delayMs: () => 60_000 });
    await reconnector.connect();
    reconnector.dropped('gone');
    expect(reconnector.scheduled).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toHaveLength(1);
    online.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((run) => run.attempt)).toEqual([0, 1]);
    expect(reconnector.scheduled).toBe(false);
    online.dispatchEvent(new Event('online')); // connected: nothing to do
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
  });

  it('a connection dropped before it proved good keeps the delays growing; a good one starts them over', async () => {
    const { round } = flaky(0);
    const scheduled: number[] = [];
    const reconnector = new Reconnector({ round, onScheduled: (_attempt, delayMs) => scheduled.push(delayMs) });
    await reconnector.connect();
    for (let i = 0; i < 3; i += 1) {
      reconnector.dropped('refused at once', false);
      await vi.advanceTimersByTimeAsync(10_000); // the retry opens, and is refused again
    }
    reconnector.dropped('a blip');
    expect(scheduled).toEqual([1000, 2000, 3000, 1000]);
  });

  it('joins a running round and rejects pending connects when cancelled', async () => {
    let finish: (() => void) | undefined;
    let calls = 0;
    const reconnector = new Reconnector({
      round: () => {
        calls += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const first = reconnector.connect();
    const second = reconnector.connect();
    expect(calls).toBe(1);
    finish?.();
    await Promise.all([first, second]);
    reconnector.dropped();
    const third = reconnector.connect(); // runs the pending retry now
    expect(calls).toBe(2);
    reconnector.cancel();
    await expect(third).rejects.toThrow('closed');
    await expect(reconnector.connect()).rejects.toThrow('closed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(2);
  });
});
