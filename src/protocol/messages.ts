/**
 * Signaling message bodies (docs/ARCHITECTURE.md §4.1) and their strict parser. Everything that
 * arrives is checked field by field; parseBody returns a fresh object holding only known fields.
 */

import { decodePublicKey } from './identity';
import { isValidId } from './room';

/** Who a client is: its key id, per-page-load session id and key, join time on its own clock. */
export interface PeerInfo {
  /**
   * Device id: the key id of the identity that signs this client's messages (a viewer's device
   * key, a sender's room key). The opener checks it equals the signer's key id.
   */
  device: string;
  /** Session id (new on every page load); envelopes carry it as `from`. */
  session: string;
  /** Join time, ms on the peer's own clock; only compared between sessions of one device. */
  since: number;
  /**
   * This session's ephemeral ECDH P-256 public key (raw, base64url): the pair key's other half.
   * Optional in the type (a session knows its own only once made); the opener drops a hello,
   * here or offer without it.
   */
  ek?: string;
  /** Optional display name (≤ 64 chars, no control characters). */
  name?: string;
}

/** An ICE candidate as RTCIceCandidateInit carries it. */
export interface IceCandidateInit {
  /** The candidate line ('' is allowed: some browsers signal the end of a generation so). */
  candidate: string;
  /** Media stream id, or null. */
  sdpMid: string | null;
  /** Media line index, or null (not both null). */
  sdpMLineIndex: number | null;
  /** ICE ufrag, when given. */
  usernameFragment?: string | null;
}

/** A signaling message body. Messages with `to` are for that session only. */
export type Body =
  /** Join announcement (the role is in the envelope header). */
  | { t: 'hello'; peer: PeerInfo }
  /** Presence answer to a hello (`to` = that hello's session); viewer → sender it means "viewer ready". */
  | { t: 'here'; to: string; peer: PeerInfo }
  /** Refusal: your role is held by a live client. */
  | { t: 'busy'; to: string }
  /**
   * Sender → admitted viewer: the offer `o` (a number new for each offer of a sender session),
   * self-describing with the sender's PeerInfo; the SDP travels under the pair key.
   */
  | { t: 'offer'; to: string; o: number; sdp: string; peer: PeerInfo }
  /** Viewer → sender: the answer to offer `o` (pairwise). */
  | { t: 'answer'; to: string; o: number; sdp: string }
  /** A trickled ICE candidate of the connection of offer `o` (pairwise). */
  | { t: 'ice'; to: string; o: number; candidate: IceCandidateInit }
  /** End of candidates of the connection of offer `o` (pairwise). */
  | { t: 'eoc'; to: string; o: number }
  /** Departure: 'left' (pagehide), 'lost' (a will: the client died), 'retired' (sender → `to`). */
  | { t: 'bye'; reason: ByeReason; to?: string }
  /** "I am on a new signaling connection" (after a transport reconnect; the header names it). */
  | { t: 'conn' };

/** Why a client says bye. */
export type ByeReason = 'left' | 'lost' | 'retired';

/** The `t` of every body. */
export type BodyType = Body['t'];

/** Longest accepted SDP, in characters (an offer must fit the largest padded envelope). */
export const maxSdpChars = 16_384;
/** Longest accepted ICE candidate line, in characters. */
export const maxCandidateChars = 1024;
/** Longest accepted display name, in characters. */
export const maxNameChars = 64;
/** Longest accepted sdpMid / usernameFragment, in characters. */
export const maxIceTokenChars = 256;

// C0/C1 controls, DEL, and bidi overrides/isolates (which can disguise a displayed name).
const controlChars = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

type Fields = Record<string, unknown>;

/** The value as a plain object, or null. */
function asObject(x: unknown): Fields | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Fields) : null;
}

/**
 * Makes a user-entered display name safe to send: control and bidi characters removed,
 * whitespace trimmed, cut to {@link maxNameChars} without splitting a character; undefined if
 * nothing is left. (parseBody rejects names that break these rules, and Sealer refuses them.)
 */
