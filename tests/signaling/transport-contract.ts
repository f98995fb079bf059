/**
 * The behaviour every Transport promises, run against each implementation and server:
 * `transportContract(name, setup)` (memory, relay, MQTT on aedes, Mosquitto and NATS). Nothing
 * here sleeps to prove that a message stays away: a sentinel published after the thing under
 * test marks the point by which it would have arrived (see tests/helpers/inbox.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transport, TransportStatus } from '../../src/signaling/transport';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';

/** One transport implementation against one server, as the contract drives it. */
export interface ContractHarness {
  /** A new transport to the server, not connected yet; retries wait `reconnectDelayMs` (default 50). */
  transport(options?: { reconnectDelayMs?: number }): Transport;
  /** The endpoint a connected transport reports. */
  readonly endpoint: string;
  /** Kills `t`'s connection without a goodbye, as a crash would: the server publishes its will. */
  kill(t: Transport): void;
  /** What a killed transport does: connects again by itself, or stays closed (memory's crash()). */
  readonly afterKill: 'reconnects' | 'final';
  /** When a will set, cleared or unsubscribed while connected counts: `now`, or from the `next-connection` (MQTT fixes it at CONNECT). */
  readonly willChanges: 'now' | 'next-connection';
  /** Stops the server (clients see their connection drop) and starts it again on the same address; absent without a server. */
  readonly server?: { stop(): Promise<void>; start(): Promise<void> };
  /** Stops the server and frees what the harness holds. */
  close(): Promise<void>;
}

/** Size of the large payload every transport must carry, in bytes (a sealed offer is a few KiB). */
const largePayloadBytes = 8 * 1024;
/** How many messages the ordering case sends each way. */
const orderedMessageCount = 25;

/**
 * Runs the transport contract against the harness `setup` resolves to. With `skipReason` the
 * suite is skipped and the reason shows in its title (e.g. a broker binary is missing).
 */
