/**
 * In-process transport for unit tests: a hub fans messages out to the other transports
 * subscribed to a topic, asynchronously (one microtask later), like a network would.
 * Wills work as on a real server: crash() publishes them, close() does not.
 */
import { SendQueue } from './send-queue';
import { StatusBox } from './status-box';
import { TopicTable } from './topic-table';
import type { PublishOptions, SubscribeOptions, Transport, TransportStatus } from './transport';

/** A memory transport plus a way to die without saying goodbye. */
export type MemoryTransport = Transport & {
  /** Dies abruptly: the hub publishes this transport's wills to the others; then closed. */
  crash(): void;
};

/** A set of memory transports that can reach each other. */
export interface MemoryHub {
  /** Creates a transport on this hub (idle until connect()). */
  transport(endpoint?: string): MemoryTransport;
  /** How many connected transports are subscribed to `topic`. */
  subscribers(topic: string): number;
}

/** Creates an empty hub. */
export function createMemoryHub(): MemoryHub {
  const members = new Set<MemoryMember>();
  const fanOut = (from: MemoryMember, topic: string, data: string): void => {
    for (const member of members) {
      if (member !== from && member.listensTo(topic)) queueMicrotask(() => member.deliver(topic, data));
    }
  };
  return {
    transport(endpoint = 'memory') {
      const member = new MemoryMember(endpoint, fanOut, () => members.delete(member));
      members.add(member);
      return member;
    },
    subscribers(topic) {
      return [...members].filter((member) => member.listensTo(topic)).length;
    },
  };
}

class MemoryMember implements MemoryTransport {
  readonly endpoint: string;
  private readonly box: StatusBox;
  private readonly topics = new TopicTable();
  private readonly queue = new SendQueue<[topic: string, data: string]>(Number.POSITIVE_INFINITY);

  constructor(
    endpoint: string,
    private readonly fanOut: (from: MemoryMember, topic: string, data: string) => void,
    private readonly leave: () => void,
  ) {
    this.endpoint = endpoint;
    this.box = new StatusBox(endpoint);
  }

  get status(): TransportStatus {
    return this.box.status;
  }

  /** Whether this transport is connected and subscribed to `topic`. */
  listensTo(topic: string): boolean {
    return this.status.state === 'connected' && this.topics.has(topic);
  }

  /** Hands `data` to this transport's handlers for `topic` (if still subscribed). */
  deliver(topic: string, data: string): void {
    if (this.status.state === 'connected') this.topics.deliver(topic, data);
  }

  connect(): Promise<void> {
    if (this.status.state === 'closed') return Promise.reject(new Error('transport closed'));
    if (this.status.state !== 'connected') {
      this.box.update({ state: 'connected', attempt: 0 });
      for (const [topic, data] of this.queue.take()) this.fanOut(this, topic, data);
    }
    return Promise.resolve();
  }

  subscribe(topic: string, onMessage: (data: string) => void, options?: SubscribeOptions): () => void {
    const { remove } = this.topics.add(topic, onMessage);
    if (options?.will !== undefined) this.topics.setWill(topic, options.will);
    return () => void remove();
  }

  publish(topic: string, data: string, options?: PublishOptions): void {
    const key = options?.replaceKey;
    if (this.status.state === 'connected') this.fanOut(this, topic, data);
    else if (this.status.state !== 'closed')
      this.queue.push([topic, data], key === undefined ? undefined : JSON.stringify([topic, key]));
  }

  setWill(topic: string, will: string | undefined): void {
    this.topics.setWill(topic, will);
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    return this.box.listen(listener);
  }

  close(): Promise<void> {
    this.shutDown();
    return Promise.resolve();
  }

  crash(): void {
    if (this.status.state === 'connected') {
      for (const { topic, will } of this.topics.list()) {
        if (will !== undefined) this.fanOut(this, topic, will);
      }
    }
    this.shutDown();
  }

  private shutDown(): void {
    if (this.status.state === 'closed') return;
    this.topics.clear();
    this.queue.clear();
    this.leave();
    this.box.update({ state: 'closed', attempt: 0 });
  }
}
