/** The connection numbers the stats overlay shows, as text in the app's language. */
import type { StatsPath, StatsSample } from '../../rtc/stats';
import { getLocale, t, type MessageKey } from '../i18n/i18n';

/** From this bitrate up, in kbit/s, the overlay shows Mbit/s. */
export const mbpsFromKbps = 1000;
/** Below this round-trip time, in ms, the overlay shows one decimal. */
export const rttDecimalBelowMs = 10;

const pathKeys: Record<StatsPath, MessageKey> = {
  host: 'stats.path.host',
  srflx: 'stats.path.srflx',
  prflx: 'stats.path.prflx',
  relay: 'stats.path.relay',
};

/** Each value of a sample as the overlay shows it; undefined while not known. */
export interface StatsText {
  /** `640×480`. */
  resolution: string | undefined;
  /** `26 fps`. */
  fps: string | undefined;
  /** `850 kbit/s`, or `1.2 Mbit/s` from {@link mbpsFromKbps} up (the video). */
  bitrate: string | undefined;
  /** The sound's bitrate, `Sound 32 kbit/s` (still there when the video is off). */
  audio: string | undefined;
  /** `42 ms round trip` (one decimal below {@link rttDecimalBelowMs}). */
  rtt: string | undefined;
  /** `Direct connection`, `Direct, through your router`, `Through a relay server (TURN)`. */
  path: string | undefined;
}

/** `value` with exactly `digits` decimals, grouped the app language's way. */
export function localNumber(value: number, digits = 0): string {
  return value.toLocaleString(getLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A bitrate as `850 kbit/s`, or `1.2 Mbit/s` from {@link mbpsFromKbps} up. */
function rate(kbps: number): string {
  return kbps >= mbpsFromKbps
    ? t('stats.mbps', { value: localNumber(kbps / 1000, 1) })
    : t('stats.kbps', { value: localNumber(kbps) });
}

/** A stats sample's values as text (all undefined without a sample). */
export function statsText(sample: StatsSample | undefined): StatsText {
  const s = sample;
  const kbps = s?.bitrateKbps;
  return {
    resolution: s?.width && s.height ? `${s.width}×${s.height}` : undefined,
    fps: s?.fps === undefined ? undefined : t('stats.fpsValue', { fps: localNumber(s.fps) }),
    bitrate: kbps === undefined ? undefined : rate(kbps),
    audio: s?.audioKbps === undefined ? undefined : t('stats.audioValue', { value: rate(s.audioKbps) }),
    rtt:
      s?.rttMs === undefined
        ? undefined
        : t('stats.rttValue', { ms: localNumber(s.rttMs, s.rttMs < rttDecimalBelowMs ? 1 : 0) }),
    path: s?.path === undefined ? undefined : t(pathKeys[s.path]),
  };
}
