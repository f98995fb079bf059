import { dtlsCertificate } from './dtls-certificate';
import type { Role } from '../protocol/link';
import { PeerConnection, type PeerConnectionEvents, type PeerConnectionLike } from './peer-connection';

/** A warmed sender offer older than this is replaced: server-reflexive NAT mappings age. */
export const warmOfferMaxAgeMs = 30_000;
/** A sender's offer not made within this is given up and its connection closed (a spare, or one being taken). */
export const offerTimeoutMs = 10_000;

/** A connection taken from the pool, with the sender's offer when there is one. */
export interface TakenPeer {
  /** The connection, bound to the taker's events. */
  link: PeerConnectionLike;
  /** Sender: the offer SDP with every candidate gathered so far. */
  offer?: string;
  /** Sender: gathering had finished, so the offer holds every candidate (send end-of-candidates now). */
  complete?: boolean;
}

/**
 * Where a room session gets its peer connections: {@link PeerPool} in the app; unit tests inject
 * a fake pool whose connections record offers, answers and candidates and let the test fire
 * `onConnected`/`onLost`/`onStream` on the taken connection's events.
 */
export interface PeerPoolLike {
  /** Prepares a connection ahead (sender: sending `stream`); may be called often. */
  warm(stream?: MediaStream): void;
  /** A connection bound to `events`; the sender's comes with its offer SDP. */
  take(events: PeerConnectionEvents, stream?: MediaStream): Promise<TakenPeer>;
  /** Closes the pool: no more spares. */
  close(): void;
}

interface Spare {
  link: PeerConnection;
  bornAt: number;
}

/** A spare being made: its connection as soon as it exists, so a discard closes it whatever stage it is at. */
interface Making {
  link?: PeerConnection;
  dropped: boolean;
  ready: Promise<Spare | undefined>;
}

/**
 * Keeps one peer connection ready before anyone asks: the sender's with its camera tracks, an
 * offer set and candidates gathered; the viewer's with its DTLS certificate made. Taking it saves
 * the connection setup, the offer and the candidate trickle from the join's critical path.
 * Its connections take the page's DTLS certificate (dtls-certificate.ts). Every connection the
 * pool makes is either handed out by {@link take} or closed: a spare whose offer fails or times
 * out, a spare replaced or discarded (even while its offer is still being made), a take that fails.
 */
export class PeerPool implements PeerPoolLike {
  private spare: Making | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly role: Role,
    private readonly iceServers: RTCIceServer[] | Promise<RTCIceServer[]>,
  ) {
    void dtlsCertificate(); // made now if the page's warm-up has not made it yet
  }

  /** Prepares a spare (sender: sending `stream`), replacing one that is stale or has other media. */
  warm(stream?: MediaStream): void {
    if (this.closed) return;
    this.discard();
    const making: Making = { dropped: false, ready: Promise.resolve(undefined) };
    making.ready = this.make(making, stream);
    this.spare = making;
    if (this.role === 'sender') {
      // Keep the offer fresh while nobody comes; only this page's connection, no signaling traffic.
      this.refreshTimer = setTimeout(() => this.warm(stream), warmOfferMaxAgeMs);
    }
  }

  /** Takes the spare (or makes a connection) bound to `events`; the sender's comes with its offer. */
  async take(events: PeerConnectionEvents, stream?: MediaStream): Promise<TakenPeer> {
    const pending = this.spare;
    this.spare = undefined;
    clearTimeout(this.refreshTimer);
    const spare = pending ? await pending.ready : undefined;
    let link = spare?.link;
    try {
      link ??= await this.create(stream);
      link.bind(events);
      if (this.role !== 'sender') return { link };
      if (stream) await link.replaceTracks(stream);
      const offer = link.localOffer ?? (await deadline(link.createOffer(), offerTimeoutMs));
      return { link, offer, complete: link.gatheringComplete };
    } catch (error) {
      link?.close();
      throw error;
    }
  }

  /** Closes the spare, if any. */
  discard(): void {
    clearTimeout(this.refreshTimer);
    const making = this.spare;
    this.spare = undefined;
    if (!making) return;
    making.dropped = true;
    making.link?.close();
  }

  /** Closes the pool and its spare. */
  close(): void {
    this.closed = true;
    this.discard();
  }

  /** A spare's connection and (sender) offer; closed and undefined when it fails, times out or is dropped meanwhile. */
  private async make(making: Making, stream?: MediaStream): Promise<Spare | undefined> {
    try {
      const link = await this.create(stream);
      making.link = link;
      if (!making.dropped && this.role === 'sender') await deadline(link.createOffer(), offerTimeoutMs);
      if (making.dropped) throw new Error('spare dropped');
      return { link, bornAt: performance.now() };
    } catch {
      making.link?.close();
      return undefined;
    }
  }

  private async create(stream?: MediaStream): Promise<PeerConnection> {
    const [iceServers, certificate] = await Promise.all([this.iceServers, dtlsCertificate()]);
    return new PeerConnection({
      iceServers,
      ...(stream ? { stream } : {}),
      ...(certificate ? { certificate } : {}),
    });
  }
}

/** `work`'s result, or a rejection once `limitMs` passed without one. */
async function deadline<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no offer within ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
