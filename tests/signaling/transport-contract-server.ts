/**
 * The contract's server-down cases (harnesses with a server only): connect() fails and retries,
 * status shows `reconnecting` with an error, and after a restart the transport reconnects,
 * subscribes again and sends what was queued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportStatus } from '../../src/signaling/transport';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';
import type { ContractContext } from './transport-contract';

/** The cases that stop the server: only for harnesses with one. */
export function serverDownCases({ harness, make }: ContractContext): void {
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
      const later = new Inbox(fast.transport, roomTopic()); // subscribed while down
      await until(() => fast.transport.status.attempt > 1, 'fast to retry');
      expect(states.some((s) => s.state === 'reconnecting' && (s.error ?? '') !== '')).toBe(true);

      await start();
      await until(() => fast.transport.status.state === 'connected', 'fast to reconnect by itself', 10_000);
      const helper = new Inbox(make(), topic);
      await helper.transport.connect();
      await sentinel(helper.transport, fast); // fast has subscribed again
      new Inbox(helper.transport, later.topic);
      await sentinel(helper.transport, later); // and made the subscription it was asked for while down
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
