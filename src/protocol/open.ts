/**
 * Opening v2 envelopes for one session (format in wire.ts). Every kind of bad input is dropped
 * and counted by reason, never thrown. Checks, cheapest first: the pre-check, the room key,
 * the plaintext's shape, self/addressee, the signer's role and identity claims, the broadcast
 * clock window, the replay window (per signer key and session), the will rules, and only then
 * the signature (or the pair key); a message failing the role or clock check is verified before it
 * counts as evidence for a hint (hint-evidence.ts). Directed messages need no clock: they are
 * addressed to a random session id made at page load, so nobody can have captured one earlier.
 */

import { fromBase64Url, utf8Decode } from './encoding';
import { HintEvidence } from './hint-evidence';
import { decodePublicKey, keyId, verifyBytes } from './identity';
import type { Role } from './link';
import { addressee, parseBody } from './messages';
import type { Body } from './messages';
import type { PairBook } from './pairwise';
import { PeerMemory, peerId } from './peer-memory';
import { type Fields, isRole, isSeq, parseObject, parseSigned } from './plaintext';
import { isValidId } from './room';
import type { DropReason, EnvelopeHeader, Opened } from './wire';
import {
  aeadOpen,
  aeadOpenBytes,
  dropReasons,
  isPairwiseOnly,
  maxEnvelopeChars,
  offerAad,
  pairAad,
  precheckEnvelope,
  roomAad,
  signedData,
} from './wire';

/** Options of an {@link Opener}. */
export interface OpenerOptions {
  /** The room's AES-GCM key. */
  key: CryptoKey;
  /** The room topic. */
  topic: string;
  /** This session's id (envelopes claiming it are dropped as 'self'). */
  session: string;
  /** This session's role. */
  role: Role;
  /** This session's pair keys. */
  pairs: PairBook;
  /**
   * Key id whose signature sender-role messages need: the sender passes its own (other tabs of
   * the room share it), a viewer the link's `k`. Absent (a link without `k`): the first sender
   * key accepted is pinned (trust on first use).
   */
  senderKey?: string;
  /** Broadcasts (hello, conn, bye without `to`) are accepted within this of the receiver's clock. Default 1 h. */
  broadcastSkewMs?: number;
  /** A will counts only if its connection was first heard at most this long ago. Default 24 h. */
  maxWillAgeMs?: number;
  /** Peers (key, session) whose replay windows are kept. Default 64. */
  maxTrackedPeers?: number;
  /** Sequence numbers remembered per peer; older ones are replays. Default 256. */
  replayWindow?: number;
}

/** Defaults of the optional {@link OpenerOptions}. */
export const openerDefaults = {
  broadcastSkewMs: 3_600_000,
  maxWillAgeMs: 86_400_000,
  maxTrackedPeers: 64,
  replayWindow: 256,
} as const;

/** The clock hint, kept with its evidence (hint-evidence.ts). */
export { type ClockStats, clockSuspect, clockSuspectFutureBroadcasts } from './hint-evidence';

/** Opens envelopes for one session: authenticates, validates, drops replays, stale broadcasts and spent wills. */
export class Opener {
  private readonly memory: PeerMemory;
  private readonly counts = Object.fromEntries(dropReasons.map((r) => [r, 0])) as Record<DropReason, number>;
  private readonly keyIds = new Map<string, Promise<string>>();
  /** The public keys of {@link keyIds} whose id is computed. */
  private readonly knownKeys = new Set<string>();
  private readonly skewMs: number;
  private readonly willAgeMs: number;
  private pinned: string | undefined;
  private openedCount = 0;
  private broadcasts = 0;
  /** Evidence for the wrong-key and clock hints: signed, no replays (see hint-evidence.ts). */
  readonly hints = new HintEvidence();
  private chain: Promise<unknown> = Promise.resolve();

