/**
 * Topic fan-out over real sockets: delivery to the others only, isolation, leave, wills
 * (abrupt close, clean close while joined, ping timeout), and a shutdown that publishes none.
 */
import { describe, expect, it } from 'vitest';
import { connect, startRelay, wsUrl, type Client, type TestRelay } from './helpers.js';

/** Connects `n` clients to `relay`. */
async function clientsOf(relay: TestRelay, n: number): Promise<Client[]> {
  return Promise.all(Array.from({ length: n }, () => connect(wsUrl(relay))));
}

describe('fan-out', () => {
  it('delivers to the other subscribers only, never back to the publisher', async () => {
    const relay = await startRelay();
    const [a, b, c] = await clientsOf(relay, 3);
    expect(await a!.join('room-1')).toEqual({ op: 'joined', topic: 'room-1', peers: 0 });
    expect(await b!.join('room-1')).toEqual({ op: 'joined', topic: 'room-1', peers: 1 });
    expect(await c!.join('room-1')).toEqual({ op: 'joined', topic: 'room-1', peers: 2 });

    a!.pub('room-1', 'sealed-from-a');
    expect(await b!.next()).toEqual({ op: 'msg', topic: 'room-1', data: 'sealed-from-a' });
    expect(await c!.next()).toEqual({ op: 'msg', topic: 'room-1', data: 'sealed-from-a' });
    await a!.expectNone();

    c!.pub('room-1', 'from-c');
    expect((await a!.next()).data).toBe('from-c');
    expect((await b!.next()).data).toBe('from-c');
    await c!.expectNone();
    expect(relay.stats()).toEqual({ connections: 3, topics: 1, forwarded: 4 });
  });

  it('keeps topics isolated', async () => {
    const relay = await startRelay();
    const [a, b, c, d] = await clientsOf(relay, 4);
    await a!.join('room-a');
    await b!.join('room-a');
    await c!.join('room-b');
    await d!.join('room-b');
    a!.pub('room-a', 'for-a-only');
    c!.pub('room-b', 'for-b-only');
    expect(await b!.next()).toEqual({ op: 'msg', topic: 'room-a', data: 'for-a-only' });
    expect(await d!.next()).toEqual({ op: 'msg', topic: 'room-b', data: 'for-b-only' });
    await Promise.all([a!.expectNone(), c!.expectNone()]);
    expect(relay.stats().topics).toBe(2);
  });

  it('stops delivering after leave and forgets empty topics', async () => {
    const relay = await startRelay();
    const [a, b, c] = await clientsOf(relay, 3);
    await a!.join('room');
    await b!.join('room');
    await c!.join('room');
    b!.send({ op: 'leave', topic: 'room' });
    c!.send({ op: 'leave', topic: 'room' });
    await c!.expectNone(50); // leave is not answered
    a!.pub('room', 'after-leave');
    await Promise.all([b!.expectNone(), c!.expectNone()]);
    expect(relay.stats().topics).toBe(1);
    a!.send({ op: 'leave', topic: 'room' });
    await a!.expectNone(50);
    expect(relay.stats().topics).toBe(0);
    // After leaving, publishing is refused.
    a!.pub('room', 'x');
    expect(await a!.next()).toMatchObject({ op: 'error', code: 'not-joined', topic: 'room' });
  });

  it('publishes the will when a socket dies without leaving (terminate)', async () => {
    const relay = await startRelay();
    const [a, b, c] = await clientsOf(relay, 3);
    await a!.join('room', 'bye-from-a');
    await b!.join('room');
    await c!.join('elsewhere');
    a!.ws.terminate();
    expect(await b!.next()).toEqual({ op: 'msg', topic: 'room', data: 'bye-from-a' });
    await c!.expectNone();
    expect(relay.stats().connections).toBe(2);
  });

  it('publishes the will on a clean close while still joined', async () => {
    const relay = await startRelay();
    const [a, b] = await clientsOf(relay, 2);
    await a!.join('room', 'will-a');
    await b!.join('room');
    a!.ws.close(1000);
    expect(await b!.next()).toEqual({ op: 'msg', topic: 'room', data: 'will-a' });
  });

  it('does not publish the will after leave', async () => {
    const relay = await startRelay();
    const [a, b] = await clientsOf(relay, 2);
    await a!.join('room', 'will-a');
    await b!.join('room');
    a!.send({ op: 'leave', topic: 'room' });
    await a!.expectNone(50);
    a!.ws.terminate();
    await a!.closed;
    await b!.expectNone(300);
  });

  it('replaces the will on a re-join, without counting twice', async () => {
    const relay = await startRelay({ maxSubscribersPerTopic: 2 });
    const [a, b] = await clientsOf(relay, 2);
    await a!.join('room', 'old-will');
    await b!.join('room');
    expect(await a!.join('room', 'new-will')).toEqual({ op: 'joined', topic: 'room', peers: 1 });
    a!.ws.terminate();
    expect(await b!.next()).toEqual({ op: 'msg', topic: 'room', data: 'new-will' });
    await b!.expectNone();
  });

  it('terminates a socket that stops answering pings, and its will fires', async () => {
    const relay = await startRelay({ pingIntervalMs: 100 });
    const silent = await connect(wsUrl(relay), { autoPong: false });
    const [b] = await clientsOf(relay, 1);
    await silent.join('room', 'silent-died');
    await b!.join('room');
    const started = Date.now();
    expect(await b!.next(2000)).toEqual({ op: 'msg', topic: 'room', data: 'silent-died' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await silent.closed).code).toBe(1006);
    // The answering client survives several intervals.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(b!.ws.readyState).toBe(b!.ws.OPEN);
    expect(relay.stats().connections).toBe(1);
  });

  it('publishes no wills when the relay itself closes', async () => {
    const relay = await startRelay();
    const [a, b] = await clientsOf(relay, 2);
    await a!.join('room', 'will-a');
    await b!.join('room', 'will-b');
    await relay.close();
    await Promise.all([a!.closed, b!.closed]);
    expect(a!.frames).toEqual([]);
    expect(b!.frames).toEqual([]);
    expect(relay.stats()).toMatchObject({ connections: 0, topics: 0, forwarded: 0 });
  });
});
