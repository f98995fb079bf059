/**
 * The contract's will cases: published when a client dies without leaving, never after a clean
 * close; the will set last counts; a cleared or unsubscribed will is gone. Each case proves
 * that no other will came by killing or sentinel-publishing from a third client afterwards.
 */
import { expect, it } from 'vitest';
import type { Transport } from '../../src/signaling/transport';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';
import type { ContractContext } from './transport-contract';

/** Registers the will cases (inside the contract's describe). */
export function willCases({ harness, make, peers }: ContractContext): void {
  /** Waits until `t` is connected again after a kill and can reach `inbox`. */
  const reconnected = async (t: Transport, inbox: Inbox): Promise<void> => {
    await until(() => t.status.state === 'connected', 'the reconnect');
    await sentinel(t, inbox);
  };

  it('publishes the will of a client that dies without leaving, once', async () => {
    const topic = roomTopic();
    const [b, k, c] = await peers(3, topic, [undefined, 'bye-k']);
    harness().kill(k!.transport);
    await b!.receives('bye-k');
    await sentinel(c!.transport, b!);
    expect(b!.messages).toEqual(['bye-k']);
  });

  it('publishes no will for a client that closes cleanly', async () => {
    const topic = roomTopic();
    const [b, a, k, c] = await peers(4, topic, [undefined, 'bye-a', 'bye-k']);
    await a!.transport.close();
    expect(a!.transport.status.state).toBe('closed');
    harness().kill(k!.transport); // after a's close: a will of a's would come before this one
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
    harness().kill(k.transport);
    await b!.receives('bye-2');
    await sentinel(c!.transport, b!);
    expect(b!.messages).toEqual(['bye-2']);
  });

  it('publishes a will given when subscribing after connecting if wills change at once (a transport saying lateWill must)', async () => {
    const topic = roomTopic();
    const transport = make();
    const now = harness().willChanges === 'now';
    if (transport.lateWill) expect(now).toBe(true);
    const [b, c] = await peers(2, topic);
    await transport.connect(); // connected first, as SealedChannel does when lateWill
    const k = new Inbox(transport, topic, 'bye-late');
    await sentinel(k.transport, b!);
    harness().kill(k.transport);
    if (now) await b!.receives('bye-late');
    await sentinel(c!.transport, b!);
    expect(b!.messages).toEqual(now ? ['bye-late'] : []);
  });

  it('publishes a will changed while connected (at once, or from the next connection)', async () => {
    const topic = roomTopic();
    const [b, k, c] = await peers(3, topic, [undefined, 'bye-1']);
    k!.transport.setWill(topic, 'bye-2');
    const expected = ['bye-2'];
    if (harness().willChanges === 'next-connection') {
      harness().kill(k!.transport);
      await b!.receives('bye-1');
      await reconnected(k!.transport, b!);
      expected.unshift('bye-1');
    }
    harness().kill(k!.transport);
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
      if (harness().willChanges === 'next-connection') {
        harness().kill(a!.transport); // the old connection still carries the old will
        await b!.receives('bye-a');
        await until(() => a!.transport.status.state === 'connected', 'the reconnect');
        await sentinel(a!.transport, bOther);
        expected.unshift('bye-a');
      }
      harness().kill(a!.transport);
      harness().kill(k!.transport);
      await b!.receives('bye-k');
      await sentinel(c!.transport, b!);
      expect(b!.messages).toEqual(expected);
    });
  }

  it('after a kill, reconnects by itself, subscribes again and registers its will again', async (context) => {
    if (harness().afterKill === 'final') context.skip(); // memory: crash() is the end of that transport
    const topic = roomTopic();
    const [b, k, c] = await peers(3, topic, [undefined, 'bye-k']);
    harness().kill(k!.transport);
    await b!.receives('bye-k');
    await reconnected(k!.transport, b!);
    await sentinel(c!.transport, k!); // k hears the topic again
    c!.transport.publish(topic, 'welcome-back');
    await k!.receives('welcome-back');
    harness().kill(k!.transport);
    await until(() => b!.messages.length === 3, 'the second will');
    await sentinel(c!.transport, b!);
    expect(b!.messages).toEqual(['bye-k', 'welcome-back', 'bye-k']);
  });
}
