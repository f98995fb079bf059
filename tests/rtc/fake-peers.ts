/**
 * A fake peer pool for RoomSession tests: its connections record what the session asks of them
 * (offers, answers, candidates, messages) and let the test fire what a browser would report
 * (connected, lost, a stream, a data-channel message). Every recorded call pokes `onActivity`,
 * so a test can wait on it as on the session's own events.
 */
import type { Role } from '../../src/protocol/link';
import type { IceCandidateInit } from '../../src/protocol/messages';
import type { LossReason, PeerConnectionEvents, PeerConnectionLike } from '../../src/rtc/peer-connection';
import type { PeerPoolLike, TakenPeer } from '../../src/rtc/peer-pool';

/** A recorded call: `offer <sdp>`, `answer <sdp>`, `ice <candidate>`, `eoc`. */
export type PeerCall = string;

/** One fake connection, as a session took it from a {@link FakePool}. */
export class FakePeer implements PeerConnectionLike {
  readonly connection = undefined;
  /** What the session asked, in order. */
  readonly calls: PeerCall[] = [];
  /** Application messages the session sent over the "data channel". */
  readonly sent: unknown[] = [];
  /** Set by the session's close(). */
  closed = false;
  private up = false;

  constructor(
    /** The events the session bound this connection to. */
    readonly events: PeerConnectionEvents,
    private readonly pool: FakePool,
  ) {}

  get alive(): boolean {
    return this.up && !this.closed;
  }

  acceptOffer(sdp: string): Promise<string> {
    this.record(`offer ${sdp}`);
    if (this.pool.failAcceptOffer) return Promise.reject(new Error('setRemoteDescription failed (fake)'));
    return Promise.resolve(`v=0 answer to ${sdp}`);
  }

  acceptAnswer(sdp: string): Promise<void> {
    this.record(`answer ${sdp}`);
    return Promise.resolve();
  }

  addCandidate(candidate: IceCandidateInit | null): Promise<void> {
    this.record(candidate ? `ice ${candidate.candidate}` : 'eoc');
    return Promise.resolve();
  }

  replaceTracks(): Promise<void> {
    return Promise.resolve();
  }

  send(message: unknown): boolean {
    if (!this.alive) return false;
    this.sent.push(message);
    this.pool.onActivity();
    return true;
  }

  close(): void {
    this.closed = true;
    this.pool.onActivity();
  }

  /** The data channel opened: peer-to-peer is up. */
  connect(): void {
    this.up = true;
    this.events.onConnected();
  }

  /** The connection died by itself. */
  lose(why: LossReason): void {
    this.up = false;
    this.events.onLost(why);
  }

  private record(call: PeerCall): void {
    this.calls.push(call);
    this.pool.onActivity();
  }
}

/** Options of a {@link FakePool}. */
export interface FakePoolOptions {
  /** Called on every recorded call (the test's waitFor re-checks then). */
  onActivity: () => void;
  /** The sender's offer SDP (must start with `v=0`); default a short one numbered per take. */
  offer?: (n: number) => string;
  /** Sender: candidates the connection reports as soon as it is taken, then end-of-candidates. */
  trickle?: IceCandidateInit[];
}

/** A {@link PeerPoolLike} handing out {@link FakePeer}s. */
export class FakePool implements PeerPoolLike {
  /** Every connection taken, oldest first. */
  readonly peers: FakePeer[] = [];
  /** Viewer: acceptOffer rejects (a negotiation that fails). */
  failAcceptOffer = false;
  /** Set by close(). */
  closed = false;
  readonly onActivity: () => void;

  constructor(
    private readonly role: Role,
    private readonly options: FakePoolOptions,
  ) {
    this.onActivity = options.onActivity;
  }

  /** The latest connection taken. */
  get last(): FakePeer | undefined {
    return this.peers.at(-1);
  }

  warm(): void {}

  take(events: PeerConnectionEvents): Promise<TakenPeer> {
    const peer = new FakePeer(events, this);
    this.peers.push(peer);
    this.onActivity();
    if (this.role !== 'sender') return Promise.resolve({ link: peer });
    const n = this.peers.length;
    for (const candidate of this.options.trickle ?? []) events.onCandidate(candidate);
    if (this.options.trickle) events.onCandidate(null);
    return Promise.resolve({ link: peer, offer: this.options.offer?.(n) ?? `v=0 offer ${n}`, complete: false });
  }

  close(): void {
    this.closed = true;
  }
}

/** A host candidate numbered `n`. */
export function hostCandidate(n: number): IceCandidateInit {
  return { candidate: `candidate:${n} 1 udp 2122260223 192.0.2.${n} 5000 typ host`, sdpMid: '0', sdpMLineIndex: 0 };
}
