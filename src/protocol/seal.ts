/**
 * Sealing v2 envelopes for one session (format in wire.ts). Every message is numbered and
 * sealed under the room key; inside, it is either signed by the session's identity (hello,
 * here, busy, conn, byes, wills, the offer's header) or, for the admitted pair, sealed under the
 * pair key (answer, ice, eoc, and byes to the bound pair peer). The offer is both: a signed
 * header with its SDP under the pair key.
 */

import { toBase64Url } from './encoding';
import { signBytes } from './identity';
import type { Identity } from './identity';
import type { Role } from './link';
import { addressee, parseBody } from './messages';
import type { Body, PeerInfo } from './messages';
import type { PairBook } from './pairwise';
import { isValidId } from './room';
import {
  aeadSeal,
  aeadSealText,
  envelopeVersion,
  isPairwiseOnly,
  offerAad,
  padPlaintext,
  pairAad,
  roomAad,
  signedData,
} from './wire';

/** What a {@link Sealer} seals with. */
export interface SealerOptions {
  /** The room's AES-GCM key (`RoomKeys.key`). */
  key: CryptoKey;
  /** The room topic (bound into every layer). */
  topic: string;
  /** Who signs: the room's sender identity, or the viewer's device identity. */
  identity: Identity;
  /** This session's id. */
  session: string;
  /** This session's role. */
  role: Role;
  /** This session's pair keys (its bound pair peer). */
  pairs: PairBook;
  /** The id of the signaling connection in use (or about to be); see {@link Sealer.conn}. */
  conn: string;
}

/** Options of one {@link Sealer.seal} call. */
export interface SealOptions {
  /** A will: a bye without `to`, published by the server later; receivers check its connection, not its time. */
  will?: boolean;
  /** The connection id to name instead of {@link Sealer.conn} (a will sealed ahead for the next connection). */
  conn?: string;
}

/** Seals bodies for one session: numbers them, signs or pair-seals them, pads and encrypts them. */
export class Sealer {
  /**
   * The signaling connection id that signed messages name (wills count for the latest one
   * only). The glue sets a new one whenever the transport loses its connection, together with
   * a will naming it, before the next connection is made.
   */
  conn: string;
  private lastSeq = 0;

  /** Throws when the session or connection id is invalid. */
  constructor(private readonly options: SealerOptions) {
    if (!isValidId(options.session) || !isValidId(options.conn)) throw new Error('invalid session id');
    this.conn = options.conn;
  }

  /** The sequence number of the latest sealed envelope (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Seals `body` with the next sequence number, taken (with the pair peer and the connection)
   * when called, so envelopes are numbered in call order. Rejects on an invalid body or
   * connection id, a will that is not a broadcast bye, a pairwise body without a bound pair
   * peer, or a body too large for the largest envelope (bugs on our side: the peer would drop it).
   */
  seal(body: Body, now: number, options: SealOptions = {}): Promise<string> {
    const clean = parseBody(body);
    if (!clean) return Promise.reject(new Error(`invalid body: ${String((body as { t?: unknown }).t)}`));
    if (options.will && (clean.t !== 'bye' || clean.to !== undefined)) {
      return Promise.reject(new Error('a will must be a broadcast bye'));
    }
    if (!Number.isFinite(now) || now < 0) return Promise.reject(new Error('invalid time'));
    const to = addressee(clean);
    const pair = to === undefined ? undefined : this.options.pairs.peer(to);
    if (isPairwiseOnly(clean) && !pair) return Promise.reject(new Error(`no pair peer ${to}`));
    const conn = options.conn ?? this.conn;
    if (!isValidId(conn)) return Promise.reject(new Error('invalid connection id'));
    this.lastSeq += 1;
    const seq = this.lastSeq;
    const plain =
      pair && (isPairwiseOnly(clean) || clean.t === 'bye')
        ? this.pairwise(clean, pair, seq)
        : this.signed(clean, seq, conn, now, options.will === true);
    return plain.then((json) => this.outer(json));
  }

  /** The signed plaintext: `{k, m, g}`. */
  private async signed(body: Body, seq: number, conn: string, now: number, will: boolean): Promise<string> {
    const { identity, session, role, topic } = this.options;
    const b = body.t === 'offer' ? await this.offerBody(body) : body;
    const m = JSON.stringify({ f: session, r: role, s: seq, c: conn, ts: now, ...(will ? { w: 1 } : {}), b });
    const g = await signBytes(identity, signedData(topic, m));
    return JSON.stringify({ k: identity.publicKey, m, g });
  }

  /** An offer as signed: the SDP replaced by `x`, sealed under the pair key with the addressee. */
  private async offerBody(body: Extract<Body, { t: 'offer' }>): Promise<object> {
    const { pairs, session, topic } = this.options;
    const pair = pairs.peer(body.to);
    const key = pair ? await pairs.keyWith(pair) : null;
    if (!key) throw new Error(`no pair key for ${body.to}`);
    const x = await aeadSealText(key, offerAad(topic, session, body.to, body.o), body.sdp);
    return { t: 'offer', to: body.to, o: body.o, peer: body.peer, x };
  }

  /** The pairwise plaintext: `{f, d, r, to, s, x}`. */
  private async pairwise(body: Body, pair: PeerInfo, seq: number): Promise<string> {
    const { pairs, session, role, topic, identity } = this.options;
    const key = await pairs.keyWith(pair);
    if (!key) throw new Error(`no pair key for ${pair.session}`);
    const x = await aeadSealText(key, pairAad(topic, session, role, pair.session, seq), JSON.stringify(body));
    return JSON.stringify({ f: session, d: identity.id, r: role, to: pair.session, s: seq, x });
  }

  /** The outer layer: padded, sealed under the room key, versioned, base64url. */
  private async outer(json: string): Promise<string> {
    const padded = padPlaintext(json);
    if (!padded) throw new Error('message too large');
    const sealed = await aeadSeal(this.options.key, roomAad(this.options.topic), padded);
    const out = new Uint8Array(1 + sealed.length);
    out[0] = envelopeVersion;
    out.set(sealed, 1);
    return toBase64Url(out);
  }
}
