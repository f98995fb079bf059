/**
 * H.264 first where the sender's H.264 encoder is hardware (iPhones: VP8 is software there and
 * heats the phone). The ordering is pure; whether the encoder is power efficient is asked of
 * Media Capabilities, and the order is set with `setCodecPreferences` before the offer.
 */

/** The part of RTCRtpCodec this module reads. */
export interface CodecLike {
  mimeType: string;
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

/** Puts H.264 first on the video transceiver of `pc` when the encoder is hardware; true when it did. */
export async function preferHardwareH264(pc: RTCPeerConnection): Promise<boolean> {
  if (typeof RTCRtpSender === 'undefined' || typeof RTCRtpSender.getCapabilities !== 'function') return false;
  if (!(await h264IsHardware())) return false;
  const codecs = RTCRtpSender.getCapabilities('video')?.codecs ?? [];
  const video = pc.getTransceivers().find((t) => t.sender.track?.kind === 'video');
  if (!video || typeof video.setCodecPreferences !== 'function' || codecs.length === 0) return false;
  try {
    video.setCodecPreferences(codecsPreferring(codecs, 'video/H264'));
    return true;
  } catch {
    return false;
  }
}