  /** An opener for one session. */
  constructor(private readonly options: OpenerOptions) {
    this.pinned = options.senderKey;
    this.skewMs = options.broadcastSkewMs ?? openerDefaults.broadcastSkewMs;
    this.willAgeMs = options.maxWillAgeMs ?? openerDefaults.maxWillAgeMs;
    this.memory = new PeerMemory({
      window: options.replayWindow ?? openerDefaults.replayWindow,
      maxPeers: options.maxTrackedPeers ?? openerDefaults.maxTrackedPeers,
      keep: (id) => {
        const [key = '', session = ''] = id.split('|');
        return key === this.pinned || options.pairs.isBound(key, session);
      },
    });
  }

  /** Dropped envelopes so far, by reason. */
  get dropped(): Readonly<Record<DropReason, number>> {
    return this.counts;
  }

  /** Envelopes accepted so far. */
  get accepted(): number {
    return this.openedCount;
  }

  /** Broadcasts accepted so far (for {@link clockSuspect}). */
  get broadcastsAccepted(): number {
    return this.broadcasts;
  }

  /** How far (ms, sender's clock minus ours) the latest stale broadcast was off; undefined before any. */
  get lastStaleSkewMs(): number | undefined {
    return this.hints.lastStaleSkewMs;
  }

  /** The key id sender-role messages must be signed by: given, pinned on first use, or undefined before. */
  get senderKey(): string | undefined {
    return this.pinned;
  }

  /**
   * Opens one envelope that arrived at `receivedAt` (the glue's stamp on arrival, ms on our
   * clock); null (counted in `dropped`) when it must be ignored. Calls are handled one at a
   * time, in call order. Never throws.
   */
  open(data: string, receivedAt: number): Promise<Opened | null> {
    const result = this.chain.then(() => this.tryOpen(data, receivedAt).catch(() => this.drop('malformed')));
    this.chain = result;
    return result;
  }

  private async tryOpen(data: string, receivedAt: number): Promise<Opened | null> {
    if (!precheckEnvelope(data)) return this.drop('malformed');
    const bytes = fromBase64Url(data);
    if (!bytes) return this.drop('malformed');
    const plain = await aeadOpen(this.options.key, roomAad(this.options.topic), bytes.slice(1));
    if (!plain) return this.drop('auth');
    const o = parseObject(utf8Decode(plain));
    if (!o) return this.drop('invalid');
    if (typeof o.m === 'string') return this.openSigned(o, receivedAt);
    if (typeof o.x === 'string') return this.openPairwise(o);
    return this.drop('invalid');
  }

  private async openSigned(o: Fields, receivedAt: number): Promise<Opened | null> {
    const { k, m, g } = o;
    if (!decodePublicKey(k) || typeof m !== 'string' || m.length > maxEnvelopeChars) return this.drop('invalid');
    const signed = parseSigned(m);
    if (!signed) return this.drop('invalid');
    const { from, role, seq, conn, ts, will, body } = signed;
    if (from === this.options.session) return this.drop('self');
    const to = addressee(body);
    if (to !== undefined && to !== this.options.session) return this.drop('other');
    let verified: Promise<boolean> | undefined;
    const verify = () => (verified ??= verifyBytes(k as string, g as string, signedData(this.options.topic, m)));
    // An offer from a key not seen yet (a join's first) is on the join's critical path: its
    // signature check and its pair key start now, beside the key id's hash; their results count
    // only after the checks below, and a drop waits for them, so that the inbox still bounds the
    // crypto in flight. A key seen before (a replayed offer) has its checks first, as any message.
    const ahead = body.t === 'offer' && !this.keyKnown(k as string);
    let pairKey = ahead ? this.options.pairs.keyWith(body.peer) : undefined;
    if (ahead) void verify();
    const drop = async (reason: DropReason): Promise<null> => {
      await Promise.allSettled([verified, pairKey]);
      return this.drop(reason);
    };
    const key = await this.keyIdOf(k as string);
    if (
      (body.t === 'hello' || body.t === 'here' || body.t === 'offer') &&
      !(body.peer.device === key && body.peer.session === from)
    ) {
      return drop('forged');
    }
    const broadcast = to === undefined && !will;
    const stale = broadcast && !(Math.abs(ts - receivedAt) <= this.skewMs);
    const id = peerId(key, from);
    const replay = !will && this.memory.isReplay(id, seq);
    const untrusted = role === 'sender' && this.pinned !== undefined && key !== this.pinned;
    if (untrusted || stale) {
      const reason = untrusted ? 'untrusted' : 'stale';
      const fresh = !stale && !will;
      return drop(await this.hints.weigh({ reason, id, seq, fresh, skewMs: ts - receivedAt, replay, verify }));
    }
    if (replay) return drop('replay');
    if (will && !this.memory.acceptsWill(id, conn, receivedAt, this.willAgeMs)) return drop('will');
    // Past the checks: an offer's pair key is derived beside its signature check.
    if (body.t === 'offer') pairKey ??= this.options.pairs.keyWith(body.peer);
    if (!(await verify())) return drop('forged');
    let opened: Body = body;
    if (body.t === 'offer') {
      const sdp = await this.openOffer(body, from, signed.x, pairKey);
      if (sdp === null) return this.drop('auth');
      const full = parseBody({ ...body, sdp });
      if (!full) return this.drop('invalid');
      opened = full;
    }
    if (will) this.memory.takeWill(id);
    else this.memory.record(id, seq, conn, receivedAt);
    if (role === 'sender' && this.pinned === undefined) this.pinned = key;
    if (role === 'sender') this.hints.trustedSender();
    if (broadcast) this.broadcasts += 1;
    this.openedCount += 1;
    const header: EnvelopeHeader = { from, role, seq, key, ts, conn };
    if (will) header.will = true;
    return { header, body: opened };
  }

