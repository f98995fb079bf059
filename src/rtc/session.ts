import type { Effect, Event as MachineEvent, SenderState, ViewerState } from '../protocol/machine';
import type { Body, PeerInfo } from '../protocol/messages';
import { newId } from '../protocol/room';
import { initialSender, senderStep } from '../protocol/sender';
import { initialViewer, viewerStep } from '../protocol/viewer';
import { createTransport } from '../signaling/create-transport';
import type { Transport, TransportStatus } from '../signaling/transport';
import { Emitter } from './emitter';
import { mark } from './marks';
import type { LossReason } from './peer-connection';
import { applyPeerEffect, isApplyEffect } from './peer-effects';
import { PeerPool, type PeerPoolLike } from './peer-pool';
import { PeerSlot, type PeerSlotEvents } from './peer-slot';
import { retiredBye, retireFlushMs, sayRetired, within } from './retire';
import { SealedChannel, type SignalingStats } from './sealed-channel';
import type { MachineState, RoomSessionDeps, RoomSessionEvents, RoomSessionOptions } from './session-types';

export type { MachineState, RoomSessionDeps, RoomSessionEvents, RoomSessionOptions } from './session-types';
export type { SignalingStats } from './sealed-channel';

/** How often the machine gets a `tick` (negotiation timeouts, hello retries), ms. */
export const tickIntervalMs = 1000;

/** Runs one role in one room: steps the protocol machine over a sealed channel and carries out its effects. */
export class RoomSession {
  /** Why the last peer connection was lost, for the UI's hints; cleared when one connects. */
  lastLoss: LossReason | undefined;
  /** Resolves once this session's first peer-to-peer connection is up. */
  readonly connected: Promise<void>;
  private markConnected: () => void = () => undefined;
  private me: PeerInfo;
  private machine: MachineState;
  private readonly events = new Emitter<RoomSessionEvents>();
  private readonly now: () => number;
  private readonly transport: Transport;
  private readonly channel: SealedChannel;
  private readonly pool: PeerPoolLike;
  private readonly slot: PeerSlot;
  private stream: MediaStream | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly ready: Promise<void>;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private helloSent = false;
  private started = false;
  private retired = false;
  /** The hints last told (`clockSuspect|wrongKey`); none at first, so a first message tells nothing new. */
  private signalingHints = 'false|false';

  /** Starts connecting the transport at once; {@link start} joins the room. */
  constructor(
    private readonly options: RoomSessionOptions,
    private readonly deps: RoomSessionDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.connected = new Promise((resolve) => {
      this.markConnected = resolve;
    });
    // A room started ahead of its screen (src/app/open-room.ts): what the screen would have missed
    // waits for it (the latest stream, the latest peer messages of that stream's connection).
    this.events.hold('stream', 1);
    this.events.hold('peerMessage', 16);
    // The device id is the identity's key id; until it is known (a promised or generated identity), a placeholder.
    const identity = options.identity;
    this.me = {
      device: identity && 'id' in identity ? identity.id : newId(),
      session: newId(),
      since: this.now(),
      ...(options.name ? { name: options.name } : {}),
    };
    this.machine = this.initial();
    this.transport = deps.transport ?? createTransport(options.signaling);
    this.pool = deps.pool ?? new PeerPool(options.role, options.iceServers);
    this.slot = new PeerSlot(this.pool, (job) => this.enqueue(job));
    if (options.role === 'viewer') this.pool.warm();
    this.transport.onStatus(() => this.onTransportStatus());
    this.channel = new SealedChannel({
      role: options.role,
      secret: options.secret,
      session: this.me.session,
      ...(identity ? { identity } : {}),
      ...(options.senderKey ? { senderKey: options.senderKey } : {}),
      transport: this.transport,
      now: this.now,
      onArrival: () => this.enqueue(() => this.receive()),
    });
    this.ready = this.channel.ready.then(() => {
      this.me = { ...this.me, ...this.channel.self };
      this.machine = this.initial();
      this.onTransportStatus();
    });
  }

  /** Our identity in the room (device id = key id; `ek` once the session key is made). */
  get self(): PeerInfo {
    return this.me;
  }

