/**
 * The crypto of the v2 handshake, timed where it runs: `npm run bench:crypto` runs this module in
 * Node and, bundled, in Chromium. ECDSA P-256 and (where the platform has it) Ed25519 sign and
 * verify, the session's ECDH key, a pair key (import the peer's key, ECDH, HKDF), and envelopes
 * sealed and opened by the app's own src/protocol code. Figures are ms per operation, measured
 * one after another (as a join does them), after a warm-up: the median of batches.
 */
import {
  generateIdentityKeyPair,
  type Identity,
  identityFromKeyPair,
  signBytes,
  verifyBytes,
} from '../src/protocol/identity';
import type { PeerInfo } from '../src/protocol/messages';
import { Opener } from '../src/protocol/open';
import { generateSessionKey, PairBook, type SessionKey } from '../src/protocol/pairwise';
import { deriveRoomKeys, newId, newRoomSecret, type RoomKeys } from '../src/protocol/room';
import { Sealer } from '../src/protocol/seal';

/** One operation's cost. */
export interface CryptoFigure {
  /** What was timed. */
  name: string;
  /** ms per operation (median batch); null when the platform lacks it. */
  ms: number | null;
}

/** Runs timed per operation (after `warmUpRuns` untimed ones), in batches of `batchRuns`. */
export const defaultCryptoRuns = 400;
const warmUpRuns = 10;
/**
 * Operations per timed batch: enough for the page's coarse clock (Chromium rounds
 * performance.now() to 0.1 ms without cross-origin isolation); the median batch is kept, so a
 * batch the busy machine preempted does not count.
 */
const batchRuns = 20;

/** A typical SDP offer's size (5 KB), for the offer figure. */
const offerSdpChars = 5000;

/** ms per call of `fn`, called one after another: the median over batches of `batchRuns` calls, after a warm-up. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmUpRuns; i += 1) await fn();
  const batches: number[] = [];
  for (let b = 0; b < Math.max(1, Math.round(runs / batchRuns)); b += 1) {
    const start = performance.now();
    for (let i = 0; i < batchRuns; i += 1) await fn();
    batches.push((performance.now() - start) / batchRuns);
  }
  batches.sort((x, y) => x - y);
  return batches[Math.floor(batches.length / 2)]!;
}

/** One side of the room: identity, session key, pair book, sealer and opener, as a RoomSession makes them. */
interface Side {
  self: PeerInfo;
  identity: Identity;
  own: SessionKey;
  pairs: PairBook;
  sealer: Sealer;
  opener: Opener;
}

async function side(room: RoomKeys, role: 'sender' | 'viewer', senderKey?: string): Promise<Side> {
  const identity = await identityFromKeyPair(await generateIdentityKeyPair());
  const own = await generateSessionKey();
  const session = newId();
  const pairs = new PairBook({ own, session, role, pairSalt: room.pairSalt });
  const self: PeerInfo = { device: identity.id, session, since: Date.now(), ek: own.publicKey };
  const sealer = new Sealer({ key: room.key, topic: room.topic, identity, session, role, pairs, conn: newId() });
  const opener = new Opener({
    key: room.key,
    topic: room.topic,
    session,
    role,
    pairs,
    senderKey: senderKey ?? identity.id,
  });
  return { self, identity, own, pairs, sealer, opener };
}

/** Ed25519 sign and verify costs, or nulls when the platform has no Ed25519. */
async function ed25519(runs: number, data: Uint8Array<ArrayBuffer>): Promise<[number | null, number | null]> {
  let pair: CryptoKeyPair;
  try {
    pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  } catch {
    return [null, null];
  }
  const signature = await crypto.subtle.sign('Ed25519', pair.privateKey, data);
  return [
    await time(runs, () => crypto.subtle.sign('Ed25519', pair.privateKey, data)),
    await time(runs, () => crypto.subtle.verify('Ed25519', pair.publicKey, signature, data)),
  ];
}

/** Times every operation; each figure is ms per operation. */
export async function measureCrypto(runs = defaultCryptoRuns): Promise<CryptoFigure[]> {
  const room = await deriveRoomKeys(newRoomSecret());
  const sender = await side(room, 'sender');
  const viewer = await side(room, 'viewer', sender.identity.id);
  // A signed hello's message is ~300 bytes.
  const data = new TextEncoder().encode('x'.repeat(300));
  const signature = await signBytes(sender.identity, data);
  const [edSign, edVerify] = await ed25519(runs, data);
  const now = Date.now();
  const hello = async (): Promise<void> => {
    const sealed = await sender.sealer.seal({ t: 'hello', peer: sender.self }, now);
    if (!(await viewer.opener.open(sealed, now))) throw new Error('hello did not open');
  };
  sender.pairs.bind(viewer.self);
  viewer.pairs.bind(sender.self);
  const candidate = {
    candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
  };
  const ice = async (): Promise<void> => {
    const sealed = await sender.sealer.seal({ t: 'ice', to: viewer.self.session, o: 1, candidate }, now);
    if (!(await viewer.opener.open(sealed, now))) throw new Error('candidate did not open');
  };
  const sdp = `v=0\r\n${'a=x\r\n'.repeat(offerSdpChars / 5)}`;
  let o = 0;
  const offer = async (): Promise<void> => {
    o += 1;
    const body = { t: 'offer' as const, to: viewer.self.session, o, sdp, peer: sender.self };
    if (!(await viewer.opener.open(await sender.sealer.seal(body, now), now))) throw new Error('offer did not open');
  };
  return [
    { name: 'ECDSA P-256 key pair', ms: await time(runs, generateIdentityKeyPair) },
    { name: 'ECDSA P-256 sign', ms: await time(runs, () => signBytes(sender.identity, data)) },
    { name: 'ECDSA P-256 verify', ms: await time(runs, () => verifyBytes(sender.identity.publicKey, signature, data)) },
    { name: 'Ed25519 sign', ms: edSign },
    { name: 'Ed25519 verify', ms: edVerify },
    { name: 'ECDH P-256 session key', ms: await time(runs, generateSessionKey) },
    {
      name: 'pair key (import + ECDH + HKDF)',
      ms: await time(runs, () =>
        new PairBook({
          own: sender.own,
          session: sender.self.session,
          role: 'sender',
          pairSalt: room.pairSalt,
        }).keyWith(viewer.self),
      ),
    },
    { name: 'signed hello seal + open', ms: await time(runs, hello) },
    { name: 'pairwise candidate seal + open', ms: await time(runs, ice) },
    { name: '5 KB offer seal + open', ms: await time(runs, offer) },
  ];
}
