/**
 * Relay transport: JSON frames over one WebSocket to the bundled relay's `/ws`, offering the
 * subprotocol `porthole.v1` (plus `porthole.token.<base64url>` when the relay needs a token).
 *
 * Wire protocol — client → relay: `{"op":"join","topic":T,"will"?:D}`, `{"op":"leave","topic":T}`,
 * `{"op":"pub","topic":T,"data":D}`; relay → client: `{"op":"msg","topic":T,"data":D}` (never
 * echoed to the publisher), `{"op":"joined","topic":T,"peers":N}`, `{"op":"error","code":C,
 * "message":M,"topic"?:T}`. Unknown or malformed frames are ignored. Types: relay/src/wire.d.ts.
 *
 * Early frames: a connection's handshake carries its joins and queued publications (the
 * subprotocol entries of relay-wire.ts), so that a viewer's hello reaches the sender one round
 * trip sooner; the first connection waits for them (at most `earlyGatherMs`). A relay that did
 * not take them (it selected plain `porthole.v1`) gets them after the open. The publications a
 * new socket carried or was sent are kept until it proves good (a frame from the relay, or open
 * for `closeProblemSettleMs`): a relay may select a subprotocol and close at once (a refused
 * token, a connection limit, a shutdown), and then they go again on the next connection.
 *
 * Relay errors never end the session: each shows in `status.problem` (see relay-problems.ts),
 * a join refused as `topic-full` or `rate-limited` is tried again, and a join whose will is
 * refused (`will-too-large`, `wills-full`) is made again without a will.
 */
import { Reconnector, reconnectDelayMs } from './reconnector';
import { closeProblem, frameProblem } from './relay-problems';
import { type QueuedEntry, SendQueue, withoutLargest } from './send-queue';
import { StatusBox } from './status-box';
import { TopicTable } from './topic-table';
import type { PublishOptions, SubscribeOptions, Transport, TransportProblem, TransportStatus } from './transport';
import { type EarlyFrames, EarlyFramesState, joinText, openingFrames } from './relay-early';
import { closeSocket, describeClose, OpenFailure, openSocket } from './relay-socket';
import { earlyGatherMs, type RelayTransportOptions } from './relay-options';
import { parseRelayFrame, relayEarlySubprotocol, relayProtocols } from './relay-wire';
export { earlyGatherMs, type RelayTransportOptions } from './relay-options';

export {
  encodeRelayToken,
  parseRelayFrame,
  relayProtocols,
  relaySubprotocol,
  tokenSubprotocolPrefix,
} from './relay-wire';

/** Most messages queued while disconnected (oldest dropped first; one per replace key). */
const maxQueuedMessages = 100;
/** `WebSocket.OPEN`, spelled out so any implementation works. */
const openReadyState = 1;
/** How long a new socket must stay open (not closing, no frame yet) to prove good: the relay accepted it (close problem over, what it was sent not kept), in ms. */
const closeProblemSettleMs = 1500;

/** The close code of a frame larger than the relay takes (1009). */
const tooBigCloseCode = 1009;

/** Creates a transport to the relay at `options.url` (see {@link RelayTransportOptions}). */
export function createRelayTransport(options: RelayTransportOptions): Transport {
  return new RelayTransport(options);
}

class RelayTransport implements Transport {
  readonly endpoint: string;
  private readonly url: string;
  private readonly protocols: string[];
  private readonly WebSocketImpl: typeof WebSocket | undefined;
  private readonly connectTimeoutMs: number;
  private readonly box: StatusBox;
  private readonly reconnector: Reconnector;
  private readonly topics = new TopicTable();
  private readonly queue = new SendQueue<string>(maxQueuedMessages);
  private socket: WebSocket | undefined;
  private pending: WebSocket | undefined;
  private closed = false;
  /** Topics the relay confirmed (`joined`) on the current socket. */
  private joined = new Set<string>();
  /** Why the relay closed the last socket; shown until a new one proves good. */
  private lastClose: TransportProblem | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  private rejoinAttempt = 0;
  private readonly rejoinDelayMs: (attempt: number) => number;
  private readonly earlyGatherMs: number;
  /** The early frames of this transport's handshakes. */
  private readonly early = new EarlyFramesState();
  /** What the current socket was sent before it proved good; put back in the queue if it closes first. */
  private unconfirmed: Array<QueuedEntry<string>> | undefined;