  /** Calls `listener` on every `type` event; returns the unsubscribe. */
  on<K extends keyof RoomSessionEvents>(type: K, listener: RoomSessionEvents[K]): () => void {
    return this.events.on(type, listener);
  }

  /** The current role state and what the UI shows about it. */
  get state(): MachineState {
    return this.machine;
  }

  /** The signaling transport's status. */
  get transportStatus(): TransportStatus {
    return this.transport.status;
  }

  /** Signaling drops by reason, and the hints: clocks apart ("check both devices' clocks"), a sender key other than the link's. */
  get signaling(): SignalingStats {
    return this.channel.stats;
  }

  /** The live peer connection, if any (for stats). */
  get connection(): RTCPeerConnection | undefined {
    return this.slot.current?.connection;
  }

  /** Joins the room (once: a room started ahead is not started again by its screen); the sender passes its camera stream. */
  start(stream?: MediaStream): void {
    if (this.started) return;
    this.started = true;
    this.stream = stream;
    if (stream) this.pool.warm(stream);
    this.enqueue(async () => {
      await this.ready;
      if (this.stopped) return;
      await this.dispatch({ type: 'start', now: this.now() });
      this.ticker ??= setInterval(
        () => this.enqueue(() => this.dispatch({ type: 'tick', now: this.now() })),
        this.deps.tickMs ?? tickIntervalMs,
      );
    });
  }

  /** The admitted peer on the other side, with whether peer-to-peer is up. */
  get remote(): { peer: PeerInfo; connected: boolean } | undefined {
    return this.machine.role === 'sender' ? this.machine.viewer : this.machine.sender;
  }

  /** Sender: sends a new camera stream (flip, new preset, recovery) to the current and future viewers. */
  replaceStream(stream: MediaStream): void {
    this.stream = stream;
    if (!this.slot.replaceStream(stream)) this.pool.warm(stream);
  }

  /**
   * Sender: ends this room's link ("New link"). The connected viewer is told (over the data channel, and with a
   * bye 'retired' over signaling); nothing is answered or announced from then on, and once the bye has reached
   * the transport (at most `retireFlushMs`) the connection closes. Resolves when it has.
   */
  async retire(): Promise<void> {
    await this.enqueue(async () => {
      await this.ready;
      if (this.stopped) return;
      this.retired = true;
      clearInterval(this.ticker);
      await sayRetired(this.slot.current);
      await this.dispatch({ type: 'retire', now: this.now() });
      this.closePeer();
    });
    await within(this.channel.flush(), retireFlushMs);
    await this.end(false);
  }

  /** Sends an application message (chat) to the peer over the data channel. */
  sendToPeer(message: unknown): boolean {
    return this.slot.current?.send(message) ?? false;
  }

  /** Closes a room opened ahead that no screen took: without a word if it never joined, else with its bye. */
  discard(): void {
    void this.end(this.started);
  }

  /** Leaves at once (pagehide): publishes a bye sealed in advance, closes everything. */
  stop(): void {
    void this.end(true);
  }

  /** Closes everything (`bye`: the bye sealed ahead goes first); resolves once the transport is closed. */
  private end(bye: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    clearInterval(this.ticker);
    const closed = this.channel.close({ bye });
    this.closePeer();
    this.pool.close();
    return closed;
  }

  private initial(): MachineState {
    return this.options.role === 'sender' ? initialSender(this.me) : initialViewer(this.me);
  }

  private async receive(): Promise<void> {
    const opened = await this.channel.openNext();
    this.noticeSignaling();
    // A retired room answers nobody: an old link learns nothing, not even that this page still runs.
    if (!opened || this.retired) return;
    mark(`recv-${opened.body.t}`);
    await this.dispatch({ type: 'message', header: opened.header, body: opened.body, now: this.now() });
  }

  /** Tells the UI when a signaling hint (clocks apart, a sender key other than the link's) may appear or go. */
  private noticeSignaling(): void {
    const { clockSuspect, wrongKey } = this.channel.stats;
    const hints = `${clockSuspect}|${wrongKey}`;
    if (hints !== this.signalingHints) this.emitChange();
    this.signalingHints = hints;
  }

