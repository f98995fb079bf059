/**
 * What the sender's video encoding does for the viewer's wishes: off for audio only, a bitrate
 * cap, a frame-rate cap (the sender's monitor screen), a picture height cap (a grid viewer's small
 * tile, as `scaleResolutionDownBy` from the camera track's height), and resolution dropped before frame rate
 * when the link or the phone cannot keep up. The computing is pure; applySenderEncoding calls
 * `setParameters` on the connection's video sender (no renegotiation).
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
 * track's height (1 = full), and
 * 'maintain-framerate' (resolution goes first). Other fields are kept as they were (setParameters
 * needs the transaction id back).
 */
export function encodingParameters(
  current: SendParametersLike,
  wish: EncodingWish,
  trackHeightPx?: number,
): SendParametersLike {
  const scale = scaleDownFor(trackHeightPx, wish.maxHeight);
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

/** Applies `wish` to the connection's video sender; false when there is none or the browser refused. */
export async function applySenderEncoding(pc: RTCPeerConnection, wish: EncodingWish): Promise<boolean> {
  const sender = videoSender(pc);
  if (!sender || pc.connectionState === 'closed') return false;
  try {
    const trackHeightPx = sender.track?.getSettings().height;
    const next = encodingParameters(sender.getParameters() as unknown as SendParametersLike, wish, trackHeightPx);
    await sender.setParameters(next as unknown as RTCRtpSendParameters);
    return true;
  } catch {
    // Before negotiation, or a browser without a field: the video goes on as it was.
    return false;
  }
}
