import { describe, expect, it } from 'vitest';
import { createMemoryHub } from '../../src/signaling/memory';
import type { Transport } from '../../src/signaling/transport';

/** Subscribes and records what arrives. */
function inbox(t: Transport, topic: string, will?: string): string[] {
  const got: string[] = [];
  t.subscribe(topic, (data) => got.push(data), will === undefined ? undefined : { will });
  return got;
}

/** Lets queued microtasks (deliveries) run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('memory transport', () => {
  it('fans out to the other subscribers of the topic, asynchronously, never to the publisher', async () => {
    const hub = createMemoryHub();
    const [a, b, c] = [hub.transport(), hub.transport(), hub.transport()];
    await Promise.all([a.connect(), b.connect(), c.connect()]);
    const gotA = inbox(a, 'room');
    const gotB = inbox(b, 'room');
    const gotC = inbox(c, 'elsewhere');
    a.publish('room', 'hello');
    expect(gotB).toEqual([]); // not synchronous
    await settle();
    expect(gotA).toEqual([]);
    expect(gotB).toEqual(['hello']);
    expect(gotC).toEqual([]);
    expect(hub.subscribers('room')).toBe(2);
  });

  it('queues publishes until connect() and stops after unsubscribe', async () => {
    const hub = createMemoryHub();
    const [a, b] = [hub.transport(), hub.transport()];
    const gotB: string[] = [];
    const off = b.subscribe('room', (data) => gotB.push(data));
    await b.connect();
    a.publish('room', 'early');
    await settle();
    expect(gotB).toEqual([]);
    await a.connect();
    await settle();
    expect(gotB).toEqual(['early']);
    off();
    a.publish('room', 'late');
    await settle();
    expect(gotB).toEqual(['early']);
  });

  it('publishes the latest will on crash(), none on close()', async () => {
    const hub = createMemoryHub();
    const [a, b, c] = [hub.transport(), hub.transport(), hub.transport()];
    await Promise.all([a.connect(), b.connect(), c.connect()]);
    const gotA = inbox(a, 'room');
    inbox(b, 'room', 'bye-b');
    inbox(c, 'room', 'bye-c');
    b.setWill('room', 'bye-b2');
    await c.close();
    b.crash();
    await settle();
    expect(gotA).toEqual(['bye-b2']);
    expect(b.status.state).toBe('closed');
    expect(c.status.state).toBe('closed');
    expect(hub.subscribers('room')).toBe(1);
    await expect(b.connect()).rejects.toThrow('closed');
  });

  it('reports status changes', async () => {
    const hub = createMemoryHub();
    const a = hub.transport('memory://a');
    const states: string[] = [];
    a.onStatus((status) => states.push(status.state));
    expect(a.status).toMatchObject({ state: 'idle', endpoint: 'memory://a', attempt: 0 });
    await a.connect();
    await a.close();
    expect(states).toEqual(['connected', 'closed']);
  });
});
