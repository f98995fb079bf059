/**
 * Every limit and every kind of bad frame gets its error code or close code, and two
 * bystanders on another topic keep exchanging messages afterwards. Plus the limiter units.
 */
import { describe, expect, it } from 'vitest';
import { createConnectionCounter, createRateLimiter, normalizeAddress } from '../../relay/src/limits.js';
import {
  assertExchange,
  connect,
  startRelay,
  wsUrl,
  type Client,
  type RelayOptions,
  type TestRelay,
} from './helpers.js';
import { rawClient } from './raw-client.js';

type Scene = { relay: TestRelay; x: Client; a: Client; b: Client };

/** Starts a relay, two bystanders on `other` (checked working) and client X; runs `act`; checks bystanders again. */
async function withBystanders(options: RelayOptions, act: (scene: Scene) => Promise<void>): Promise<void> {
  const relay = await startRelay(options);
  const [a, b, x] = await Promise.all([connect(wsUrl(relay)), connect(wsUrl(relay)), connect(wsUrl(relay))]);
  await a.join('other');
  await b.join('other');
  await assertExchange(a, b, 'other', 'before');
  await act({ relay, x, a, b });
  await assertExchange(a, b, 'other', 'after');
  await Promise.all([a.expectNone(50), b.expectNone(50)]);
}

/** Sends `frame` from X and expects an error with `code`, then checks X still works. */
function expectError(frame: object | string | Buffer, code: string, messagePart?: string) {
  return withBystanders({}, async ({ x }) => {
    x.send(frame);
    const answer = await x.next();
    expect(answer).toMatchObject({ op: 'error', code });
    expect(typeof answer.message).toBe('string');
    if (messagePart !== undefined) expect(answer.message).toContain(messagePart);
    // The offender's connection is still usable.
    expect(await x.join('x-topic')).toEqual({ op: 'joined', topic: 'x-topic', peers: 0 });
  });
}

describe('bad frames', () => {
  it('not JSON → bad-json', () => expectError('hello there', 'bad-json'));
  it('JSON array → bad-json', () => expectError('[1,2,3]', 'bad-json', 'object'));
  it('JSON null → bad-json', () => expectError('null', 'bad-json'));
  it('unknown op → unknown-op', () => expectError({ op: 'subscribe', topic: 't' }, 'unknown-op', 'subscribe'));
  it('missing op → bad-field naming op', () => expectError({ topic: 't' }, 'bad-field', '"op"'));
  it('missing topic → bad-field naming topic', () => expectError({ op: 'join' }, 'bad-field', '"topic"'));
  it('topic with a space → bad-field', () => expectError({ op: 'join', topic: 'a b' }, 'bad-field', '"topic"'));
  it('empty topic → bad-field', () => expectError({ op: 'join', topic: '' }, 'bad-field', '"topic"'));
  it('wrong-typed data → bad-field naming data', () =>
    expectError({ op: 'pub', topic: 'x-topic', data: 42 }, 'bad-field', '"data"'));
  it('wrong-typed will → bad-field naming will', () =>
    expectError({ op: 'join', topic: 't', will: { a: 1 } }, 'bad-field', '"will"'));
  it('binary frame → bad-frame', () => expectError(Buffer.from([0, 1, 2, 3]), 'bad-frame'));
  it('pub without join → not-joined', () => expectError({ op: 'pub', topic: 'other', data: 'sneaky' }, 'not-joined'));
});

