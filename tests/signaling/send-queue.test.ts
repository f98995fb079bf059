import { describe, expect, it } from 'vitest';
import { SendQueue, withoutLargest } from '../../src/signaling/send-queue';

describe('SendQueue', () => {
  it('keeps at most its size, dropping the oldest first', () => {
    const queue = new SendQueue<number>(3);
    for (let i = 1; i <= 5; i += 1) queue.push(i);
    expect(queue.take()).toEqual([3, 4, 5]);
    expect(queue.length).toBe(0);
  });

  it('keeps only the latest item of a replace key, at the end: 100 re-sends take one place', () => {
    const queue = new SendQueue<string>(100);
    queue.push('first');
    for (let i = 0; i < 150; i += 1) queue.push(`offer ${i}`, 'offer:1');
    queue.push('last');
    expect(queue.take()).toEqual(['first', 'offer 149', 'last']);
  });

  it('clear() drops everything', () => {
    const queue = new SendQueue<string>(2);
    queue.push('a', 'k');
    queue.clear();
    expect(queue.take()).toEqual([]);
  });

  it('putBack() puts taken items before those queued since; a newer one of the same replace key wins', () => {
    const queue = new SendQueue<string>(4);
    queue.push('hello', 'hello');
    queue.push('candidate');
    const taken = queue.takeEntries();
    expect(taken).toEqual([
      { item: 'hello', key: 'hello' },
      { item: 'candidate', key: undefined },
    ]);
    queue.push('hello again', 'hello');
    queue.push('later');
    queue.putBack([...taken, { item: 'sent while unconfirmed', key: 'other' }, { item: 'newer', key: 'other' }]);
    expect(queue.peek()).toEqual(['candidate', 'newer', 'hello again', 'later']);
    queue.putBack([{ item: 'oldest', key: undefined }]); // over the size: the oldest goes
    expect(queue.take()).toEqual(['candidate', 'newer', 'hello again', 'later']);
  });
});

describe('withoutLargest', () => {
  it('leaves out the largest item (the first of equals), keeping the order', () => {
    const entries = ['aa', 'bbbb', 'c', 'dddd'].map((item) => ({ item, key: undefined }));
    expect(withoutLargest(entries, (item) => item.length).map((e) => e.item)).toEqual(['aa', 'c', 'dddd']);
    expect(withoutLargest([], (item: string) => item.length)).toEqual([]);
  });
});