  constructor(options: RelayTransportOptions) {
    this.url = options.url;
    this.protocols = relayProtocols(options.token);
    this.endpoint = options.url.replace(/[?#].*$/, '');
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 4000;
    this.box = new StatusBox(this.endpoint);
    this.rejoinDelayMs = options.reconnectDelayMs ?? reconnectDelayMs;
    this.earlyGatherMs = options.earlyGatherMs ?? earlyGatherMs;
    this.reconnector = new Reconnector({
      round: (attempt) => this.round(attempt),
      delayMs: options.reconnectDelayMs,
      onScheduled: (attempt, _delayMs, error) =>
        this.report({ state: 'reconnecting', attempt, ...(error ? { error } : {}) }),
    });
  }

  get status(): TransportStatus {
    return this.box.status;
  }

  /** The relay takes a will with each join frame, so one given after connecting counts at once. */
  readonly lateWill = true;

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    if (this.socket) return Promise.resolve();
    return this.reconnector.connect();
  }

  subscribe(topic: string, onMessage: (data: string) => void, options?: SubscribeOptions): () => void {
    const { first, remove } = this.topics.add(topic, onMessage);
    if (options?.will !== undefined) this.setWill(topic, options.will);
    else if (first) this.sendNow(joinText(topic, undefined));
    this.early.wake();
    return () => {
      if (remove()) this.sendNow(JSON.stringify({ op: 'leave', topic }));
    };
  }

  publish(topic: string, data: string, options?: PublishOptions): void {
    if (this.closed) return;
    const frame = JSON.stringify({ op: 'pub', topic, data });
    const key = options?.replaceKey === undefined ? undefined : JSON.stringify([topic, options.replaceKey]);
    if (this.socket?.readyState === openReadyState) {
      this.socket.send(frame);
      this.unconfirmed?.push({ item: frame, key });
      return;
    }
    this.queue.push(frame, key);
    this.early.wake();
  }

  setWill(topic: string, will: string | undefined): void {
    if (this.topics.setWill(topic, will)) this.sendNow(joinText(topic, will)); // the relay replaces the will
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    return this.box.listen(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.early.stop();
    this.reconnector.cancel();
    this.clearTimers();
    this.queue.clear();
    for (const topic of this.topics.names()) this.sendNow(JSON.stringify({ op: 'leave', topic }));
    this.topics.clear();
    const { socket, pending } = this;
    this.socket = this.pending = undefined;
    await Promise.all([
      socket && closeSocket(socket, this.connectTimeoutMs),
      pending && closeSocket(pending, this.connectTimeoutMs, this.early.pendingJoins),
    ]);
    this.box.update({ state: 'closed', attempt: 0 });
  }

  /** One attempt at the relay: resolves once the socket is open and topics are re-joined. */
  private async round(attempt: number): Promise<void> {
    const state = attempt > 0 ? 'reconnecting' : 'connecting';
    this.report({ state, attempt });
    await this.early.firstWait(() => this.topics.names().length > 0 && this.queue.length > 0, this.earlyGatherMs);
    if (this.closed) throw new Error('transport closed'); // during the wait: no socket made
    const { socket, early } = await this.open().catch((error: Error) => {
      throw new Error(`could not connect to the relay ${this.endpoint}: ${error.message}`);
    });
    if (this.closed) {
      // Closed while the open was being handed over: this socket must not outlive the transport.
      void closeSocket(socket, this.connectTimeoutMs, [...(early?.joins.keys() ?? [])]);
      throw new Error('transport closed');
    }
    this.socket = socket;
    this.joined = new Set();
    socket.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    socket.addEventListener('close', (event: CloseEvent) => this.dropped(socket, event));
    const took = socket.protocol === relayEarlySubprotocol ? early : undefined;
    this.unconfirmed = this.queue.takeEntries();
    const queued = this.unconfirmed.map(({ item }) => item);
    for (const frame of openingFrames(this.topics.list(), queued, took)) socket.send(frame);
    // A relay refusing the token closes right after the handshake, even one selecting early frames:
    // until this socket proves good its close problem stays shown and what it was sent stays kept.
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.proven(socket), closeProblemSettleMs);
    this.report({ state: 'connected', attempt: 0 });
  }

  /** Updates the status, keeping the last close problem in it while that is not over. */
  private report(patch: Partial<TransportStatus>): void {
    this.box.update(this.lastClose ? { ...patch, problem: this.lastClose } : patch);
  }

  /** `socket` has proven good: what it was sent counts as delivered; the close problem of an earlier socket is over. */
  private proven(socket: WebSocket): void {
    // A relay refusing a socket sends its close and cuts it a while later (1 s): closing is not proof.
    if (this.socket !== socket || socket.readyState !== openReadyState) return;
    this.unconfirmed = undefined;
    const over = this.lastClose;
    if (over === undefined) return;
    this.lastClose = undefined;
    if (this.box.status.problem === over) {
      const { problem: _over, ...rest } = this.box.status;
      this.box.update(rest);
    }
  }

  /**
   * Opens one WebSocket carrying its early frames. When one carrying them is refused, another may
   * go at once without them ({@link EarlyFramesState.retryPlain}): a server on the way (a proxy's
   * header limit) may refuse them, and the browser shows that only as a failure (1006).
   */
  private async open(): Promise<{ socket: WebSocket; early: EarlyFrames | undefined }> {
    try {
      return await this.openOnce();
    } catch (error) {
      if (this.closed || !this.early.retryPlain) throw error;
      return this.openOnce();
    }
  }

  /** Opens one WebSocket with the early frames {@link EarlyFramesState.offer} gives. */
  private async openOnce(): Promise<{ socket: WebSocket; early: EarlyFrames | undefined }> {
    const Impl = this.WebSocketImpl;
    if (!Impl) throw new Error('no WebSocket implementation available');
    const early = this.early.offer(this.topics.list(), this.queue.peek());
    const protocols = early ? [...this.protocols, ...early.protocols] : this.protocols;
    const { socket, opened } = openSocket(Impl, this.url, protocols, this.connectTimeoutMs, this.early.pendingJoins);
    this.pending = socket;
    try {
      if (!this.early.everOpened) performance.mark('porthole:relay-socket'); // read by the connect benchmark
      await opened;
      if (!this.early.everOpened) performance.mark('porthole:relay-open');
      this.early.settled(early !== undefined, 'opened');
    } catch (error) {
      this.early.settled(early !== undefined, error instanceof OpenFailure && error.timedOut ? 'timed-out' : 'failed');
      throw error;
    } finally {
      if (this.pending === socket) this.pending = undefined;
    }
    if (this.closed) throw new Error('transport closed'); // the close leaves and closes it
    return { socket, early: early?.frames };
  }

  private receive(raw: unknown): void {
    const frame = parseRelayFrame(raw);
    if (frame === null) return;
    if (this.socket) this.proven(this.socket);
    if (frame.op === 'msg') this.topics.deliver(frame.topic, frame.data);
    else if (frame.op === 'joined') this.onJoined(frame.topic);
    else this.onError(frame.code, frame.message, frame.topic);
  }

  /** The relay confirmed a join: a problem about that topic is over. */
  private onJoined(topic: string): void {
    this.joined.add(topic);
    if (this.topics.names().every((name) => this.joined.has(name))) this.rejoinAttempt = 0;
    const { problem } = this.box.status;
    if (problem?.topic === topic) {
      const { problem: _over, ...rest } = this.box.status;
      this.box.update(rest);
    }
  }

  /** An error frame: shown in the status; the connection and the session go on. */
  private onError(code: string | number, message: string, topic: string | undefined): void {
    this.box.update({ error: `relay error ${code}: ${message}`, problem: frameProblem(code, topic) });
    if (code === 'topic-full' || code === 'rate-limited') this.scheduleRejoin();
    else if ((code === 'will-too-large' || code === 'wills-full') && topic !== undefined) {
      // Refused with its will: join without one (a crash is then noticed by the peer's timeout).
      if (this.topics.has(topic) && !this.joined.has(topic)) this.sendNow(joinText(topic, undefined));
    }
  }

  /** Joins again, after the reconnect delay, every topic the relay has not confirmed on this socket. */
  private scheduleRejoin(): void {
    if (this.rejoinTimer !== undefined || this.closed) return;
    this.rejoinAttempt += 1;
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = undefined;
      for (const { topic, will } of this.topics.list()) {
        if (!this.joined.has(topic)) this.sendNow(joinText(topic, will));
      }
    }, this.rejoinDelayMs(this.rejoinAttempt));
  }

  private dropped(socket: WebSocket, event: CloseEvent): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.joined = new Set();
    this.clearTimers();
    const unconfirmed = this.unconfirmed;
    this.unconfirmed = undefined;
    // Not proven delivered: the next connection sends them (but the frame a 1009 refused as too big).
    if (unconfirmed)
      this.queue.putBack(
        event.code === tooBigCloseCode ? withoutLargest(unconfirmed, (frame) => frame.length) : unconfirmed,
      );
    this.lastClose = closeProblem(event.code, event.reason) ?? this.lastClose;
    this.reconnector.dropped(describeClose(event), unconfirmed === undefined);
  }

  private clearTimers(): void {
    clearTimeout(this.settleTimer);
    clearTimeout(this.rejoinTimer);
    this.settleTimer = this.rejoinTimer = undefined;
  }

  /** Sends a control frame if connected (otherwise the next connection re-joins anyway). */
  private sendNow(text: string): void {
    if (this.socket?.readyState === openReadyState) this.socket.send(text);
  }
}