export function cleanName(name: string): string | undefined {
  const chars = Array.from(name.replace(new RegExp(controlChars.source, 'g'), '').trim());
  let out = '';
  for (const c of chars) {
    if (out.length + c.length > maxNameChars) break;
    out += c;
  }
  out = out.trim();
  return out === '' ? undefined : out;
}

/** Validates a PeerInfo; a fresh copy or null. */
export function parsePeerInfo(x: unknown): PeerInfo | null {
  const o = asObject(x);
  if (!o || !isValidId(o.device) || !isValidId(o.session)) return null;
  const since = o.since;
  if (typeof since !== 'number' || !Number.isFinite(since) || since < 0) return null;
  const peer: PeerInfo = { device: o.device, session: o.session, since };
  if (o.ek !== undefined) {
    if (!decodePublicKey(o.ek)) return null;
    peer.ek = o.ek as string;
  }
  if (o.name !== undefined) {
    if (typeof o.name !== 'string' || o.name.length > maxNameChars || controlChars.test(o.name)) return null;
    peer.name = o.name;
  }
  return peer;
}

/** Validates an ICE candidate; a fresh copy or null. */
function parseCandidate(x: unknown): IceCandidateInit | null {
  const o = asObject(x);
  if (!o || typeof o.candidate !== 'string' || o.candidate.length > maxCandidateChars) return null;
  const mid = o.sdpMid;
  const index = o.sdpMLineIndex;
  if (mid !== null && (typeof mid !== 'string' || mid.length > maxIceTokenChars)) return null;
  if (index !== null && (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 65535)) {
    return null;
  }
  if (mid === null && index === null) return null;
  const out: IceCandidateInit = { candidate: o.candidate, sdpMid: mid, sdpMLineIndex: index };
  const ufrag = o.usernameFragment;
  if (ufrag !== undefined) {
    if (ufrag !== null && (typeof ufrag !== 'string' || ufrag.length > maxIceTokenChars)) return null;
    out.usernameFragment = ufrag;
  }
  return out;
}

/** True for an SDP string we are willing to hand to the browser. */
function isSdp(x: unknown): x is string {
  return typeof x === 'string' && x.length <= maxSdpChars && x.startsWith('v=0');
}

/** True for an offer id: a safe integer ≥ 1. */
export function isOfferId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
}

/** Validates an untrusted body; a fresh object with only known fields, or null. */
export function parseBody(x: unknown): Body | null {
  const o = asObject(x);
  if (!o) return null;
  const to = o.to;
  const id = o.o;
  switch (o.t) {
    case 'hello': {
      const peer = parsePeerInfo(o.peer);
      return peer ? { t: 'hello', peer } : null;
    }
    case 'here': {
      const peer = parsePeerInfo(o.peer);
      return peer && isValidId(to) ? { t: 'here', to, peer } : null;
    }
    case 'busy':
      return isValidId(to) ? { t: 'busy', to } : null;
    case 'offer': {
      const peer = parsePeerInfo(o.peer);
      return peer && isValidId(to) && isOfferId(id) && isSdp(o.sdp)
        ? { t: 'offer', to, o: id, sdp: o.sdp, peer }
        : null;
    }
    case 'answer':
      return isValidId(to) && isOfferId(id) && isSdp(o.sdp) ? { t: 'answer', to, o: id, sdp: o.sdp } : null;
    case 'ice': {
      const candidate = parseCandidate(o.candidate);
      return candidate && isValidId(to) && isOfferId(id) ? { t: 'ice', to, o: id, candidate } : null;
    }
    case 'eoc':
      return isValidId(to) && isOfferId(id) ? { t: 'eoc', to, o: id } : null;
    case 'conn':
      return { t: 'conn' };
    case 'bye': {
      const reason = o.reason;
      if (reason !== 'left' && reason !== 'lost' && reason !== 'retired') return null;
      if (to === undefined) return { t: 'bye', reason };
      return isValidId(to) ? { t: 'bye', reason, to } : null;
    }
    default:
      return null;
  }
}

/** The session a body is addressed to, or undefined for broadcasts (hello, conn, bye without `to`). */
export function addressee(body: Body): string | undefined {
  return body.t === 'hello' || body.t === 'conn' ? undefined : body.to;
}
