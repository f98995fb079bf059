/** The table of subscriptions (handlers and wills) a transport replays on every reconnect. */
import { callEach } from './status-box';

/** One subscribed topic: its handlers and its will. */
type TopicEntry = { handlers: Set<(data: string) => void>; will?: string };

/** Subscriptions by topic, with their wills; the transports replay it after a reconnect. */
export class TopicTable {
  private readonly entries = new Map<string, TopicEntry>();
  /** The topic whose will was set last (MQTT carries one will per connection). */
  private willTopic: string | undefined;

  /**
   * Adds a handler to `topic`. `first` tells whether the topic is new; `remove()` drops the
   * handler and returns true when it was the topic's last (the topic is then forgotten).
   */
  add(topic: string, onMessage: (data: string) => void): { first: boolean; remove: () => boolean } {
    const existing = this.entries.get(topic);
    const entry: TopicEntry = existing ?? { handlers: new Set() };
    if (!existing) this.entries.set(topic, entry);
    const handler = (data: string): void => onMessage(data);
    entry.handlers.add(handler);
    const remove = (): boolean => {
      if (!entry.handlers.delete(handler) || entry.handlers.size > 0) return false;
      if (this.entries.get(topic) !== entry) return false;
      this.setWill(topic, undefined);
      this.entries.delete(topic);
      return true;
    };
    return { first: !existing, remove };
  }

  /** Sets or clears `topic`'s will; false when not subscribed to `topic`. */
  setWill(topic: string, will: string | undefined): boolean {
    const entry = this.entries.get(topic);
    if (!entry) return false;
    if (will !== undefined) {
      entry.will = will;
      this.willTopic = topic;
    } else {
      delete entry.will;
      if (this.willTopic === topic)
        this.willTopic = this.list()
          .filter((t) => t.will !== undefined)
          .pop()?.topic;
    }
    return true;
  }

  /** The will set most recently, with its topic (MQTT's connection will). */
  lastWill(): { topic: string; will: string } | undefined {
    const will = this.willTopic === undefined ? undefined : this.entries.get(this.willTopic)?.will;
    return this.willTopic === undefined || will === undefined ? undefined : { topic: this.willTopic, will };
  }

  /** Every subscribed topic with its will, in subscription order. */
  list(): Array<{ topic: string; will: string | undefined }> {
    return [...this.entries].map(([topic, entry]) => ({ topic, will: entry.will }));
  }

  /** Every subscribed topic, in subscription order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether anyone is subscribed to `topic`. */
  has(topic: string): boolean {
    return this.entries.has(topic);
  }

  /** Hands `data` to `topic`'s handlers (a throwing handler does not stop the others). */
  deliver(topic: string, data: string): void {
    callEach(this.entries.get(topic)?.handlers, data);
  }

  /** Forgets every subscription. */
  clear(): void {
    this.entries.clear();
    this.willTopic = undefined;
  }
}
