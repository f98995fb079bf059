/**
 * What the sender's video encoding does for the viewer's wishes: off for audio only, a bitrate
 * cap, a frame-rate cap (the sender's monitor screen), a picture height cap (a grid viewer's small
 * tile, as `scaleResolutionDownBy` from the camera track's height), and resolution dropped before frame rate
 * when the link or the phone cannot keep up. The computing is pure; applySenderEncoding calls
 * `setParameters` on the connection's video sender (no renegotiation).
 *
 * Quick start: a connection's first pictures are sent at most {@link quickStartHeightPx} tall
 * for {@link quickStartMs} after it opens. A full 720p key frame at the browser's starting
 * bandwidth estimate (300 kbit/s) is held back or dropped by the encoder for 250–350 ms on
 * this machine kind; a 360p one arrives about 80 ms after the connection, like a 480p camera's.
 * The picture grows to what the viewer asked for once the estimate has had time to rise.
 */

/** What the sender's video encoding should do. */
export interface EncodingWish {
  /** Send no video (the encoding is inactive): sound only. */
  audioOnly: boolean;
  /** Video bitrate cap in kbit/s; 0 = none. */
  capKbps: number;
  /** Frame-rate cap in frames per second; 0 = none. */
  maxFps: number;
  /** Picture height cap in px; 0 = full resolution. */
  maxHeight: number;
}

/** No wish: full video, no caps. */
export const fullVideo: EncodingWish = { audioOnly: false, capKbps: 0, maxFps: 0, maxHeight: 0 };

/**
 * The `scaleResolutionDownBy` that makes a `trackHeightPx` tall picture at most `maxHeightPx`
 * tall: 1 (full) without a cap, without a known track height, or when the track is small enough.
 */
export function scaleDownFor(trackHeightPx: number | undefined, maxHeightPx: number): number {
  if (!(maxHeightPx > 0) || trackHeightPx === undefined || !(trackHeightPx > maxHeightPx)) return 1;
  return trackHeightPx / maxHeightPx;
}

/** The frame-rate cap of the sender's monitor screen, in frames per second. */
export const monitorMaxFps = 15;

/** A connection's first pictures are at most this tall (on their short side), px. */
export const quickStartHeightPx = 360;

/** How long after a connection opens its pictures stay at the quick-start size, ms. */
export const quickStartMs = 1000;

/** The `scaleResolutionDownBy` of a quick start for a camera of this size (1: small enough already, or unknown). */
export function quickStartScale(size: { width?: number; height?: number }): number {
  const short = Math.min(size.width ?? Number.POSITIVE_INFINITY, size.height ?? Number.POSITIVE_INFINITY);
  return Number.isFinite(short) ? scaleDownFor(short, quickStartHeightPx) : 1;
}

/** The part of RTCRtpEncodingParameters this module sets. */
export interface EncodingLike {
  active?: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
  [other: string]: unknown;
}

/** The part of RTCRtpSendParameters this module sets. */
export interface SendParametersLike {
  encodings: EncodingLike[];
  degradationPreference?: string;
  [other: string]: unknown;
}

/**
 * New send parameters carrying `wish`: every encoding active unless audio only, `maxBitrate` in
 * bit/s or removed, `maxFramerate` or removed, `scaleResolutionDownBy` for the height cap given the
 * track's height (1 = full; at least `minScale`, a quick start's), and
 * 'maintain-framerate' (resolution goes first). Other fields are kept as they were (setParameters
 * needs the transaction id back).
 */
export function encodingParameters(
  current: SendParametersLike,
  wish: EncodingWish,
  trackHeightPx?: number,
  minScale = 1,
): SendParametersLike {
  const scale = Math.max(scaleDownFor(trackHeightPx, wish.maxHeight), minScale);
  const encodings = (current.encodings.length > 0 ? current.encodings : [{}]).map((encoding) => {
    const next: EncodingLike = { ...encoding, active: !wish.audioOnly };
    if (wish.capKbps > 0) next.maxBitrate = wish.capKbps * 1000;
    else delete next.maxBitrate;
    if (wish.maxFps > 0) next.maxFramerate = wish.maxFps;
    else delete next.maxFramerate;
    // Full: 1 where the browser reported a factor (an earlier small picture grows back), else left unset.
    if (scale !== 1 || next.scaleResolutionDownBy !== undefined) next.scaleResolutionDownBy = scale;
    return next;
  });
  return { ...current, encodings, degradationPreference: 'maintain-framerate' };
}

/** The connection's video sender: the one sending video, else the transceiver that receives video's. */
export function videoSender(pc: RTCPeerConnection): RTCRtpSender | undefined {
  return pc.getTransceivers().find((t) => (t.sender.track?.kind ?? t.receiver.track.kind) === 'video')?.sender;
}

/** The quick-start scale of each connection still in its quick start. */
const quickScales = new WeakMap<RTCPeerConnection, number>();
/** The wish last applied to each connection (applied again when its quick start ends). */
const lastWishes = new WeakMap<RTCPeerConnection, EncodingWish>();

/**
 * Marks `pc` as in its quick start at `scale` (its video sender was made with that
 * `scaleResolutionDownBy`): wishes applied meanwhile keep the picture at least that small.
 */
export function holdQuickStart(pc: RTCPeerConnection, scale: number): void {
  if (scale > 1) quickScales.set(pc, scale);
}

/**
 * Ends `pc`'s quick start: the last wish (else full video) is applied at its own size. False when
 * the browser refused it: the quick start then holds, to be ended again (true when none was held).
 */
export async function endQuickStart(pc: RTCPeerConnection): Promise<boolean> {
  const scale = quickScales.get(pc);
  if (scale === undefined) return true;
  quickScales.delete(pc);
  const done = await applySenderEncoding(pc, lastWishes.get(pc) ?? fullVideo);
  if (!done && pc.connectionState !== 'closed' && !quickScales.has(pc)) quickScales.set(pc, scale);
  return done;
}

/** Applies `wish` to the connection's video sender; false when there is none or the browser refused. */
export async function applySenderEncoding(pc: RTCPeerConnection, wish: EncodingWish): Promise<boolean> {
  lastWishes.set(pc, wish);
  const sender = videoSender(pc);
  if (!sender || pc.connectionState === 'closed') return false;
  try {
    const trackHeightPx = sender.track?.getSettings().height;
    const current = sender.getParameters() as unknown as SendParametersLike;
    const next = encodingParameters(current, wish, trackHeightPx, quickScales.get(pc));
    await sender.setParameters(next as unknown as RTCRtpSendParameters);
    return true;
  } catch {
    // Before negotiation, or a browser without a field: the video goes on as it was.
    return false;
  }
}