  private onTransportStatus(): void {
    const reconnected = this.channel.onStatus();
    if (reconnected && !this.stopped) {
      // Say hello again if we are not peer-to-peer: a hello may have been lost while we were away.
      this.enqueue(async () => {
        if (this.helloSent && !this.retired && !this.slot.current?.alive && this.machine.state !== 'error') {
          this.send({ t: 'hello', peer: this.me });
        }
      });
    }
    this.emitChange();
  }

  private async dispatch(event: MachineEvent): Promise<void> {
    const result =
      this.options.role === 'sender'
        ? senderStep(this.machine as SenderState, event)
        : viewerStep(this.machine as ViewerState, event);
    const changed = result.state !== this.machine;
    this.machine = result.state;
    for (const effect of result.effects) await this.run(effect);
    if (changed || result.effects.length > 0) this.emitChange();
  }

  private async run(effect: Effect): Promise<void> {
    if (isApplyEffect(effect)) {
      // The machine sends the answer (and again until connected).
      return applyPeerEffect(this.slot, effect, (o, sdp) =>
        this.dispatch({ type: 'local-sdp', o, sdp, now: this.now() }),
      );
    }
    switch (effect.type) {
      case 'send':
        if (effect.body.t === 'hello') this.helloSent = true;
        return this.send(effect.body);
      case 'open-peer':
        return this.openPeer(effect.remote, effect.o);
      case 'close-peer':
        return this.closePeer();
    }
  }

  /** A connection for `remote`'s offer `o` (the pair peer from now on); the sender sends its offer. */
  private async openPeer(remote: PeerInfo, o: number): Promise<void> {
    if (this.slot.close()) this.peerClosed();
    this.channel.bind(remote);
    const events: PeerSlotEvents = {
      candidate: (_to, id, candidate) => this.dispatch({ type: 'local-candidate', o: id, candidate, now: this.now() }),
      connected: (id) => {
        mark('p2p');
        this.markConnected();
        this.lastLoss = undefined;
        return this.dispatch({ type: 'peer-connected', now: this.now(), o: id });
      },
      lost: (id, why) => {
        this.lastLoss = why;
        return this.dispatch({ type: 'peer-lost', now: this.now(), o: id });
      },
      stream: (stream) => {
        mark('track');
        this.events.dropHeld('peerMessage'); // held ones were the connection before
        this.events.emit('stream', stream);
      },
      message: (message) => this.onPeerMessage(message),
    };
    const stream = this.options.role === 'sender' ? this.stream : undefined;
    const offer = await this.slot.open(remote, o, events, stream);
    if (!offer || this.stopped) return;
    // The machine sends the offer (and again until answered); a warmed offer already holds every candidate.
    await this.dispatch({ type: 'local-sdp', o, sdp: offer.sdp, now: this.now() });
    if (offer.complete) await this.dispatch({ type: 'local-candidate', o, candidate: null, now: this.now() });
  }

  /** A data-channel message: the sender's 'retired' goes to the machine as its bye would; the rest is the UI's. */
  private onPeerMessage(message: unknown): void {
    const remote = this.slot.remote;
    const bye = this.options.role === 'viewer' && remote ? retiredBye(message, remote, this.me.session) : null;
    if (bye) this.enqueue(() => this.dispatch({ type: 'message', ...bye, now: this.now() }));
    else this.events.emit('peerMessage', message);
  }

  private closePeer(): void {
    if (this.slot.close()) this.peerClosed();
  }

  /** After a connection closed: no stream, and a connection warmed for whoever comes next. */
  private peerClosed(): void {
    this.events.dropHeld('peerMessage');
    this.events.emit('stream', null);
    if (!this.stopped && !this.retired) this.pool.warm(this.options.role === 'sender' ? this.stream : undefined);
  }

  /**
   * Seals and publishes `body` through the channel's ordered outbox: messages leave in the order
   * they were sent, but handling what arrives never waits for our own sealing.
   */
  private send(body: Body): void {
    if (!this.stopped) this.channel.send(body);
  }

  /** Runs `job` after every job queued before it; resolves when it ran (a failure is logged). */
  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job).catch((error: unknown) => {
      console.warn('porthole: session step failed', error);
    });
    return this.queue;
  }

  private emitChange(): void {
    this.events.emit('change');
  }
}
