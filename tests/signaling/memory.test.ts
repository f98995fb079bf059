import { describe, expect, it } from 'vitest';
import { createMemoryHub } from '../../src/signaling/memory';
import type { MemoryTransport } from '../../src/signaling/memory';
import { Inbox } from '../helpers/inbox';
import { transportContract } from './transport-contract';

transportContract('memory', async () => {
  const hub = createMemoryHub();
  return {
    transport: () => hub.transport('memory://hub'),
    endpoint: 'memory://hub',
    kill: (t) => (t as MemoryTransport).crash(),
    afterKill: 'final',
    willChanges: 'now',
    close: async () => undefined,
  };
});

describe('memory transport', () => {
  it('delivers asynchronously (never inside publish()), like a network', async () => {
    const hub = createMemoryHub();
    const [a, b] = [hub.transport(), hub.transport()];
    await Promise.all([a.connect(), b.connect()]);
    const atB = new Inbox(b, 'room');
    a.publish('room', 'hello');
    expect(atB.messages).toEqual([]);
    await atB.receives('hello');
  });

  it('counts the connected subscribers of a topic', async () => {
    const hub = createMemoryHub();
    const [a, b, c] = [hub.transport(), hub.transport(), hub.transport()];
    new Inbox(a, 'room');
    new Inbox(b, 'room');
    const atC = new Inbox(c, 'room');
    expect(hub.subscribers('room')).toBe(0); // none connected yet
    await Promise.all([a.connect(), b.connect(), c.connect()]);
    expect(hub.subscribers('room')).toBe(3);
    atC.off();
    a.crash();
    await b.close();
    expect(hub.subscribers('room')).toBe(0);
    expect(hub.subscribers('elsewhere')).toBe(0);
  });

  it('is closed for good after crash()', async () => {
    const t = createMemoryHub().transport();
    await t.connect();
    t.crash();
    expect(t.status.state).toBe('closed');
    await expect(t.connect()).rejects.toThrow('closed');
  });
});