describe('limits', () => {
  it('closes with 1009 on a frame over maxFrameBytes', () =>
    withBystanders({ maxFrameBytes: 1024 }, async ({ x, relay }) => {
      await x.join('big');
      x.pub('big', 'y'.repeat(900)); // fits
      x.pub('big', 'z'.repeat(2000)); // does not
      expect((await x.closed).code).toBe(1009);
      expect(relay.stats().connections).toBe(2);
    }));

  it('refuses topics longer than maxTopicLength with topic-too-long', () =>
    withBystanders({ maxTopicLength: 16 }, async ({ x }) => {
      x.send({ op: 'join', topic: 't'.repeat(17) });
      expect(await x.next()).toMatchObject({ op: 'error', code: 'topic-too-long' });
      expect(await x.join('t'.repeat(16))).toMatchObject({ op: 'joined', peers: 0 });
    }));

  it('refuses a join past maxTopicsPerSocket with too-many-topics', () =>
    withBystanders({ maxTopicsPerSocket: 2 }, async ({ x }) => {
      await x.join('one');
      await x.join('two');
      x.send({ op: 'join', topic: 'three' });
      expect(await x.next()).toMatchObject({ op: 'error', code: 'too-many-topics', topic: 'three' });
      x.send({ op: 'leave', topic: 'one' });
      expect(await x.join('three')).toMatchObject({ op: 'joined', topic: 'three' });
    }));

  it('refuses a join past maxSubscribersPerTopic with topic-full', () =>
    withBystanders({ maxSubscribersPerTopic: 2 }, async ({ x, a, b }) => {
      x.send({ op: 'join', topic: 'other' }); // a and b already hold it
      expect(await x.next()).toMatchObject({ op: 'error', code: 'topic-full', topic: 'other' });
      a.pub('other', 'not-for-x');
      expect(await b.next()).toMatchObject({ op: 'msg', data: 'not-for-x' });
      await x.expectNone();
    }));

  it('drops messages over the token bucket with rate-limited, then closes a flood with 1008', () =>
    withBystanders({ maxMessagesPerSecond: 1, messageBurst: 5 }, async ({ x, relay }) => {
      const [listener] = await Promise.all([connect(wsUrl(relay))]);
      await listener!.join('flood');
      await x.join('flood'); // 1 token used
      for (let i = 0; i < 5; i += 1) x.pub('flood', `m${i}`);
      // 4 tokens were left: m0..m3 pass, m4 is dropped.
      const got = [];
      for (let i = 0; i < 4; i += 1) got.push((await listener!.next()).data);
      expect(got).toEqual(['m0', 'm1', 'm2', 'm3']);
      expect(await x.next()).toMatchObject({ op: 'error', code: 'rate-limited' });
      await listener!.expectNone(100);
      // Keep flooding: more than 3 × burst dropped in the window closes the socket.
      for (let i = 0; i < 40; i += 1) x.pub('flood', `f${i}`);
      expect((await x.closed).code).toBe(1008);
      expect(listener!.frames.filter((f) => f.op === 'msg').length).toBeLessThanOrEqual(1);
    }));

  it('closes connections over maxConnectionsPerIp with 1008', () =>
    withBystanders({ maxConnectionsPerIp: 4 }, async ({ relay }) => {
      const fourth = await connect(wsUrl(relay)); // a, b, x + this = 4
      const fifth = await connect(wsUrl(relay));
      expect(await fifth.closed).toEqual({ code: 1008, reason: 'too many connections from this address' });
      expect(relay.stats().connections).toBe(4);
      fourth.ws.terminate();
      await fourth.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await connect(wsUrl(relay));
      expect(await again.join('fine')).toMatchObject({ op: 'joined' });
    }));
});

describe('a subscriber that stops reading', () => {
  it('is terminated once too much is queued to it (its will fires), and nobody else is disturbed', async () => {
    const options = { maxBufferedBytes: 256 * 1024, maxMessagesPerSecond: 100_000, messageBurst: 100_000 };
    await withBystanders(
      { ...options, maxMessagesPerSecondPerIp: 100_000, messageBurstPerIp: 100_000 },
      async ({ relay, x }) => {
        const watcher = await connect(wsUrl(relay));
        await watcher.join('flood');
        // A raw client upgrades by hand and never reads a byte: what the relay sends it piles up.
        const stuck = await rawClient(relay.httpPort, { read: false });
        stuck.sendText(JSON.stringify({ op: 'join', topic: 'flood', will: 'stuck-will' }));
        await until(() => relay.stats().connections === 5, 'the raw client joined');
        await new Promise((resolve) => setTimeout(resolve, 50)); // its join is handled before the flood
        await x.join('flood');
        const chunk = 'z'.repeat(60_000);
        let chunks = 0;
        let will = false;
        // Publish until the relay gives up on the stuck reader (bounded: 2000 × 60 kB = 120 MB at most).
        for (let i = 0; i < 2000 && !will; i += 1) {
          x.pub('flood', chunk);
          while (watcher.frames.length > 0) {
            const frame = await watcher.next();
            if (frame.data === chunk) chunks += 1;
            else if (frame.data === 'stuck-will') will = true;
          }
          if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        while (!will) {
          const frame = await watcher.next(10_000);
          if (frame.data === 'stuck-will') will = true;
        }
        expect(chunks).toBeGreaterThan(0);
        expect(relay.stats().connections).toBe(4); // a, b, x and the watcher: the stuck one is gone
        stuck.socket.destroy();
      },
    );
  }, 30_000);
});

/** Polls `condition` every 10 ms for up to 3 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('rate limiter (unit)', () => {
  it('allows a burst, refills at the rate, and flags a flood', () => {
    let t = 0;
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 3, now: () => t });
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual(['ok', 'ok', 'ok']);
    expect(limiter.take()).toBe('limited');
    t += 100; // one token back
    expect(limiter.take()).toBe('ok');
    expect(limiter.take()).toBe('limited');
    t += 10_000; // full again, never more than burst
    expect(Array.from({ length: 4 }, () => limiter.take())).toEqual(['ok', 'ok', 'ok', 'limited']);
    // 3 × burst = 9 drops allowed in the window (one already counted after the reset), the 10th is a flood.
    const verdicts = Array.from({ length: 9 }, () => limiter.take());
    expect(verdicts.slice(0, 8).every((v) => v === 'limited')).toBe(true);
    expect(verdicts[8]).toBe('flood');
  });

  it('counts connections per address and frees them', () => {
    const counter = createConnectionCounter(2);
    expect([counter.acquire('1.2.3.4'), counter.acquire('1.2.3.4'), counter.acquire('1.2.3.4')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(counter.acquire('5.6.7.8')).toBe(true);
    counter.release('1.2.3.4');
    expect(counter.count('1.2.3.4')).toBe(1);
    expect(counter.acquire('1.2.3.4')).toBe(true);
    expect(normalizeAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeAddress('::1')).toBe('::1');
  });
});
