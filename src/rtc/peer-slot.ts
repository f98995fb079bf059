/**
 * The one peer connection a RoomSession holds at a time, with the remote peer and the offer id
 * it belongs to. Effects and events of any other offer are dropped here: an answer to offer 1
 * never reaches the connection of offer 2, and a closed connection's late events are ignored.
 */
import type { IceCandidateInit, PeerInfo } from '../protocol/messages';
import type { LossReason, PeerConnectionEvents, PeerConnectionLike } from './peer-connection';
import type { PeerPoolLike } from './peer-pool';

/** What the slot reports about its current connection, each with the offer id it belongs to. */
export interface PeerSlotEvents {
  /** A local candidate (`null`: end of candidates) to send to `remote`. */
  candidate(remote: PeerInfo, o: number, candidate: IceCandidateInit | null): Promise<void> | void;
  /** The data channel opened. */
  connected(o: number): Promise<void> | void;
  /** The connection is gone. */
  lost(o: number, why: LossReason): Promise<void> | void;
  /** A remote stream arrived. */
  stream(stream: MediaStream): void;
  /** A data-channel message arrived. */
  message(message: unknown): void;
}

/** One peer connection at a time, tagged with its offer id. */
export class PeerSlot {
  private link: PeerConnectionLike | undefined;
  private offer: number | undefined;
  private peer: PeerInfo | undefined;
  private opening: object | undefined;
  /** Sender: the stream the connection (open or being opened) must send, the latest one given. */
  private sending: MediaStream | undefined;

  /**
   * `enqueue` runs the connection's callbacks in the session's turn (after whatever is being
   * handled), where the slot checks they still belong to its current connection.
   */
  constructor(
    private readonly pool: PeerPoolLike,
    private readonly enqueue: (job: () => Promise<void>) => void,
  ) {}

  /** The live connection, if any. */
  get current(): PeerConnectionLike | undefined {
    return this.link;
  }

  /** The remote peer of the connection being opened or open. */
  get remote(): PeerInfo | undefined {
    return this.peer;
  }

  /** The connection of offer `o`, if it is the current one. */
  of(o: number): PeerConnectionLike | undefined {
    return this.offer === o ? this.link : undefined;
  }

  /**
   * Replaces the connection by one for `remote`'s offer `o`. Resolves with the sender's offer
   * (and whether it already holds every candidate); undefined for a viewer, or when another
   * open or a close came first.
   */
  async open(
    remote: PeerInfo,
    o: number,
    events: PeerSlotEvents,
    stream: MediaStream | undefined,
  ): Promise<{ sdp: string; complete: boolean } | undefined> {
    this.close();
    this.peer = remote;
    this.offer = o;
    this.sending = stream;
    const token = {};
    this.opening = token;
    let link: PeerConnectionLike | undefined;
    const mine = (run: () => Promise<void> | void) => () =>
      this.enqueue(async () => {
        if (link !== undefined && this.link === link) await run();
      });
    const bound: PeerConnectionEvents = {
      onCandidate: (candidate) => mine(() => events.candidate(remote, o, candidate))(),
      onConnected: mine(() => events.connected(o)),
      onLost: (why) => mine(() => events.lost(o, why))(),
      onStream: (s) => events.stream(s),
      onMessage: (message) => events.message(message),
    };
    const taken = await this.pool.take(bound, stream).catch((error: unknown) => {
      // A failed take leaves no connection being opened (the pool's next spare serves a camera change).
      if (this.opening === token) this.opening = undefined;
      throw error;
    });
    if (this.opening !== token) {
      taken.link.close();
      return undefined;
    }
    link = taken.link;
    this.link = link;
    // The camera changed (flip, recovery) while the connection was being set up: it sends the new one.
    const latest = this.sending;
    if (latest && latest !== stream) {
      await link.replaceTracks(latest);
      if (this.link !== link) return undefined; // closed or replaced meanwhile
    }
    return taken.offer === undefined ? undefined : { sdp: taken.offer, complete: taken.complete === true };
  }

  /**
   * Sender: the connection open or being opened sends `stream` from now on (being opened: as soon
   * as it exists). False when there is none (the next one is the pool's).
   */
  replaceStream(stream: MediaStream): boolean {
    this.sending = stream;
    if (this.link) void this.link.replaceTracks(stream);
    return this.link !== undefined || this.opening !== undefined;
  }

  /** Closes the connection (and cancels one being opened); true when one was open. */
  close(): boolean {
    this.opening = undefined;
    const link = this.link;
    this.link = undefined;
    this.offer = undefined;
    this.peer = undefined;
    if (!link) return false;
    link.close();
    return true;
  }
}
