/**
 * Several relays, one room space, over a real redis-server started by the test: fan-out across
 * instances with no loss or duplicate, `peers` and topic-full counted across instances, the
 * per-address connection limit across instances, wills through the bus, a stopped instance's
 * share freed, Redis down (local rooms keep working, /healthz says so) and back (everything
 * resubscribed), and no ioredis at all without REDIS_URL.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertExchange, connect, rawRequest, startRelay, wsUrl, type Client, type RelayOptions } from './helpers.js';
import { hasRedis, startRedis, type TestRedis } from './redis-server.js';

if (!hasRedis) console.log('redis-server not installed (apt-get install redis-server): skipping the cluster tests');

describe.skipIf(!hasRedis)('relay cluster over Redis', () => {
  let redis: TestRedis;
  let prefixCount = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Two relays on the same Redis (a fresh key prefix per test), both connected. */
  async function pair(options: RelayOptions = {}) {
    const shared = { redisUrl: redis.url, redisPrefix: `test${prefixCount++}:`, ...options };
    const [a, b] = await Promise.all([startRelay(shared), startRelay(shared)]);
    await Promise.all([a.whenRedisUp(), b.whenRedisUp()]);
    return [a, b] as const;
  }

  const health = async (port: number) => JSON.parse((await rawRequest(port, '/healthz')).body);

  it('fans out across instances with no loss, no duplicate, in order per publisher', async () => {
    const [a, b] = await pair({
      maxMessagesPerSecond: 10_000,
      messageBurst: 10_000,
      maxMessagesPerSecondPerIp: 10_000,
      messageBurstPerIp: 10_000,
    });
    const clients: Client[] = [];
    for (let i = 0; i < 6; i += 1) {
      const client = await connect(wsUrl(i % 2 === 0 ? a : b));
      expect(await client.join('room')).toEqual({ op: 'joined', topic: 'room', peers: i });
      clients.push(client);
    }
    const perClient = 200;
    clients.forEach((client, i) => {
      for (let n = 0; n < perClient; n += 1) client.pub('room', `${i}:${n}`);
    });
    for (const [i, client] of clients.entries()) {
      const got: string[] = [];
      while (got.length < 5 * perClient) got.push((await client.next(5000)).data as string);
      await client.expectNone(300);
      const bySender = new Map<string, number[]>();
      for (const data of got) {
        const [from, n] = data.split(':');
        bySender.set(from!, [...(bySender.get(from!) ?? []), Number(n)]);
      }
      expect(bySender.has(String(i))).toBe(false); // never echoed
      for (const numbers of bySender.values()) expect(numbers).toEqual(Array.from({ length: perClient }, (_, n) => n));
    }
    expect(a.stats().forwarded + b.stats().forwarded).toBe(6 * 5 * perClient);
  });

  it('holds topic-full across instances and names the topic', async () => {
    const [a, b] = await pair({ maxSubscribersPerTopic: 3 });
    const [a1, a2, b1, b2] = await Promise.all([
      connect(wsUrl(a)),
      connect(wsUrl(a)),
      connect(wsUrl(b)),
      connect(wsUrl(b)),
    ]);
    await a1!.join('room');
    await a2!.join('room');
    expect(await b1!.join('room')).toMatchObject({ peers: 2 });
    b2!.send({ op: 'join', topic: 'room', will: 'squatter-will' });
    const refused = await b2!.next();
    expect(refused).toMatchObject({ op: 'error', code: 'topic-full', topic: 'room' });
    expect(refused.message).toContain('room');
    a1!.send({ op: 'leave', topic: 'room' });
    await a1!.expectNone(100);
    expect(await b2!.join('room')).toMatchObject({ peers: 2 });
    b2!.ws.terminate(); // the will of its refused join was never registered
    await a2!.expectNone(300);
  });

  it('counts connections per address across instances', async () => {
    const [a, b] = await pair({ maxConnectionsPerIp: 3 });
    // Each client's join is answered once its connection has been counted in Redis.
    for (const relay of [a, a, b]) await (await connect(wsUrl(relay))).join('counted');
    const fourth = await connect(wsUrl(b));
    expect(await fourth.closed).toEqual({ code: 1008, reason: 'too many connections from this address' });
  });

  it('publishes a will through the bus, once', async () => {
    const [a, b] = await pair();
    const [onA, onB] = await Promise.all([connect(wsUrl(a)), connect(wsUrl(b))]);
    await onA.join('room', 'will-of-a');
    await onB.join('room');
    onA.ws.terminate();
    expect(await onB.next()).toEqual({ op: 'msg', topic: 'room', data: 'will-of-a' });
    await onB.expectNone(300);
  });

  it('a relay that stops frees its share; the other keeps its rooms', async () => {
    const [a, b] = await pair({ maxSubscribersPerTopic: 2 });
    const [onA, onB, local1, local2] = await Promise.all([
      connect(wsUrl(a)),
      connect(wsUrl(b)),
      connect(wsUrl(b)),
      connect(wsUrl(b)),
    ]);
    await onA.join('shared');
    await onB.join('shared');
    await local1.join('local');
    await local2.join('local');
    await a.close();
    await assertExchange(local1, local2, 'local', 'after-a-stopped');
    const newcomer = await connect(wsUrl(b));
    expect(await newcomer.join('shared')).toMatchObject({ op: 'joined', peers: 1 });
  });

  it('keeps local rooms while Redis is down, says so on /healthz, and resubscribes when it is back', async () => {
    const [a, b] = await pair({ maxSubscribersPerTopic: 3 });
    const [a1, b1, a2, a3] = await Promise.all([
      connect(wsUrl(a)),
      connect(wsUrl(b)),
      connect(wsUrl(a)),
      connect(wsUrl(a)),
    ]);
    await a1.join('cross');
    await b1.join('cross');
    await assertExchange(a1, b1, 'cross', 'before');
    expect(await health(a.httpPort)).toEqual({ ok: true, redis: 'up' });

    await redis.stop(true);
    await until(async () => (await health(a.httpPort)).redis === 'down' && (await health(b.httpPort)).redis === 'down');
    expect(a.redisState()).toBe('down');
    await a2.join('local'); // decided locally
    await a3.join('local');
    await assertExchange(a2, a3, 'local', 'while-down');

    await redis.start();
    await Promise.all([a.whenRedisUp(), b.whenRedisUp()]);
    expect(await health(b.httpPort)).toEqual({ ok: true, redis: 'up' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the resubscription is on its way
    await assertExchange(a1, b1, 'cross', 'after');
    // Counts were written again: 'local' holds 2 on a, so b can add one and no more.
    const [b2, b3] = await Promise.all([connect(wsUrl(b)), connect(wsUrl(b))]);
    expect(await b2.join('local')).toMatchObject({ peers: 2 });
    b3.send({ op: 'join', topic: 'local' });
    expect(await b3.next()).toMatchObject({ op: 'error', code: 'topic-full', topic: 'local' });
  }, 20_000);

  it('starts while Redis is unreachable and serves locally', async () => {
    const relay = await startRelay({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'unreachable:' });
    expect(await health(relay.httpPort)).toEqual({ ok: true, redis: 'down' });
    const [x, y] = await Promise.all([connect(wsUrl(relay)), connect(wsUrl(relay))]);
    await x.join('t');
    await y.join('t');
    await assertExchange(x, y, 't', 'local-only');
  });
});

describe('without REDIS_URL', () => {
  it('never loads ioredis (and does with it)', () => {
    const probe = (redisUrl: string) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module';
           import { createRelay } from './relay/src/index.js';
           const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false${redisUrl ? `, redisUrl: '${redisUrl}'` : ''} });
           await relay.ready;
           const loaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/node_modules/ioredis/'));
           await relay.close();
           console.log(loaded ? 'ioredis loaded' : 'no ioredis');`,
        ],
        { encoding: 'utf8', timeout: 10_000 },
      ).trim();
    expect(probe('')).toBe('no ioredis');
    expect(probe('redis://127.0.0.1:1')).toBe('ioredis loaded');
  });
});

/** Polls an async condition every 50 ms for up to 5 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
