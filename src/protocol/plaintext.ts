/**
 * The plaintext of a v2 envelope, parsed and validated (not yet authenticated): plain objects
 * from JSON, and a signed message's fields (format in wire.ts). Null for anything invalid.
 */
import type { Role } from './link';
import { parseBody } from './messages';
import type { Body } from './messages';
import { isValidId } from './room';
import { isPairwiseOnly } from './wire';

/** A plain object's fields. */
export type Fields = Record<string, unknown>;

/** The value as a plain object, or null. */
export function asObject(x: unknown): Fields | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Fields) : null;
}

/** Parses JSON text into a plain object, or null. */
export function parseObject(text: string | null): Fields | null {
  if (text === null) return null;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/** True for a role name. */
export function isRole(x: unknown): x is Role {
  return x === 'sender' || x === 'viewer';
}

/** True for a sequence number: a safe integer ≥ 1. */
export function isSeq(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
}

/** A signed message's fields, validated but not yet verified. */
export interface Signed {
  from: string;
  role: Role;
  seq: number;
  conn: string;
  ts: number;
  will: boolean;
  /** The body; for an offer, with `sdp: ''` until its `x` is opened. */
  body: Body;
  /** An offer's sealed SDP. */
  x?: string;
}

/** Parses the signed JSON `m`; null when anything is invalid. */
export function parseSigned(m: string): Signed | null {
  const o = parseObject(m);
  if (!o) return null;
  const { f, r, s, c, ts, w } = o;
  if (!isValidId(f) || !isRole(r) || !isSeq(s) || !isValidId(c)) return null;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0 || (w !== undefined && w !== 1)) return null;
  const raw = asObject(o.b);
  let x: string | undefined;
  let body: Body | null;
  if (raw?.t === 'offer') {
    // The SDP is opened after the signature is verified; a placeholder passes the parser.
    if (typeof raw.x !== 'string') return null;
    x = raw.x;
    body = parseBody({ t: 'offer', to: raw.to, o: raw.o, peer: raw.peer, sdp: 'v=0' });
  } else {
    body = parseBody(raw);
  }
  if (!body || isPairwiseOnly(body)) return null;
  if (w === 1 && (body.t !== 'bye' || body.to !== undefined)) return null;
  if ((body.t === 'hello' || body.t === 'here' || body.t === 'offer') && body.peer.ek === undefined) return null;
  return { from: f, role: r, seq: s, conn: c, ts, will: w === 1, body, ...(x !== undefined ? { x } : {}) };
}
