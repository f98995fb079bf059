/**
 * Pairwise secrecy: each session has an ephemeral ECDH P-256 key whose public half (`ek`) rides
 * in its signed PeerInfo. Once the sender admits a viewer, the pair's messages (the offer's SDP,
 * the answer, ICE candidates, end of candidates, directed byes) are sealed under a key only
 * those two sessions can compute: HKDF-SHA256(ECDH(own ek, peer ek), salt = the room's pair
 * salt, info = "porthole pair|" + sender session + "|" + viewer session), used with AES-GCM.
 * Another holder of the room link, refused as busy, cannot read them.
 */

import { decodePublicKey } from './identity';
import type { Role } from './link';
import type { PeerInfo } from './messages';
import { subtle } from './platform';
import type { EcParams } from './platform';
import { toBase64Url, utf8Encode } from './encoding';

/** A session's ephemeral ECDH key: the private half (non-extractable) and the public one, base64url. */
export interface SessionKey {
  /** For deriving pair keys only; never extractable. */
  privateKey: CryptoKey;
  /** Raw uncompressed P-256 point, base64url (87 chars): PeerInfo.ek. */
  publicKey: string;
}

/** Peers whose pair keys are cached at once; the oldest is forgotten first. */
export const maxCachedPairKeys = 8;
/** Pair peers bound at once (the current one and a few before it). */
export const maxBoundPairs = 4;

const ecdh: EcParams = { name: 'ECDH', namedCurve: 'P-256' };

/** A new ephemeral ECDH P-256 key for one session (page load). */
export async function generateSessionKey(): Promise<SessionKey> {
  const pair = await subtle().generateKey(ecdh, false, ['deriveBits']);
  const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64Url(raw) };
}

/** Options of a {@link PairBook}. */
export interface PairBookOptions {
  /** This session's ephemeral key. */
  own: SessionKey;
  /** This session's id. */
  session: string;
  /** This session's role: the info string names the sender's session first. */
  role: Role;
  /** The room's pair salt (`RoomKeys.pairSalt`). */
  pairSalt: Uint8Array<ArrayBuffer>;
}

/**
 * The pair keys of one session. The glue binds the peer its machine chose (open-peer: the
 * sender's admitted viewer, the viewer's sender); pairwise messages are sealed to and opened
 * from bound peers only. An offer's SDP is opened with {@link PairBook.keyWith} before binding.
 */
export class PairBook {
  private readonly keys = new Map<string, Promise<CryptoKey | null>>();
  private readonly bound = new Map<string, PeerInfo>();

  /** A book for one session. */
  constructor(private readonly options: PairBookOptions) {}

  /** This session's ECDH public key (PeerInfo.ek). */
  get publicKey(): string {
    return this.options.own.publicKey;
  }

  /**
   * Binds `peer` as a pair peer (the latest binding of its session wins; a few are kept). Its pair
   * key is derived from now on, so the first message sealed to it (the sender's offer) need not wait.
   */
  bind(peer: PeerInfo): void {
    void this.keyWith(peer);
    this.bound.delete(peer.session);
    this.bound.set(peer.session, { ...peer });
    while (this.bound.size > maxBoundPairs) {
      const oldest = this.bound.keys().next();
      if (oldest.done) break;
      this.bound.delete(oldest.value);
    }
  }

  /** The bound pair peer with session id `session`, if any. */
  peer(session: string): PeerInfo | undefined {
    return this.bound.get(session);
  }

  /** True when (`device`, `session`) is a bound pair peer. */
  isBound(device: string, session: string): boolean {
    return this.bound.get(session)?.device === device;
  }

  /** The pair key with `peer` (cached); null when its `ek` is missing or not a valid P-256 point. Never throws. */
  keyWith(peer: PeerInfo): Promise<CryptoKey | null> {
    const id = `${peer.device}|${peer.session}|${peer.ek ?? ''}`;
    const cached = this.keys.get(id);
    if (cached) return cached;
    const key = this.derive(peer).catch(() => null);
    this.keys.set(id, key);
    while (this.keys.size > maxCachedPairKeys) {
      const oldest = this.keys.keys().next();
      if (oldest.done) break;
      this.keys.delete(oldest.value);
    }
    return key;
  }

  private async derive(peer: PeerInfo): Promise<CryptoKey | null> {
    const raw = decodePublicKey(peer.ek);
    if (!raw) return null;
    const crypto = subtle();
    const theirs = await crypto.importKey('raw', raw, ecdh, true, []);
    const shared = await crypto.deriveBits({ name: 'ECDH', public: theirs }, this.options.own.privateKey, 256);
    const master = await crypto.importKey('raw', new Uint8Array(shared), 'HKDF', false, ['deriveKey']);
    const [senderSession, viewerSession] =
      this.options.role === 'sender' ? [this.options.session, peer.session] : [peer.session, this.options.session];
    const info = utf8Encode(`porthole pair|${senderSession}|${viewerSession}`);
    return crypto.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: this.options.pairSalt, info },
      master,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  }
}
