/**
 * The sealed envelope: every signaling message is JSON encrypted with AES-GCM-256 under the
 * room key, with a fresh 96-bit IV and the topic bound as additional data.
 *
 * Wire: base64url( 0x01 ‖ IV(12) ‖ ciphertext+tag ). Plaintext:
 * `{"f":from,"r":role,"s":seq,"ts":ts,"w"?:1,"b":body}`.
 * Whatever fails to open, repeats a (from, seq), or is too old is dropped and counted.
 */

import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from './encoding';
import type { Role } from './link';
import { parseBody } from './messages';
import type { Body } from './messages';
import { randomBytes, subtle } from './platform';
import type { AesGcmParams } from './platform';
import { ReplayGuard } from './replay';
import { isValidId } from './room';

/** Format version, the first byte of every envelope. */
export const envelopeVersion = 0x01;
/** AES-GCM IV length in bytes. */
export const ivBytes = 12;
/** AES-GCM tag length in bytes. */
export const tagBytes = 16;
/** Longest accepted envelope string, in characters; longer input is 'malformed'. */
export const maxEnvelopeChars = 65_536;

/** Cleartext header of an opened envelope (authenticated: it was inside the ciphertext). */
export interface EnvelopeHeader {
  /** Sender's session id. */
  from: string;
  /** Sender's role. */
  role: Role;
  /** Per-session sequence number, from 1. */
  seq: number;
  /** Sealing time, ms on the sender's clock. */
  ts: number;
  /** True for a will: sealed at connect time, published by the server when the client dies. */
  will?: boolean;
}

/** A successfully opened envelope. */
export interface Opened {
  /** Who sent it, when, in which role. */
  header: EnvelopeHeader;
  /** The validated body. */
  body: Body;
}

/** Why an envelope was dropped. */
export type DropReason = 'malformed' | 'auth' | 'invalid' | 'replay' | 'stale' | 'self';

/** Options for {@link Opener}. */
export interface OpenerOptions {
  /** Oldest accepted envelope age (now - ts), ms. Wills are exempt. Default 60 000. */
  maxAgeMs?: number;
  /** Furthest accepted clock lead (ts - now), ms. Wills are exempt. Default 60 000. */
  maxFutureMs?: number;
  /** Senders whose replay windows are kept; least recently seen evicted first. Default 64. */
  maxTrackedSenders?: number;
  /** Sequence numbers remembered per sender; older ones are replays. Default 256. */
  replayWindow?: number;
}

/** Defaults of {@link OpenerOptions}. */
export const openerDefaults: Readonly<Required<OpenerOptions>> = {
  maxAgeMs: 60_000,
  maxFutureMs: 60_000,
  maxTrackedSenders: 64,
  replayWindow: 256,
};

/** The additional data binding an envelope to its topic. */
function additionalData(topic: string): Uint8Array<ArrayBuffer> {
  return utf8Encode(`porthole/1|${topic}`);
}

/** AES-GCM parameters for one envelope. */
function gcm(iv: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): AesGcmParams {
  return { name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 };
}

/** Seals bodies for one session: numbers them, timestamps them, encrypts them. */
export class Sealer {
  private lastSeq = 0;
  private readonly aad: Uint8Array<ArrayBuffer>;

  /** `from` is this session's id; throws when it is not a valid id. */
  constructor(
    private readonly key: CryptoKey,
    topic: string,
    private readonly from: string,
    private readonly role: Role,
  ) {
    if (!isValidId(from)) throw new Error('invalid session id');
    this.aad = additionalData(topic);
  }

  /** The sequence number of the latest sealed envelope (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Seals `body` with the next sequence number. `will` marks an envelope meant to be published
   * later by the server (it must be a bye); receivers skip the age check for it. Throws on an
   * invalid body (a bug on our side: the peer would drop it).
   */
  async seal(body: Body, now: number, options: { will?: boolean } = {}): Promise<string> {
    const clean = parseBody(body);
    if (!clean) throw new Error(`invalid body: ${String((body as { t?: unknown }).t)}`);
    if (options.will && clean.t !== 'bye') throw new Error('a will must be a bye');
    if (!Number.isFinite(now) || now < 0) throw new Error('invalid time');
    this.lastSeq += 1;
    const plain = { f: this.from, r: this.role, s: this.lastSeq, ts: now, ...(options.will ? { w: 1 } : {}), b: clean };
    const iv = randomBytes(ivBytes);
    const sealed = await subtle().encrypt(gcm(iv, this.aad), this.key, utf8Encode(JSON.stringify(plain)));
    const out = new Uint8Array(1 + ivBytes + sealed.byteLength);
    out[0] = envelopeVersion;
    out.set(iv, 1);
    out.set(new Uint8Array(sealed), 1 + ivBytes);
    return toBase64Url(out);
  }
}

