import type { Role } from '../protocol/link';
import { PeerConnection, type PeerConnectionEvents, type PeerConnectionLike } from './peer-connection';

/** A warmed sender offer older than this is replaced: server-reflexive NAT mappings age. */
export const warmOfferMaxAgeMs = 30_000;

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

/**
 * Keeps one peer connection ready before anyone asks: the sender's with its camera tracks, an
 * offer set and candidates gathered; the viewer's with its DTLS certificate made. Taking it saves
 * the connection setup, the offer and the candidate trickle from the join's critical path.
 * One DTLS certificate is made per pool and shared by its connections.
 */
export class PeerPool implements PeerPoolLike {
  private spare: Promise<Spare | undefined> | undefined;
  private readonly certificate: Promise<RTCCertificate | undefined>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly role: Role,
    private readonly iceServers: RTCIceServer[] | Promise<RTCIceServer[]>,
  ) {
    this.certificate = RTCPeerConnection.generateCertificate({
      name: 'ECDSA',
      namedCurve: 'P-256',
    } as EcKeyGenParams).catch(() => undefined);
  }

  /** Prepares a spare (sender: sending `stream`), replacing one that is stale or has other media. */
  warm(stream?: MediaStream): void {
    if (this.closed) return;
    this.discard();
    const spare = this.create(stream).then(async (link) => {
      if (this.role === 'sender') await link.createOffer();
      return { link, bornAt: performance.now() };
    });
    this.spare = spare.catch(() => undefined);
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
    const spare = pending ? await pending : undefined;
    const link = spare?.link ?? (await this.create(stream));
    link.bind(events);
    if (this.role !== 'sender') return { link };
    if (stream) await link.replaceTracks(stream);
    const offer = link.localOffer ?? (await link.createOffer());
    return { link, offer, complete: link.gatheringComplete };
  }

  /** Closes the spare, if any. */
  discard(): void {
    clearTimeout(this.refreshTimer);
    const pending = this.spare;
    this.spare = undefined;
    void pending?.then((spare) => spare?.link.close());
  }

  /** Closes the pool and its spare. */
  close(): void {
    this.closed = true;
    this.discard();
  }

  private async create(stream?: MediaStream): Promise<PeerConnection> {
    const [iceServers, certificate] = await Promise.all([this.iceServers, this.certificate]);
    return new PeerConnection({
      iceServers,
      ...(stream ? { stream } : {}),
      ...(certificate ? { certificate } : {}),
    });
  }
}