export function transportContract(name: string, setup: () => Promise<ContractHarness>, skipReason?: string): void {
  const title =
    skipReason === undefined ? `transport contract: ${name}` : `transport contract: ${name} (skipped: ${skipReason})`;
  describe.skipIf(skipReason !== undefined)(title, () => {
    let harness: ContractHarness;
    const open: Transport[] = [];
    /** A transport closed after the test. */
    const make = (options?: { reconnectDelayMs?: number }): Transport => {
      const t = harness.transport(options);
      open.push(t);
      return t;
    };
    /** `count` connected transports, each with an inbox on `topic` (wills by index, when given). */
    const peers = async (count: number, topic: string, wills: Array<string | undefined> = []): Promise<Inbox[]> => {
      const inboxes = Array.from({ length: count }, (_, i) => new Inbox(make(), topic, wills[i]));
      await Promise.all(inboxes.map((inbox) => inbox.transport.connect()));
      // Every subscription in place: each peer hears the next one.
      for (const [i, inbox] of inboxes.entries()) await sentinel(inboxes[(i + 1) % count]!.transport, inbox);
      return inboxes;
    };
    /** Waits until `t` is connected again after a kill and can reach `inbox`. */
    const reconnected = async (t: Transport, inbox: Inbox): Promise<void> => {
      await until(() => t.status.state === 'connected', 'the reconnect');
      await sentinel(t, inbox);
    };

    beforeAll(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((t) => t.close()));
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('connects: status connected at the endpoint, told to listeners; connect() again is a no-op', async () => {
      const t = make();
      const seen: TransportStatus[] = [];
      t.onStatus((status) => seen.push(status));
      expect(t.status.state).toBe('idle');
      await t.connect();
      expect(t.status).toEqual({ state: 'connected', endpoint: harness.endpoint, attempt: 0 });
      expect(t.endpoint).toBe(harness.endpoint);
      expect(seen.at(-1)).toEqual(t.status);
      const count = seen.length;
      await t.connect();
      expect(seen).toHaveLength(count);
    });

    it('delivers every message exactly once and in order, both ways', async () => {
      const topic = roomTopic();
      const [a, b] = await peers(2, topic);
      const fromA = Array.from({ length: orderedMessageCount }, (_, i) => `a-${i}`);
      const fromB = Array.from({ length: orderedMessageCount }, (_, i) => `b-${i}`);
      for (let i = 0; i < orderedMessageCount; i += 1) {
        a!.transport.publish(topic, fromA[i]!);
        b!.transport.publish(topic, fromB[i]!);
      }
      await sentinel(a!.transport, b!);
      await sentinel(b!.transport, a!);
      expect(b!.messages).toEqual(fromA);
      expect(a!.messages).toEqual(fromB);
    });

    it('never hands a client its own messages, on any of its handlers', async () => {
      const topic = roomTopic();
      const [a, b] = await peers(2, topic);
      const second = new Inbox(a!.transport, topic);
      a!.transport.publish(topic, 'mine');
      await b!.receives('mine');
      await sentinel(b!.transport, a!); // after 'mine' reached b, so its echo would be in by now
      expect(a!.messages).toEqual([]);
      expect(second.messages).toEqual([]);
    });

    it('gives each message to every handler of the topic; unsubscribing one keeps the others', async () => {
      const topic = roomTopic();
      const [a, b] = await peers(2, topic);
      const extra = new Inbox(b!.transport, topic);
      await sentinel(a!.transport, extra);
      a!.transport.publish(topic, 'both');
      await extra.receives('both');
      extra.off();
      a!.transport.publish(topic, 'first-only');
      await sentinel(a!.transport, b!);
      expect(b!.messages).toEqual(['both', 'first-only']);
      expect(extra.messages).toEqual(['both']);
    });

    it('stops delivering once the last handler of a topic unsubscribes', async () => {
      const [topic, other] = [roomTopic(), roomTopic()];
      const [a, b] = await peers(2, topic);
      new Inbox(a!.transport, other); // the relay lets only subscribers publish
      const bOther = new Inbox(b!.transport, other);
      await sentinel(a!.transport, bOther);
      a!.transport.publish(topic, 'before');
      await b!.receives('before');
      b!.off();
      a!.transport.publish(topic, 'after');
      await sentinel(a!.transport, bOther); // a's 'after' was published before this sentinel
      expect(b!.messages).toEqual(['before']);
    });

    it('does not deliver messages of other topics, to other clients or to its other handlers', async () => {
      const [here, elsewhere] = [roomTopic(), roomTopic()];
      const [a, b, c] = await peers(3, here);
      new Inbox(a!.transport, elsewhere); // the relay lets only subscribers publish
      const bElsewhere = new Inbox(b!.transport, elsewhere);
      await sentinel(a!.transport, bElsewhere);
      a!.transport.publish(elsewhere, 'elsewhere-only');
      await bElsewhere.receives('elsewhere-only');
      await sentinel(a!.transport, b!);
      await sentinel(a!.transport, c!);
      expect(b!.messages).toEqual([]);
      expect(c!.messages).toEqual([]);
      expect(bElsewhere.messages).toEqual(['elsewhere-only']);
    });

    it('carries an 8 KiB payload and any text intact', async () => {
      const topic = roomTopic();
      const [a, b] = await peers(2, topic);
      const tricky = 'quote " backslash \\ newline \n tab \t nul \u0000 é 漢字 🎥 {"op":"pub"}';
      const large = `${tricky}|${'x'.repeat(largePayloadBytes)}`;
      a!.transport.publish(topic, tricky);
      a!.transport.publish(topic, large);
      await sentinel(a!.transport, b!);
      expect(b!.messages).toEqual([tricky, large]);
    });

    it('queues what is published before connect() and delivers it, in order, on connecting', async () => {
      const topic = roomTopic();
      const [b] = await peers(2, topic);
      const late = new Inbox(make(), topic);
      late.transport.publish(topic, 'queued-1');
      late.transport.publish(topic, 'queued-2');
      expect(late.transport.status.state).toBe('idle');
      await late.transport.connect();
      await sentinel(late.transport, b!);
      expect(b!.messages).toEqual(['queued-1', 'queued-2']);
    });

    it('publishes the will of a client that dies without leaving, once', async () => {
      const topic = roomTopic();
      const [b, k, c] = await peers(3, topic, [undefined, 'bye-k']);
      harness.kill(k!.transport);
      await b!.receives('bye-k');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(['bye-k']);
    });

    it('publishes no will for a client that closes cleanly', async () => {
      const topic = roomTopic();
      const [b, a, k, c] = await peers(4, topic, [undefined, 'bye-a', 'bye-k']);
      await a!.transport.close();
      expect(a!.transport.status.state).toBe('closed');
      harness.kill(k!.transport); // after a's close: a will of a's would come before this one
      await b!.receives('bye-k');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(['bye-k']);
    });

    it('publishes the will set last: setWill() replaces the will given to subscribe()', async () => {
      const topic = roomTopic();
      const k = new Inbox(make(), topic, 'bye-1');
      k.transport.setWill(topic, 'bye-2');
      const [b, c] = await peers(2, topic);
      await k.transport.connect();
      await sentinel(k.transport, b!);
      harness.kill(k.transport);
      await b!.receives('bye-2');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(['bye-2']);
    });

    it('publishes a will changed while connected (at once, or from the next connection)', async () => {
      const topic = roomTopic();
      const [b, k, c] = await peers(3, topic, [undefined, 'bye-1']);
      k!.transport.setWill(topic, 'bye-2');
      const expected = ['bye-2'];
      if (harness.willChanges === 'next-connection') {
        harness.kill(k!.transport);
        await b!.receives('bye-1');
        await reconnected(k!.transport, b!);
        expected.unshift('bye-1');
      }
      harness.kill(k!.transport);
      await b!.receives('bye-2');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(expected);
    });

    for (const [what, drop] of [
      ['setWill(undefined) clears the will', (inbox: Inbox) => inbox.transport.setWill(inbox.topic, undefined)],
      ['unsubscribing drops the will', (inbox: Inbox) => inbox.off()],
    ] as const) {
      it(`publishes no will once dropped: ${what}`, async () => {
        const [topic, other] = [roomTopic(), roomTopic()];
        const [b, a, k, c] = await peers(4, topic, [undefined, 'bye-a', 'bye-k']);
        const bOther = new Inbox(b!.transport, other);
        new Inbox(a!.transport, other); // a stays subscribed somewhere after leaving `topic`
        drop(a!);
        const expected = ['bye-k'];
        if (harness.willChanges === 'next-connection') {
          harness.kill(a!.transport); // the old connection still carries the old will
          await b!.receives('bye-a');
          await until(() => a!.transport.status.state === 'connected', 'the reconnect');
          await sentinel(a!.transport, bOther);
          expected.unshift('bye-a');
        }
        harness.kill(a!.transport);
        harness.kill(k!.transport);
        await b!.receives('bye-k');
        await sentinel(c!.transport, b!);
        expect(b!.messages).toEqual(expected);
      });
    }

    it('after a kill, reconnects by itself, subscribes again and registers its will again', async (context) => {
      if (harness.afterKill === 'final') context.skip(); // memory: crash() is the end of that transport
      const topic = roomTopic();
      const [b, k, c] = await peers(3, topic, [undefined, 'bye-k']);
      harness.kill(k!.transport);
      await b!.receives('bye-k');
      await reconnected(k!.transport, b!);
      await sentinel(c!.transport, k!); // k hears the topic again
      c!.transport.publish(topic, 'welcome-back');
      await k!.receives('welcome-back');
      harness.kill(k!.transport);
      await until(() => b!.messages.length === 3, 'the second will');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(['bye-k', 'welcome-back', 'bye-k']);
    });

    it('close(): status closed, nothing delivered after, publish ignored, connect() rejects', async () => {
      const topic = roomTopic();
      const [a, b] = await peers(2, topic);
      await a!.transport.close();
      expect(a!.transport.status.state).toBe('closed');
      a!.transport.publish(topic, 'from-the-grave');
      b!.transport.publish(topic, 'to-the-grave');
      await expect(a!.transport.connect()).rejects.toThrow();
      const c = new Inbox(make(), topic);
      await c.transport.connect();
      await sentinel(c.transport, b!);
      await sentinel(b!.transport, c);
      expect(b!.messages).toEqual([]);
      expect(a!.messages).toEqual([]);
      expect(c.messages).toEqual([]);
    });

    serverRestartCases(() => harness, make);
  });
}

