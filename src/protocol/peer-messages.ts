/**
 * Application messages carried over the peer-to-peer data channel (chat, pause, device info)
 * and their strict parser. The peer is authenticated by DTLS but still untrusted input: every
 * field is checked, and parsePeerMessage returns a fresh object holding only known fields.
 */

import { maxNameChars } from './messages';

/** A data-channel application message. */
export type PeerMessage =
  /** A chat line; `at` is ms since the epoch on the writer's clock. */
  | { t: 'chat'; text: string; at: number }
  /** The sender paused (or resumed) its camera; `reason` 'phone' = the page went to the background (absent = the person). */
  | { t: 'pause'; paused: boolean; reason?: 'phone' }
  /** The peer's display name ('' = none). */
  | { t: 'info'; name: string }
  /** Sender → its viewer: the sender ended this room's link ("New link"); the connection closes next. */
  | { t: 'retired' };

/** Who paused the sender's camera: the person (the pause button) or the phone (the page went to the background). */
export type PauseReason = 'person' | 'phone';

/** The `t` of every peer message. */
export type PeerMessageType = PeerMessage['t'];

/** Longest chat message, in UTF-16 code units (what an input's `maxlength` counts). */
export const maxChatChars = 500;

/** Longest peer display name, in UTF-16 code units (the signaling limit). */
export const maxPeerNameChars = maxNameChars;

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides/isolates (which can
// make a line display as something other than what was written).
const chatControlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Every control character, tab and newline included: names are one line.
const nameControlChars = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

type Fields = Record<string, unknown>;

/** The value as a plain object, or null. */
function asObject(x: unknown): Fields | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Fields) : null;
}

/** True for a usable timestamp: a finite number ≥ 0. */
function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Chat text as it is shown and sent: control characters (except newline and tab) removed, trimmed. */
export function cleanChatText(text: string): string {
  return text.replace(chatControlChars, '').trim();
}

/** Why a chat text cannot be sent, or null when it can (the UI's hint). */
export function chatTextProblem(text: string): 'empty' | 'too-long' | null {
  const clean = cleanChatText(text);
  if (clean === '') return 'empty';
  return clean.length > maxChatChars ? 'too-long' : null;
}

/** An outgoing chat message written at `now` (ms), or null when the text is empty or too long. */
export function chatMessage(text: string, now: number): PeerMessage | null {
  if (typeof text !== 'string' || !isTime(now) || chatTextProblem(text) !== null) return null;
  return { t: 'chat', text: cleanChatText(text), at: now };
}

/** An outgoing pause message; `reason` 'phone' when the page went to the background. */
export function pauseMessage(paused: boolean, reason: PauseReason = 'person'): PeerMessage {
  return reason === 'phone' ? { t: 'pause', paused, reason } : { t: 'pause', paused };
}

/** Who paused, from a parsed pause message (no reason = the person). */
export function pauseReason(message: { reason?: 'phone' }): PauseReason {
  return message.reason === 'phone' ? 'phone' : 'person';
}

/** The message that tells the connected viewer its room's link was ended ("New link"). */
export function retiredMessage(): PeerMessage {
  return { t: 'retired' };
}

/** An outgoing info message, or null when the name is too long or has control characters. */
export function infoMessage(name: string): PeerMessage | null {
  return parsePeerMessage({ t: 'info', name });
}

/** Validates an untrusted data-channel message; a fresh object with only known fields, or null. */
export function parsePeerMessage(x: unknown): PeerMessage | null {
  const o = asObject(x);
  if (!o) return null;
  switch (o.t) {
    case 'chat':
      return typeof o.text === 'string' && isTime(o.at) ? chatMessage(o.text, o.at) : null;
    case 'pause': {
      // No reason, or a reason this version does not know (a newer sender's), counts as the person's pause;
      // a reason that is not a string is malformed.
      if (typeof o.paused !== 'boolean' || (o.reason !== undefined && typeof o.reason !== 'string')) return null;
      return pauseMessage(o.paused, o.reason === 'phone' ? 'phone' : 'person');
    }
    case 'info': {
      const name = o.name;
      if (typeof name !== 'string' || name.length > maxPeerNameChars || nameControlChars.test(name)) return null;
      return { t: 'info', name: name.trim() };
    }
    case 'retired':
      return { t: 'retired' };
    default:
      return null;
  }
}
