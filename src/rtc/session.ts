import { Opener, Sealer } from '../protocol/envelope';
import type { Effect, Event as MachineEvent, SenderState, ViewerState } from '../protocol/machine';
import type { Body, IceCandidateInit, PeerInfo } from '../protocol/messages';
import { retiredRoomReply } from '../protocol/retired';
import { deriveRoomKeys, newId } from '../protocol/room';
import { initialSender, senderStep } from '../protocol/sender';
import { initialViewer, viewerStep } from '../protocol/viewer';
import { createTransport } from '../signaling/create-transport';
import type { Transport, TransportStatus } from '../signaling/transport';
import { Emitter } from './emitter';
import { mark } from './marks';
import type { LossReason, PeerConnectionEvents, PeerConnectionLike } from './peer-connection';
import { PeerPool, type PeerPoolLike } from './peer-pool';
import type { MachineState, RoomSessionDeps, RoomSessionEvents, RoomSessionOptions } from './session-types';

export type { MachineState, RoomSessionDeps, RoomSessionEvents, RoomSessionOptions } from './session-types';

/** Runs one role in one room: seals and opens signaling, steps the protocol machine, carries out its effects. */
export class RoomSession {
  /** Our identity in the room. */
  readonly self: PeerInfo;
  /** Why the last peer connection was lost, for the UI's hints; cleared when one connects. */
  lastLoss: LossReason | undefined;
  private machine: MachineState;
  private readonly events = new Emitter<RoomSessionEvents>();
  private readonly now: () => number;
  private readonly transport: Transport;
  private sealer: Sealer | undefined;
  private opener: Opener | undefined;
  private topic = '';
  private preparedBye: string | undefined;
  private peer: PeerConnectionLike | undefined;
  private readonly pool: PeerPoolLike;
  private remotePeer: PeerInfo | undefined;
  private stream: MediaStream | undefined;
  private queue: Promise<void> = Promise.resolve();
  private outbox: Promise<void> = Promise.resolve();
  private readonly ready: Promise<void>;
  private stopped = false;
  private helloSent = false;
  private everConnected = false;
  private retired = false;
  private opening: object | undefined;

