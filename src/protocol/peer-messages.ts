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
  | { t: 'retired' }
  /** Sender → its viewer: how the camera phone is doing, and what it applies of the viewer's request. */
  | SenderStatus
  /** Viewer → its sender: what the viewer asks of the camera now (the whole wish each time, not a change). */
  | ViewerRequest;

/** Why the sender's encoder limits the video (`qualityLimitationReason` of its outbound video). */
export type QualityLimit = 'none' | 'cpu' | 'bandwidth' | 'other';

/** The limits a quality limitation may name, in the order of RTCQualityLimitationReason. */
export const qualityLimits: readonly QualityLimit[] = ['none', 'cpu', 'bandwidth', 'other'];

/** The video bitrate caps a viewer may ask for, in kbit/s; 0 = no cap. */
export const bitrateCapsKbps = [0, 1000, 500, 250] as const;

/** A video bitrate cap in kbit/s from {@link bitrateCapsKbps} (0 = none). */
export type BitrateCapKbps = (typeof bitrateCapsKbps)[number];

/**
 * The picture heights a viewer may ask for, in px (a grid tile's small picture). A height, not a
 * scale factor: the viewer knows how tall it shows the video, not how tall the sender's camera
 * films, so the sender turns it into `scaleResolutionDownBy` from its own track's height.
 */
export const smallHeightsPx = [360, 180] as const;

/** A picture height in px from {@link smallHeightsPx}; absent in a message = full resolution. */
export type SmallHeightPx = (typeof smallHeightsPx)[number];

/**
 * Sender → viewer: the camera phone's state. Sent on connect and on change (rate-limited).
 * `battery` (0–1) and `charging` are absent where the Battery Status API is; `torch` is absent
 * when the camera has none. `audioOnly` and `capKbps` are what the sender applies now.
 */
export interface SenderStatus {
  t: 'status';
  /** Battery level, 0 (empty) to 1 (full); absent when unknown. */
  battery?: number;
  /** True while the battery charges; absent when unknown. */
  charging?: boolean;
  /** Why the encoder limits the video now. */
  limit: QualityLimit;
  /** The torch is on (true) or off (false); absent when the camera has no torch. */
  torch?: boolean;
  /** The video is off: only sound is sent. */
  audioOnly: boolean;
  /** The video bitrate cap in effect, kbit/s (0 = none). */
  capKbps: BitrateCapKbps;
  /** The picture height cap in effect, px; absent = full resolution (and from a sender without it). */
  maxHeight?: SmallHeightPx;
}

/** Viewer → sender: the viewer's whole wish; the sender applies what it can and reports it in its status. */
export interface ViewerRequest {
  t: 'request';
  /** Send sound only (the video encoding is switched off). */
  audioOnly: boolean;
  /** Cap the video bitrate, kbit/s (0 = none). */
  capKbps: BitrateCapKbps;
  /** Turn the camera's torch on (ignored without one). */
  torch: boolean;
  /** The viewer is talking (push-to-talk held): its voice is coming on the audio track. */
  talk: boolean;
  /** Send a picture at most this tall, px; absent = full resolution (an older sender ignores it). */
  maxHeight?: SmallHeightPx;
}

/** Which side may send each message type: a message from the other side is dropped. */
export const peerMessageSenders: Readonly<Record<PeerMessageType, 'sender' | 'viewer' | 'both'>> = {
  chat: 'both',
  info: 'both',
  pause: 'sender',
  retired: 'sender',
  status: 'sender',
  request: 'viewer',
};

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

/** True when a page playing `me` may accept `message`: it was sent by the other role, and that role may send it. */
export function acceptedBy(me: 'sender' | 'viewer', message: PeerMessage): boolean {
  const from = peerMessageSenders[message.t];
  return from === 'both' || from !== me;
}

/** The default wish of a viewer: full video, no cap, no torch, not talking. */
export const defaultRequest: ViewerRequest = { t: 'request', audioOnly: false, capKbps: 0, torch: false, talk: false };

/** A fresh sender status from its parts (battery and torch dropped when unknown). */
export function statusMessage(status: Omit<SenderStatus, 't'>): SenderStatus {
  const parsed = parsePeerMessage({ ...status, t: 'status' });
  return parsed?.t === 'status' ? parsed : { t: 'status', limit: 'other', audioOnly: false, capKbps: 0 };
}

/** True for a bitrate cap this version offers. */
export function isBitrateCap(x: unknown): x is BitrateCapKbps {
  return bitrateCapsKbps.some((cap) => cap === x);
}

/**
 * A picture height field: the height when offered, undefined (full) when absent, 0 or a number this
 * version does not offer (a newer peer's), null when malformed (not a number).
 */
function parseMaxHeight(x: unknown): SmallHeightPx | undefined | null {
  if (x === undefined) return undefined;
  if (typeof x !== 'number') return null;
  return smallHeightsPx.find((h) => h === x);
}

/** The picture height wished or applied: `{ maxHeight }` when small, nothing when full. */
export function maxHeightField(maxHeight: SmallHeightPx | undefined): { maxHeight?: SmallHeightPx } {
  return maxHeight === undefined ? {} : { maxHeight };
}

/** A status, or null: every field checked, optional ones dropped when absent. */
function parseStatus(o: Fields): SenderStatus | null {
  const battery = o.battery;
  const batteryOk = battery === undefined || (typeof battery === 'number' && battery >= 0 && battery <= 1);
  const optionalBoolean = (x: unknown) => x === undefined || typeof x === 'boolean';
  const limit = qualityLimits.find((l) => l === o.limit);
  if (!batteryOk || !optionalBoolean(o.charging) || !optionalBoolean(o.torch) || !limit) return null;
  if (typeof o.audioOnly !== 'boolean' || !isBitrateCap(o.capKbps)) return null;
  const maxHeight = parseMaxHeight(o.maxHeight);
  if (maxHeight === null) return null;
  return {
    t: 'status',
    ...(battery !== undefined ? { battery: battery as number } : {}),
    ...(o.charging !== undefined ? { charging: o.charging as boolean } : {}),
    limit,
    ...(o.torch !== undefined ? { torch: o.torch as boolean } : {}),
    audioOnly: o.audioOnly,
    capKbps: o.capKbps,
    ...maxHeightField(maxHeight),
  };
}

/** A request, or null: every field required and checked (the picture height optional: absent = full). */
function parseRequest(o: Fields): ViewerRequest | null {
  const { audioOnly, capKbps, torch, talk } = o;
  if (typeof audioOnly !== 'boolean' || typeof torch !== 'boolean' || typeof talk !== 'boolean') return null;
  const maxHeight = parseMaxHeight(o.maxHeight);
  if (maxHeight === null || !isBitrateCap(capKbps)) return null;
  return { t: 'request', audioOnly, capKbps, torch, talk, ...maxHeightField(maxHeight) };
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
    case 'status':
      return parseStatus(o);
    case 'request':
      return parseRequest(o);
    default:
      return null;
  }
}