/** The cases that stop the server: only for harnesses with one. */
function serverRestartCases(
  harness: () => ContractHarness,
  make: (options?: { reconnectDelayMs?: number }) => Transport,
): void {
  describe('while the server is down', () => {
    let down = false;
    const stop = async (): Promise<void> => {
      down = true;
      await harness().server?.stop();
    };
    const start = async (): Promise<void> => {
      await harness().server?.start();
      down = false;
    };
    afterEach(async () => {
      if (down) await start();
    });

    it('connect() rejects and status is reconnecting with an error; connects by itself once it is back', async (context) => {
      if (!harness().server) context.skip();
      await stop();
      const t = make();
      const seen: TransportStatus[] = [];
      t.onStatus((status) => seen.push(status));
      await expect(t.connect()).rejects.toThrow();
      expect(t.status.state).toBe('reconnecting');
      expect(t.status.error).toMatch(/./);
      await until(() => t.status.attempt > 1, 'a second attempt');
      await start();
      await until(() => t.status.state === 'connected', 'the connection', 10_000);
      expect(seen[0]?.state).toBe('connecting');
      expect(t.status).toEqual({ state: 'connected', endpoint: harness().endpoint, attempt: 0 });
    });

    it('after a server restart, reconnects, subscribes again and delivers what was queued', async (context) => {
      if (!harness().server) context.skip();
      const topic = roomTopic();
      const fast = new Inbox(make(), topic);
      const slow = new Inbox(make({ reconnectDelayMs: 60_000 }), topic); // waits for connect()
      const states: TransportStatus[] = [];
      fast.transport.onStatus((status) => states.push(status));
      await Promise.all([fast.transport.connect(), slow.transport.connect()]);
      await sentinel(fast.transport, slow);
      await sentinel(slow.transport, fast);

      await stop();
      const bothDown = () => fast.transport.status.state !== 'connected' && slow.transport.status.state !== 'connected';
      await until(bothDown, 'the drop');
      slow.transport.publish(topic, 'sent-while-down');
      await until(() => fast.transport.status.attempt > 1, 'fast to retry');
      expect(states.some((s) => s.state === 'reconnecting' && (s.error ?? '') !== '')).toBe(true);

      await start();
      await until(() => fast.transport.status.state === 'connected', 'fast to reconnect by itself', 10_000);
      const helper = new Inbox(make(), topic);
      await helper.transport.connect();
      await sentinel(helper.transport, fast); // fast has subscribed again
      expect(slow.transport.status.state).toBe('reconnecting');
      await slow.transport.connect(); // the retry now, instead of in a minute
      await fast.receives('sent-while-down');
      fast.transport.publish(topic, 'after-restart');
      await slow.receives('after-restart');
      await sentinel(slow.transport, fast);
      await sentinel(fast.transport, slow);
      expect(fast.messages).toEqual(['sent-while-down']);
      expect(slow.messages).toEqual(['after-restart']);
      expect(states.at(-1)).toMatchObject({ state: 'connected', attempt: 0 });
    });
  });
}
