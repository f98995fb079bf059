/**
 * Early frames of the relay transport: a connection's handshake carries its joins and queued
 * publications (relay-wire.ts encodes them), so that a viewer's hello reaches the sender one round
 * trip sooner. What the relay took is not sent again after the open; what changed meanwhile is.
 * When they are carried, and when they stay off (a proxy refusing or stalling on them):
 * {@link EarlyFramesState}. Pure, but for its timer.
 */
import { earlyFramesOffer } from './relay-wire';

/** A topic joined, with its will. */
export interface JoinedTopic {
  topic: string;
  will: string | undefined;
}

/** What a handshake carried: the joins (topic → will) and the publications (frame texts). */
export interface EarlyFrames {
  joins: Map<string, string | undefined>;
  pubs: string[];
}

/** The join frame of `topic` (with its will, if any), as JSON text. */
export function joinText(topic: string, will: string | undefined): string {
  return JSON.stringify(will === undefined ? { op: 'join', topic } : { op: 'join', topic, will });
}

/**
 * The early frames of a handshake: every join, then the queued frames, as many as fit; undefined
 * when none fit. The joins go without their wills (sent with the join after the open): a
 * handshake that fails in the browser's eyes, or opens too late, may still have been taken by
 * the relay, which would then publish a will naming this very connection while the page is fine;
 * and the header stays smaller.
 */
export function earlyOffer(
  topics: readonly JoinedTopic[],
  queued: readonly string[],
): { frames: EarlyFrames; protocols: string[] } | undefined {
  const offer = earlyFramesOffer([...topics.map(({ topic }) => joinText(topic, undefined)), ...queued]);
  if (offer === undefined) return undefined;
  const carried = topics.slice(0, offer.count);
  return {
    protocols: offer.protocols,
    frames: {
      joins: new Map(carried.map(({ topic }) => [topic, undefined])),
      pubs: queued.slice(0, Math.max(0, offer.count - topics.length)),
    },
  };
}

/**
 * The frames to send once a socket is open: the join of each topic and every queued frame, less
 * what the relay took in the handshake (`took`); a topic it joined early but left meanwhile is
 * left again, and a join whose will changed meanwhile is sent again.
 */
export function openingFrames(topics: readonly JoinedTopic[], queued: readonly string[], took?: EarlyFrames): string[] {
  const frames: string[] = [];
  for (const { topic, will } of topics) {
    if (!(took?.joins.has(topic) && took.joins.get(topic) === will)) frames.push(joinText(topic, will));
  }
  const current = new Set(topics.map(({ topic }) => topic));
  for (const topic of took?.joins.keys() ?? []) {
    if (!current.has(topic)) frames.push(JSON.stringify({ op: 'leave', topic }));
  }
  const carried = [...(took?.pubs ?? [])];
  for (const frame of queued) {
    const at = carried.indexOf(frame);
    if (at >= 0) carried.splice(at, 1);
    else frames.push(frame);
  }
  return frames;
}

/** How an attempt at the relay ended. */
export type AttemptOutcome = 'opened' | 'failed' | 'timed-out';

/** Strikes (see {@link EarlyFramesState}) after which early frames stay off for the transport. */
export const earlyOffAfterStrikes = 2;

/**
 * One transport's early frames over its connections: the first connection's wait for something
 * to carry, what the pending handshake joined, and the fallback for a server on the way that
 * refuses them (a proxy's header limit: the browser sees only 1006) or stalls on them.
 *
 * The rule: an attempt with early frames that fails (not by timing out) is followed at once by
 * one without, but only the first such failure since a socket last opened (or since the start);
 * after a later one the next scheduled round goes without, the one after it with them again, so
 * a dead network costs one attempt a round, not two. One that times out is followed by a round
 * without on the schedule, not at once. A plain attempt that opens right after such a failure
 * (the one at once, or the round after a timeout) is a strike: the way to the relay may refuse
 * them; a plain round on the schedule after a failure is not (the network may just have come
 * back). At {@link earlyOffAfterStrikes} strikes they stay off for the transport; a handshake with
 * them that opens clears the strikes. So a proxy that always refuses them costs one quick extra
 * attempt on each of the first two connections (one that stalls: a timeout and a round's delay),
 * and no single failure (a blip, a relay restarting) switches them off.
 */
export class EarlyFramesState {
  /** Topics the pending socket's handshake joined (left again if it is closed before use). */
  pendingJoins: string[] = [];
  private opened = false;
  private off = false;
  /** The next attempt goes without early frames. */
  private plainNext = false;
  /** ... and at once (the last attempt carried them and failed). */
  private retryNow = false;
  /** An attempt went plain at once since a socket last opened. */
  private retried = false;
  /** The plain attempt due next counts as a strike if it opens. */
  private strikeIfOpens = false;
  private strikes = 0;
  private end: (() => void) | undefined;
  private ready: () => boolean = () => false;

  /** Before the first connection only: resolves once `ready()` holds (checked now and at each {@link wake}) or after `limitMs`. */
  firstWait(ready: () => boolean, limitMs: number): Promise<void> {
    if (this.opened || ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.stop(), limitMs);
      this.end = () => {
        clearTimeout(timer);
        resolve();
      };
      this.ready = ready;
    });
  }

  /** Ends the wait if what it waits for is there now. */
  wake(): void {
    if (this.end && this.ready()) this.stop();
  }

  /** Ends the wait now. */
  stop(): void {
    const end = this.end;
    this.end = undefined;
    end?.();
  }

  /** Whether a socket of this transport has opened yet. */
  get everOpened(): boolean {
    return this.opened;
  }

  /** The next handshake's early frames (none while they are off, or in the attempt after a failure with them). */
  offer(topics: readonly JoinedTopic[], queued: readonly string[]): ReturnType<typeof earlyOffer> {
    const offer = this.off || this.plainNext ? undefined : earlyOffer(topics, queued);
    this.pendingJoins = [...(offer?.frames.joins.keys() ?? [])];
    return offer;
  }

  /** Whether the last attempt carried early frames and failed, the first time since an open: the next goes at once without. */
  get retryPlain(): boolean {
    return this.retryNow;
  }

  /** An attempt ended: `carried` whether it had early frames, and how it ended. */
  settled(carried: boolean, outcome: AttemptOutcome): void {
    this.retryNow = false;
    if (outcome === 'opened') [this.opened, this.retried] = [true, false];
    if (carried) {
      if (outcome === 'opened') this.strikes = 0;
      else {
        this.retryNow = outcome === 'failed' && !this.retried;
        this.retried ||= this.retryNow;
        this.strikeIfOpens = this.retryNow || outcome === 'timed-out';
        this.plainNext = true;
      }
    } else if (this.plainNext) {
      this.plainNext = false;
      if (outcome === 'opened' && this.strikeIfOpens) {
        this.strikes += 1;
        this.off = this.strikes >= earlyOffAfterStrikes;
      }
    }
  }
}
