/** Fixtures for the v2 envelope: rooms and parties (identity, session key, pair book, sealer, opener). */
import { generateIdentityKeyPair, identityFromKeyPair } from '../../src/protocol/identity';
import type { Identity } from '../../src/protocol/identity';
import type { Role } from '../../src/protocol/link';
import type { PeerInfo } from '../../src/protocol/messages';
import { Opener } from '../../src/protocol/open';
import type { OpenerOptions } from '../../src/protocol/open';
import { PairBook, generateSessionKey } from '../../src/protocol/pairwise';
import { deriveRoomKeys, newId } from '../../src/protocol/room';
import type { RoomKeys } from '../../src/protocol/room';
import { Sealer } from '../../src/protocol/seal';

/** The fixed room of these tests. */
export const testSecret = 'AAECAwQFBgcICQoLDA0ODw';

/** A new identity. */
export async function newIdentity(): Promise<Identity> {
  return identityFromKeyPair(await generateIdentityKeyPair());
}

/** One client of a room: who it is and its sealing machinery. */
export interface Party {
  role: Role;
  identity: Identity;
  self: PeerInfo;
  pairs: PairBook;
  sealer: Sealer;
  opener: Opener;
}

/** Options of {@link party}. */
export interface PartyOptions {
  /** Sign with this identity (default: a new one). */
  identity?: Identity;
  /** The session id (default: new). */
  session?: string;
  /** Join time (default 1000). */
  since?: number;
  /** Opener options (senderKey, windows…). */
  opener?: Partial<OpenerOptions>;
}

/** A client of `room` in `role`. */
export async function party(room: RoomKeys, role: Role, options: PartyOptions = {}): Promise<Party> {
  const identity = options.identity ?? (await newIdentity());
  const session = options.session ?? newId();
  const own = await generateSessionKey();
  const pairs = new PairBook({ own, session, role, pairSalt: room.pairSalt });
  const self: PeerInfo = { device: identity.id, session, since: options.since ?? 1000, ek: own.publicKey };
  const sealer = new Sealer({ key: room.key, topic: room.topic, identity, session, role, pairs, conn: newId() });
  const opener = new Opener({ key: room.key, topic: room.topic, session, role, pairs, ...options.opener });
  return { role, identity, self, pairs, sealer, opener };
}

/** The test room. */
export function testRoom(): Promise<RoomKeys> {
  return deriveRoomKeys(testSecret);
}

/** Binds each party as the other's pair peer (what the glue does on open-peer). */
export function pair(a: Party, b: Party): void {
  a.pairs.bind(b.self);
  b.pairs.bind(a.self);
}

/** Accepted + dropped, all reasons. */
export function total(o: Opener): number {
  return o.accepted + Object.values(o.dropped).reduce((x, y) => x + y, 0);
}