  /** Starts connecting the transport at once; {@link start} joins the room. */
  constructor(
    private readonly options: RoomSessionOptions,
    deps: RoomSessionDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.self = {
      device: options.device,
      session: newId(),
      since: this.now(),
      ...(options.name ? { name: options.name } : {}),
    };
    this.machine = options.role === 'sender' ? initialSender(this.self) : initialViewer(this.self);
    this.transport = deps.transport ?? createTransport(options.signaling);
    this.pool = deps.pool ?? new PeerPool(options.role, options.iceServers);
    if (options.role === 'viewer') this.pool.warm();
    this.transport.onStatus(() => this.onTransportStatus());
    this.ready = this.connect();
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

  /** The live peer connection, if any (for stats). */
  get connection(): RTCPeerConnection | undefined {
    return this.peer?.connection;
  }

  /** Joins the room; the sender passes its camera stream. */
  start(stream?: MediaStream): void {
    this.stream = stream;
    if (stream) this.pool.warm(stream);
    this.enqueue(async () => {
      await this.ready;
      await this.dispatch({ type: 'start', now: this.now() });
    });
  }

  /** The admitted peer on the other side, with whether peer-to-peer is up. */
  get remote(): { peer: PeerInfo; connected: boolean } | undefined {
    return this.machine.role === 'sender' ? this.machine.viewer : this.machine.sender;
  }

  /** Sender: sends a new camera stream (flip, new preset, recovery) to the current and future viewers. */
  replaceStream(stream: MediaStream): void {
    this.stream = stream;
    const peer = this.peer;
    if (peer) void peer.replaceTracks(stream);
    else this.pool.warm(stream);
  }

  /**
   * Sender: ends this room's link ("New link"). The viewer is told the room is retired; the session stays subscribed
   * and answers anyone who opens the old link with a 'retired' bye, so it fails clearly.
   */
  retire(): void {
    this.enqueue(async () => {
      await this.ready;
      this.retired = true;
      this.pool.close();
      await this.dispatch({ type: 'retire', now: this.now() });
      this.closePeer();
    });
  }

  /** Sends an application message (chat) to the peer over the data channel. */
  sendToPeer(message: unknown): boolean {
    return this.peer?.send(message) ?? false;
  }

  /** Leaves at once (pagehide): publishes a bye sealed in advance, closes everything. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.preparedBye) this.transport.publish(this.topic, this.preparedBye);
    this.closePeer();
    this.pool.close();
    void this.transport.close();
  }

  private async connect(): Promise<void> {
    mark('start');
    const keys = await deriveRoomKeys(this.options.secret);
    mark('keys');
    this.topic = keys.topic;
    this.sealer = new Sealer(keys.key, keys.topic, this.self.session, this.options.role);
    this.opener = new Opener(keys.key, keys.topic, this.self.session);
    const will = await this.sealer.seal({ t: 'bye', reason: 'lost' }, this.now(), { will: true });
    await this.prepareBye();
    this.transport.subscribe(keys.topic, (data) => this.receive(data), { will });
    this.transport.connect().catch(() => {
      // Status carries the error; the transport keeps retrying in the background.
    });
  }

  /** The bye for pagehide is sealed ahead: the page cannot await WebCrypto while unloading. */
  private async prepareBye(): Promise<void> {
    if (!this.sealer) return;
    // Sealed as a will-style envelope (no age limit) because it may be published much later.
    this.preparedBye = await this.sealer.seal({ t: 'bye', reason: 'left' }, this.now(), { will: true });
  }

  private receive(data: string): void {
    this.enqueue(async () => {
      const opened = await this.opener?.open(data, this.now());
      if (!opened) return;
      mark(`recv-${opened.body.t}`);
      if (this.retired) {
        const reply = retiredRoomReply(opened.header, opened.body);
        if (reply) await this.send(reply);
        return;
      }
      await this.dispatch({ type: 'message', header: opened.header, body: opened.body, now: this.now() });
    });
  }

  private onTransportStatus(): void {
    const status = this.transport.status;
    if (status.state === 'connected' && !this.everConnected) mark('signaling-connected');
    const reconnected = status.state === 'connected' && this.everConnected;
    if (status.state === 'connected') this.everConnected = true;
    if (reconnected && this.sealer && !this.stopped) {
      // After a reconnect: a fresh will (the old one's seq may be spent), and say hello again
      // if we are not peer-to-peer (a hello may have been lost while we were away).
      this.enqueue(async () => {
        const will = await this.sealer!.seal({ t: 'bye', reason: 'lost' }, this.now(), { will: true });
        this.transport.setWill(this.topic, will);
        if (this.helloSent && !this.peer?.alive && this.machine.state !== 'error') {
          await this.send({ t: 'hello', peer: this.self });
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
    this.machine = result.state;
    for (const effect of result.effects) await this.run(effect);
    this.emitChange();
  }

  private async run(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'send':
        if (effect.body.t === 'hello') this.helloSent = true;
        return this.send(effect.body);
      case 'open-peer':
        return this.openPeer(effect.remote);
      case 'close-peer':
        return this.closePeer();
      case 'apply-offer': {
        mark('apply-offer');
        const remote = this.remotePeer;
        const answer = await this.peer?.acceptOffer(effect.sdp).catch(() => undefined);
        if (answer && remote && remote === this.remotePeer)
          await this.send({ t: 'answer', to: remote.session, sdp: answer });
        return;
      }
      case 'apply-answer':
        await this.peer?.acceptAnswer(effect.sdp).catch(() => undefined);
        return;
      case 'apply-ice':
        return this.peer?.addCandidate(effect.candidate);
      case 'apply-eoc':
        return this.peer?.addCandidate(null);
    }
  }

  private async openPeer(remote: PeerInfo): Promise<void> {
    this.closePeer();
    this.remotePeer = remote;
    const token = {};
    this.opening = token;
    let link: PeerConnectionLike | undefined;
    const isCurrent = (): boolean => link !== undefined && this.peer === link;
    const events: PeerConnectionEvents = {
      onCandidate: (candidate) =>
        this.enqueue(async () => {
          if (isCurrent()) await this.sendCandidate(remote, candidate);
        }),
      onConnected: () =>
        this.enqueue(async () => {
          mark('p2p');
          if (!isCurrent()) return;
          this.lastLoss = undefined;
          await this.dispatch({ type: 'peer-connected', now: this.now() });
        }),
      onLost: (why) =>
        this.enqueue(async () => {
          if (!isCurrent()) return;
          this.lastLoss = why;
          await this.dispatch({ type: 'peer-lost', now: this.now() });
        }),
      onStream: (stream) => {
        mark('track');
        this.events.emit('stream', stream);
      },
      onMessage: (message) => this.events.emit('peerMessage', message),
    };
    const taken = await this.pool.take(events, this.options.role === 'sender' ? this.stream : undefined);
    if (this.opening !== token || this.stopped) {
      taken.link.close();
      return;
    }
    link = taken.link;
    this.peer = link;
    if (taken.offer !== undefined) {
      await this.send({ t: 'offer', to: remote.session, sdp: taken.offer, peer: this.self });
      // A warmed offer already holds every candidate: say so at once.
      if (taken.complete) await this.send({ t: 'eoc', to: remote.session });
    }
  }

  private async sendCandidate(remote: PeerInfo, candidate: IceCandidateInit | null): Promise<void> {
    await this.send(candidate ? { t: 'ice', to: remote.session, candidate } : { t: 'eoc', to: remote.session });
  }

  private closePeer(): void {
    this.opening = undefined;
    if (!this.peer) return;
    this.peer.close();
    this.peer = undefined;
    this.remotePeer = undefined;
    this.events.emit('stream', null);
    // Ready for whoever comes next.
    if (!this.stopped && !this.retired) this.pool.warm(this.options.role === 'sender' ? this.stream : undefined);
  }

  /**
   * Seals and publishes `body` through an ordered pipeline of its own: messages leave in the
   * order they were sent, but handling what arrives never waits for our own sealing (the
   * sender's answer must not queue behind its outgoing ICE candidates).
   */
  private send(body: Body): Promise<void> {
    const sealer = this.sealer;
    if (!sealer || this.stopped) return Promise.resolve();
    const sealed = sealer.seal(body, this.now());
    this.outbox = this.outbox
      .then(async () => {
        const data = await sealed;
        mark(`send-${body.t}`);
        if (!this.stopped) this.transport.publish(this.topic, data);
      })
      .catch((error: unknown) => console.warn('porthole: could not send', error));
    void this.prepareBye();
    return Promise.resolve();
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((error: unknown) => {
      console.warn('porthole: session step failed', error);
    });
  }

  private emitChange(): void {
    this.events.emit('change');
  }
}
