/**
 * Watching what a Transport receives, and proving that something did NOT arrive without a fixed
 * sleep: after the thing under test, a sender publishes a sentinel on the same connection; once
 * the sentinel is in, whatever that sender published earlier is in too (a server keeps one
 * sender's messages in order), so the inbox can be checked for what must be missing.
 */
import { randomBytes } from 'node:crypto';
import type { Transport } from '../../src/signaling/transport';

/** Marks sentinel messages; an {@link Inbox} keeps them out of `messages`. */
const sentinelPrefix = '\u0001sentinel:';
/** How often {@link sentinel} publishes a fresh one while none has arrived, in ms. */
const sentinelRepeatMs = 150;
/** How often {@link until} checks its condition, in ms. */
const pollMs = 5;

/** Polls `condition`; fails naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A random topic shaped like the app's room topics (`porthole/1/` + 22 base64url characters). */
export function roomTopic(): string {
  return `porthole/1/${randomBytes(16).toString('base64url')}`;
}

/** Everything one transport receives on one topic, in order, with the sentinels kept apart. */
export class Inbox {
  /** What arrived (sentinels excluded), in arrival order. */
  readonly messages: string[] = [];
  private readonly sentinels = new Set<string>();
  private readonly unsubscribe: () => void;

  /** Subscribes `transport` to `topic` (with `will`, when given). */
  constructor(
    readonly transport: Transport,
    readonly topic: string,
    will?: string,
  ) {
    const record = (data: string): void => {
      if (data.startsWith(sentinelPrefix)) this.sentinels.add(data);
      else this.messages.push(data);
    };
    this.unsubscribe = transport.subscribe(topic, record, will === undefined ? undefined : { will });
  }

  /** Unsubscribes this inbox's handler. */
  off(): void {
    this.unsubscribe();
  }

  /** Whether the sentinel `id` has arrived. */
  saw(id: string): boolean {
    return this.sentinels.has(id);
  }

  /** Waits until `data` has arrived. */
  receives(data: string, timeoutMs = 5000): Promise<void> {
    return until(
      () => this.messages.includes(data),
      `${JSON.stringify(data.slice(0, 40))} on ${this.topic}`,
      timeoutMs,
    );
  }

  /** Waits until at least `count` messages have arrived. */
  holds(count: number, timeoutMs = 5000): Promise<void> {
    return until(() => this.messages.length >= count, `${count} messages on ${this.topic}`, timeoutMs);
  }
}

/**
 * Publishes sentinels from `from` to `inbox.topic` until one reaches `inbox` (a fresh one every
 * 150 ms, in case a subscription was not in place yet). Once this resolves, everything `from`
 * published to `inbox`'s transport before the call has arrived or never will, and `from` can
 * reach `inbox` (both subscriptions are in place at the server).
 */
export async function sentinel(from: Transport, inbox: Inbox, timeoutMs = 5000): Promise<void> {
  const sent: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!sent.some((id) => inbox.saw(id))) {
    if (Date.now() > deadline) throw new Error(`no sentinel reached ${inbox.topic} within ${timeoutMs} ms`);
    const id = `${sentinelPrefix}${randomBytes(6).toString('hex')}`;
    sent.push(id);
    from.publish(inbox.topic, id);
    await until(() => inbox.saw(id), 'a sentinel', sentinelRepeatMs).catch(() => undefined);
  }
}