/** Outcome of decoding the plaintext: the opened envelope, or null when invalid. */
function parsePlain(bytes: Uint8Array): Opened | null {
  const text = utf8Decode(bytes);
  if (text === null) return null;
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  const { f, r, s, ts, w } = o;
  if (!isValidId(f) || (r !== 'sender' && r !== 'viewer')) return null;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) return null;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) return null;
  if (w !== undefined && w !== 1) return null;
  const body = parseBody(o.b);
  if (!body || (w === 1 && body.t !== 'bye')) return null;
  const header: EnvelopeHeader = { from: f, role: r, seq: s, ts };
  if (w === 1) header.will = true;
  return { header, body };
}

/** Opens envelopes for one session: authenticates, validates, drops replays and stale ones. */
export class Opener {
  private readonly options: Required<OpenerOptions>;
  private readonly aad: Uint8Array<ArrayBuffer>;
  private readonly replays: ReplayGuard;
  private readonly counts: Record<DropReason, number> = {
    malformed: 0,
    auth: 0,
    invalid: 0,
    replay: 0,
    stale: 0,
    self: 0,
  };
  private openedCount = 0;

  /** `self` is this session's id (our own envelopes echoed back are dropped as 'self'). */
  constructor(
    private readonly key: CryptoKey,
    topic: string,
    private readonly self: string,
    options: OpenerOptions = {},
  ) {
    this.options = { ...openerDefaults, ...options };
    this.aad = additionalData(topic);
    this.replays = new ReplayGuard({ window: this.options.replayWindow, maxSenders: this.options.maxTrackedSenders });
  }

  /** Dropped envelopes so far, by reason. */
  get dropped(): Readonly<Record<DropReason, number>> {
    return this.counts;
  }

  /** Envelopes accepted so far. */
  get accepted(): number {
    return this.openedCount;
  }

  /** Opens one envelope; null (counted in `dropped`) when it must be ignored. Never throws. */
  async open(data: string, now: number): Promise<Opened | null> {
    try {
      return await this.tryOpen(data, now);
    } catch {
      return this.drop('malformed');
    }
  }

  private async tryOpen(data: string, now: number): Promise<Opened | null> {
    if (typeof data !== 'string' || data.length > maxEnvelopeChars) return this.drop('malformed');
    const bytes = fromBase64Url(data);
    if (!bytes || bytes.length < 1 + ivBytes + tagBytes || bytes[0] !== envelopeVersion) return this.drop('malformed');
    const iv = bytes.slice(1, 1 + ivBytes);
    let plain: ArrayBuffer;
    try {
      plain = await subtle().decrypt(gcm(iv, this.aad), this.key, bytes.slice(1 + ivBytes));
    } catch {
      return this.drop('auth');
    }
    const opened = parsePlain(new Uint8Array(plain));
    if (!opened) return this.drop('invalid');
    const { from, seq, ts, will } = opened.header;
    if (from === this.self) return this.drop('self');
    const fresh = now - ts <= this.options.maxAgeMs && ts - now <= this.options.maxFutureMs; // false on NaN
    if (!will && !fresh) return this.drop('stale');
    // A will has no age limit, so it is only taken from a sender already heard from: wills of
    // sessions we never met (collectable by anyone on a public broker) could otherwise flood
    // the replay memory and push live senders out of it.
    if (will && !this.replays.has(from)) return this.drop('stale');
    if (this.replays.isReplay(from, seq, will)) return this.drop('replay');
    this.replays.record(from, seq, will);
    this.openedCount += 1;
    return opened;
  }

  private drop(reason: DropReason): null {
    this.counts[reason] += 1;
    return null;
  }
}
