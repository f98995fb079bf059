/**
 * The codecs the sender offers, set with `setCodecPreferences` before its offer:
 * - only those both sides need: Opus for sound; VP8 and H.264 (packetization mode 1) for video,
 *   the two every WebRTC browser must support (RFC 7742), with their retransmission (rtx) and
 *   redundancy (red, ulpfec) entries. The browser's full list also offers G.722, PCMU/PCMA, CN,
 *   DTMF, AV1, VP9 (two profiles) and H.264 in mode 0, which a viewer never gets (both sides
 *   send the first codec in the answer's order, VP8 or H.264), yet took half the offer: 6.6 kB
 *   of SDP that was sealed, sent, opened and parsed on every join's critical path;
 * - H.264 first where the sender's H.264 encoder is hardware (iPhones: VP8 is software there and
 *   heats the phone); whether the encoder is power efficient is asked of Media Capabilities.
 * The choosing and the ordering are pure.
 */

/** The part of RTCRtpCodec this module reads. */
export interface CodecLike {
  mimeType: string;
  sdpFmtpLine?: string;
}

/** Video codecs offered (lower-case MIME types); H.264 only in packetization mode 1. */
const offeredVideo = new Set(['video/vp8', 'video/h264', 'video/rtx', 'video/red', 'video/ulpfec']);
/** Audio codecs offered: Opus, and its redundancy. */
const offeredAudio = new Set(['audio/opus', 'audio/red']);

/** Of `codecs`, those the sender offers (see the module comment), in their order; all of them when none would be left. */
export function offeredCodecs<C extends CodecLike>(codecs: readonly C[]): C[] {
  const kept = codecs.filter((codec) => {
    const type = codec.mimeType.toLowerCase();
    if (type === 'video/h264') return /packetization-mode=1/.test(codec.sdpFmtpLine ?? '');
    return offeredVideo.has(type) || offeredAudio.has(type);
  });
  const media = kept.filter((codec) => !/\/(rtx|red|ulpfec)$/i.test(codec.mimeType));
  return media.length > 0 ? kept : [...codecs];
}

/** `codecs` with those of `mimeType` (case-insensitive) first, the rest in their order. */
export function codecsPreferring<C extends CodecLike>(codecs: readonly C[], mimeType: string): C[] {
  const wanted = mimeType.toLowerCase();
  const first = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  return [...first, ...codecs.filter((c) => c.mimeType.toLowerCase() !== wanted)];
}

/** What Media Capabilities is asked: a 720p, 30 fps, 1 Mbit/s H.264 WebRTC encode. */
const h264Query = {
  type: 'webrtc',
  video: { contentType: 'video/H264', width: 1280, height: 720, bitrate: 1_000_000, framerate: 30 },
} as unknown as MediaEncodingConfiguration;

let hardwareH264: Promise<boolean> | undefined;

/** True when this browser encodes H.264 for WebRTC in hardware (`powerEfficient`); asked once per page. */
export function h264IsHardware(): Promise<boolean> {
  hardwareH264 ??= (async () => {
    try {
      const info = await navigator.mediaCapabilities.encodingInfo(h264Query);
      return info.supported && info.powerEfficient;
    } catch {
      return false; // No Media Capabilities, or no 'webrtc' type: keep the browser's order.
    }
  })();
  return hardwareH264;
}

/**
 * Sets the codecs `pc`'s offer carries on each of its audio and video transceivers (see the
 * module comment), H.264 first when its encoder is hardware. A browser without the API, or one
 * refusing the list, offers its own.
 */
export async function setOfferedCodecs(pc: RTCPeerConnection): Promise<void> {
  if (typeof RTCRtpSender === 'undefined' || typeof RTCRtpSender.getCapabilities !== 'function') return;
  const h264First = await h264IsHardware();
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.sender.track?.kind ?? transceiver.receiver.track?.kind;
    if ((kind !== 'audio' && kind !== 'video') || typeof transceiver.setCodecPreferences !== 'function') continue;
    const codecs = offeredCodecs(RTCRtpSender.getCapabilities(kind)?.codecs ?? []);
    if (codecs.length === 0) continue;
    try {
      transceiver.setCodecPreferences(kind === 'video' && h264First ? codecsPreferring(codecs, 'video/H264') : codecs);
    } catch {
      // The browser's own list then.
    }
  }
}
