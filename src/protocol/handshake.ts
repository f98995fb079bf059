/**
 * One side's part in the handshake of one offer, pure: what it sent (its description, its
 * candidates, its end of candidates) so it can send all of it again until the connection is up,
 * and what it applied of the other side's, so that repeats are ignored. Signaling may lose,
 * repeat and reorder any message; re-sends are sealed like any message (a new sequence number
 * each), so replay windows never drop them, and receivers make them harmless (the same offer id
 * and the same candidate apply once).
 */

import type { Body, IceCandidateInit } from './messages';

/** Re-sends of one offer's messages wait 2 s, 2 s, then 3 s each (ticks come every second). */
export const resendScheduleMs: readonly number[] = [2000, 2000, 3000];
/** Most local candidates kept (and re-sent) per offer; more are sent once only. */
export const maxLocalCandidates = 16;
/** Most remote candidates applied per offer; more are ignored (a pair peer cannot grow our state). */
export const maxRemoteCandidates = 64;

/** The handshake of the offer `o`, seen from one side. */
export interface Handshake {
  /** The offer id. */
  o: number;
  /** My description for it (sender: the offer; viewer: the answer), once the glue made it. */
  sdp?: string;
  /** My candidates so far, in the order gathered (at most {@link maxLocalCandidates}). */
  local: IceCandidateInit[];
  /** True once my candidates are complete. */
  localEnd: boolean;
  /** While not connected: when to send everything again (absent: no description yet, or connected). */
  resendAt?: number;
  /** Re-sends so far (the wait grows with it). */
  resends: number;
  /** Sender: when a viewer's hello last triggered a re-send (bounded, see hello-guard.ts). */
  helloResentAt?: number;
  /** Sender: re-sends a viewer's hello triggered (bounded, see hello-guard.ts). */
  helloResends?: number;
  /** The remote candidates applied (keys), to ignore repeats. */
  remote: string[];
  /** True once the remote's end of candidates was applied. */
  remoteEnd: boolean;
  /** Sender: the viewer's answer was applied (later copies are ignored, the offer is not re-sent). */
  answered: boolean;
}

/** The wait before re-send number `n` + 1 (n = re-sends so far). */
export function resendDelayMs(n: number): number {
  return resendScheduleMs[Math.min(n, resendScheduleMs.length - 1)]!;
}

/** A fresh handshake for offer `o`. */
export function newHandshake(o: number): Handshake {
  return { o, local: [], localEnd: false, resends: 0, remote: [], remoteEnd: false, answered: false };
}

/** My description is made: keep it and schedule the first re-send. Unchanged if one was made already. */
export function withLocalSdp(h: Handshake, sdp: string, now: number): Handshake {
  if (h.sdp !== undefined) return h;
  return { ...h, sdp, resends: 0, resendAt: now + resendDelayMs(0) };
}

/** A local candidate (`null`: end of candidates) is kept for re-sending; unchanged when it adds nothing. */
export function withLocalCandidate(h: Handshake, candidate: IceCandidateInit | null): Handshake {
  if (candidate === null) return h.localEnd ? h : { ...h, localEnd: true };
  if (h.local.length >= maxLocalCandidates) return h;
  return { ...h, local: [...h.local, candidate] };
}

/** The pairwise ice (or, for `null`, eoc) body of offer `h.o` for session `to`. */
export function iceBody(h: Handshake, to: string, candidate: IceCandidateInit | null): Body {
  return candidate ? { t: 'ice', to, o: h.o, candidate } : { t: 'eoc', to, o: h.o };
}

/** Every candidate I have for `to`, then eoc if my candidates are complete. */
export function localIceBodies(h: Handshake, to: string): Body[] {
  const bodies = h.local.map((c) => iceBody(h, to, c));
  if (h.localEnd) bodies.push(iceBody(h, to, null));
  return bodies;
}

/** True when a re-send is due at `now`. */
export function resendDue(h: Handshake | undefined, now: number): h is Handshake {
  return h?.resendAt !== undefined && now >= h.resendAt;
}

/** After a re-send at `now`: counted, the next one scheduled. */
export function resent(h: Handshake, now: number): Handshake {
  const resends = h.resends + 1;
  return { ...h, resends, resendAt: now + resendDelayMs(resends) };
}

/** The connection is up: nothing more to re-send. */
export function settled(h: Handshake | undefined): Handshake | undefined {
  if (h?.resendAt === undefined) return h;
  const next = { ...h };
  delete next.resendAt;
  return next;
}

/** A remote candidate to apply: the handshake that remembers it, or undefined for a repeat (or one too many). */
export function takeRemoteCandidate(h: Handshake, candidate: IceCandidateInit): Handshake | undefined {
  const key = candidateKey(candidate);
  if (h.remote.includes(key) || h.remote.length >= maxRemoteCandidates) return undefined;
  return { ...h, remote: [...h.remote, key] };
}

/** The remote's end of candidates: the handshake that remembers it, or undefined for a repeat. */
export function takeRemoteEnd(h: Handshake): Handshake | undefined {
  return h.remoteEnd ? undefined : { ...h, remoteEnd: true };
}

/** What makes two candidates the same one. */
function candidateKey(c: IceCandidateInit): string {
  return JSON.stringify([c.candidate, c.sdpMid, c.sdpMLineIndex, c.usernameFragment ?? null]);
}

/** A report of the glue about my side of the handshake (`local-sdp` or `local-candidate`). */
export type LocalReport =
  | { type: 'local-sdp'; sdp: string; now: number }
  | { type: 'local-candidate'; candidate: IceCandidateInit | null };

/**
 * Takes a report of the glue: the handshake that keeps it, and what to send now (with a new
 * description: `all` of it; a candidate once the description is out: that candidate). Undefined
 * when the report changes nothing (a second description, a repeated end of candidates).
 */
export function takeLocal(
  h: Handshake,
  report: LocalReport,
  to: string,
  all: (h: Handshake) => Body[],
): { handshake: Handshake; bodies: Body[] } | undefined {
  if (report.type === 'local-sdp') {
    const handshake = withLocalSdp(h, report.sdp, report.now);
    return handshake === h ? undefined : { handshake, bodies: all(handshake) };
  }
  if (report.candidate === null && h.localEnd) return undefined;
  const handshake = withLocalCandidate(h, report.candidate);
  return { handshake, bodies: h.sdp === undefined ? [] : [iceBody(h, to, report.candidate)] };
}

/** A remote ice or eoc of offer `h.o`: the handshake that remembers it, or undefined for a repeat. */
export function takeRemote(
  h: Handshake,
  body: { t: 'ice'; candidate: IceCandidateInit } | { t: 'eoc' },
): Handshake | undefined {
  return body.t === 'ice' ? takeRemoteCandidate(h, body.candidate) : takeRemoteEnd(h);
}
