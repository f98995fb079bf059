import { describe, expect, it } from 'vitest';
import { defaultRequest } from '../../../src/protocol/peer-messages';
import { LatestQueue, sameRequest } from '../../../src/ui/controllers/request-queue';

describe('LatestQueue', () => {
  it('runs one job at a time and only the latest of those pushed meanwhile', async () => {
    const ran: number[] = [];
    let inFlight = 0;
    let most = 0;
    const queue = new LatestQueue<number>(async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      ran.push(n);
      inFlight--;
    });
    for (let n = 1; n <= 10; n++) void queue.push(n);
    await queue.push(11);
    expect(most).toBe(1);
    expect(ran).toEqual([1, 11]);
  });

  it('goes on after a job that failed', async () => {
    const ran: number[] = [];
    const queue = new LatestQueue<number>(async (n) => {
      if (n === 1) throw new Error('no');
      ran.push(n);
    });
    void queue.push(1);
    await queue.push(2);
    expect(ran).toEqual([2]);
  });
});

describe('sameRequest', () => {
  it('compares what a request asks', () => {
    expect(sameRequest(defaultRequest, { ...defaultRequest })).toBe(true);
    expect(sameRequest(defaultRequest, { ...defaultRequest, torch: true })).toBe(false);
    expect(sameRequest(defaultRequest, { ...defaultRequest, maxHeight: 180 })).toBe(false);
    expect(sameRequest({ ...defaultRequest, maxHeight: 360 }, { ...defaultRequest, maxHeight: 180 })).toBe(false);
  });
});
