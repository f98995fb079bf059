/**
 * The one interface every signaling transport implements (MQTT, relay, memory).
 *
 * A transport moves opaque strings (sealed envelopes) between the subscribers of a topic.
 * It never sees the room secret and never parses what it carries. Publishing while
 * disconnected queues the message until the next connection; subscriptions survive
 * reconnects (the transport re-subscribes by itself).
 */
export interface Transport {
  /** Human-readable endpoint, e.g. `wss://broker.emqx.io:8084/mqtt`; changes on failover. */
  readonly endpoint: string;
  /** The latest connection status. */
  readonly status: TransportStatus;
  /**
   * Opens the connection (idempotent). Resolves on the first successful connection; rejects
   * only when no endpoint can be reached after the first full round of attempts (the
   * transport keeps retrying in the background after that, reporting through `onStatus`).
   */
  connect(): Promise<void>;
  /**
   * Subscribes to `topic`; `onMessage` gets every message other clients publish there (never
   * our own). `will`, when given, is published to the topic by the server if this client
   * dies without unsubscribing (MQTT Last Will / relay join `will`). Returns the unsubscribe.
   */
  subscribe(topic: string, onMessage: (data: string) => void, options?: SubscribeOptions): () => void;
  /**
   * Publishes `data` to `topic` (not retained); queued while disconnected. A message queued with
   * `options.replaceKey` replaces one queued before with the same key on the same topic.
   */
  publish(topic: string, data: string, options?: PublishOptions): void;
  /** Replaces the will registered for `topic` (e.g. a freshly sealed bye). */
  setWill(topic: string, will: string | undefined): void;
  /**
   * True when a will given after connecting (with subscribe() or setWill()) takes effect at once
   * (the relay): the connection may then be opened before the will is sealed. Absent or false when
   * the will is fixed at connect time (MQTT).
   */
  readonly lateWill?: boolean;
  /** Calls `listener` on every status change; returns the unsubscribe. */
  onStatus(listener: (status: TransportStatus) => void): () => void;
  /** Closes the connection cleanly: no will is published. */
  close(): Promise<void>;
}

/** Options for {@link Transport.publish}. */
export interface PublishOptions {
  /**
   * Names what the message is a copy of (e.g. one handshake step re-sent): while disconnected,
   * only the latest message queued with this key on a topic is kept, at the end of the queue.
   */
  replaceKey?: string;
}

/** Options for {@link Transport.subscribe}. */
export interface SubscribeOptions {
  /** Sealed message the server publishes to the topic if this client dies without leaving. */
  will?: string;
}

/** Connection state of a transport, as the UI shows it. */
export type TransportState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** A transport's status: state plus what the UI needs to explain it. */
export interface TransportStatus {
  /** Where the connection stands. */
  state: TransportState;
  /** The endpoint in use or being tried. */
  endpoint: string;
  /** Reconnect attempt number (0 while connected). */
  attempt: number;
  /** Last error message, if the latest attempt failed (English, for logs and tests; never holds a token). */
  error?: string;
  /** What the server said is wrong, by stable code, for the UI to explain in the person's language. */
  problem?: TransportProblem;
}

/**
 * A problem the server reported about this client. The connection stays up (or is retried): the
 * session goes on, and the status shows the problem until it is over.
 */
export interface TransportProblem {
  /**
   * Stable code: one of the relay's error codes (`topic-full`, `rate-limited`, … see
   * relay/src/wire.d.ts), or why it closed the connection (`token-refused`,
   * `too-many-connections`, `flooding`, `frame-too-large`). Unknown codes are passed through.
   */
  code: string;
  /** The topic it concerns, when the server named one. */
  topic?: string;
}
