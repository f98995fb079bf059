/**
 * The behaviour every Transport promises, run against each implementation and server:
 * `transportContract(name, setup)` (memory, relay, MQTT on aedes, Mosquitto and NATS). Nothing
 * here sleeps to prove that a message stays away: a sentinel published after the thing under
 * test marks the point by which it would have arrived (see tests/helpers/inbox.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transport, TransportStatus } from '../../src/signaling/transport';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';
import { serverDownCases } from './transport-contract-server';
import { willCases } from './transport-contract-wills';

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

/** What the case files get from {@link transportContract}. */
export interface ContractContext {
  /** The harness (set once the suite has started). */
  harness(): ContractHarness;
  /** A transport from the harness, closed after the test. */
  make(options?: { reconnectDelayMs?: number }): Transport;
  /** `count` connected transports with an inbox each on `topic` (wills by index), every subscription in place. */
  peers(count: number, topic: string, wills?: Array<string | undefined>): Promise<Inbox[]>;
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
    const context: ContractContext = { harness: () => harness, make, peers };

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

    it('keeps one queued message per replace key (the latest, at the end), every other one in order', async () => {
      const topic = roomTopic();
      const [b] = await peers(2, topic);
      const otherTopic = roomTopic();
      const [c] = await peers(2, otherTopic);
      const late = new Inbox(make(), topic);
      new Inbox(late.transport, otherTopic);
      // A handshake step re-sent while down (same key): one copy, the latest, goes out on connecting.
      for (let i = 1; i <= 5; i += 1) late.transport.publish(topic, `offer-${i}`, { replaceKey: 'offer:7' });
      late.transport.publish(topic, 'plain');
      late.transport.publish(topic, 'cand-a', { replaceKey: 'ice:a' });
      late.transport.publish(topic, 'cand-a again', { replaceKey: 'ice:a' });
      late.transport.publish(topic, 'offer-6', { replaceKey: 'offer:7' });
      late.transport.publish(otherTopic, 'same key, other topic', { replaceKey: 'offer:7' });
      await late.transport.connect();
      await sentinel(late.transport, b!);
      await sentinel(late.transport, c!);
      expect(b!.messages).toEqual(['plain', 'cand-a again', 'offer-6']);
      expect(c!.messages).toEqual(['same key, other topic']);
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

    it('close() while connecting: connect() settles, and the status stays closed', async () => {
      const topic = roomTopic();
      const [b, c] = await peers(2, topic);
      const a = new Inbox(make(), topic, 'bye-a');
      const seen: TransportStatus[] = [];
      a.transport.onStatus((status) => seen.push(status));
      const connecting = a.transport.connect().catch(() => undefined); // memory connects at once
      await until(() => a.transport.status.state !== 'idle', 'the attempt'); // the socket is opening
      await a.transport.close();
      await connecting;
      b!.transport.publish(topic, 'anyone-there');
      await sentinel(b!.transport, c!); // a round trip later: a late connection would be in
      expect(a.transport.status.state).toBe('closed');
      expect(seen.at(-1)?.state).toBe('closed');
      expect(a.messages).toEqual([]);
      await expect(a.transport.connect()).rejects.toThrow();
    });

    willCases(context);
    serverDownCases(context);
  });
}