  /** An offer's SDP, opened with the pair key of the offering sender; null when it does not open. */
  private async openOffer(
    body: Extract<Body, { t: 'offer' }>,
    from: string,
    x: string | undefined,
    pairKeyAhead: Promise<CryptoKey | null> | undefined,
  ): Promise<string | null> {
    const pairKey = await (pairKeyAhead ?? this.options.pairs.keyWith(body.peer));
    if (!pairKey) return null;
    const plain = await aeadOpenBytes(pairKey, offerAad(this.options.topic, from, body.to, body.o), x);
    return plain ? utf8Decode(plain) : null;
  }

  private async openPairwise(o: Fields): Promise<Opened | null> {
    const { f, d, r, to, s, x } = o;
    if (!isValidId(f) || !isValidId(d) || !isRole(r) || !isValidId(to) || !isSeq(s)) return this.drop('invalid');
    if (f === this.options.session) return this.drop('self');
    if (to !== this.options.session) return this.drop('other');
    const pair = this.options.pairs.peer(f);
    if (!pair || pair.device !== d || r === this.options.role) return this.drop('nokey');
    const id = peerId(d, f);
    if (this.memory.isReplay(id, s)) return this.drop('replay');
    const pairKey = await this.options.pairs.keyWith(pair);
    if (!pairKey) return this.drop('nokey');
    const plain = await aeadOpenBytes(pairKey, pairAad(this.options.topic, f, r, to, s), x);
    if (!plain) return this.drop('auth');
    const body = parseBody(parseObject(utf8Decode(plain)));
    const pairwise = body && (isPairwiseOnly(body) || body.t === 'bye') && addressee(body) === to;
    if (!body || !pairwise) return this.drop('invalid');
    this.memory.record(id, s, undefined, 0);
    this.openedCount += 1;
    return { header: { from: f, role: r, seq: s, key: d, pairwise: true }, body };
  }

  /** The key id of a public key (cached, bounded). */
  private keyIdOf(publicKey: string): Promise<string> {
    let id = this.keyIds.get(publicKey);
    if (!id) {
      id = keyId(publicKey);
      this.keyIds.set(publicKey, id);
      void id.then(() => this.knownKeys.add(publicKey));
      if (this.keyIds.size > 64) {
        const oldest = this.keyIds.keys().next();
        if (!oldest.done) {
          this.keyIds.delete(oldest.value);
          this.knownKeys.delete(oldest.value);
        }
      }
    }
    return id;
  }

  /** Whether `publicKey`'s key id is at hand (a message under it was opened this far before). */
  private keyKnown(publicKey: string): boolean {
    return this.knownKeys.has(publicKey);
  }

  private drop(reason: DropReason): null {
    this.counts[reason] += 1;
    return null;
  }
}
