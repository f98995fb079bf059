/**
 * Turns WebRTC stats reports into what a person reads: video size, frame rate, bitrate,
 * round-trip time and the network path. The summary is pure (synthetic reports in Node tests);
 * only sampleStats touches an RTCPeerConnection.
 */

/** How the media travels, from the selected candidate pair. */
export type StatsPath = 'host' | 'srflx' | 'prflx' | 'relay';

/** One reading of a connection's video stats. */
export interface StatsSample {
  /** When the browser took the report, in ms (its stats timestamp). */
  at: number;
  /** Which video stream was measured: received (viewer) or sent (sender). */
  direction?: 'inbound' | 'outbound';
  /** Video frame width, in pixels. */
  width?: number;
  /** Video frame height, in pixels. */
  height?: number;
  /** Frames per second. */
  fps?: number;
  /** Video bitrate, in kbit/s (needs a previous sample). */
  bitrateKbps?: number;
  /** Round-trip time of the selected candidate pair, in ms. */
  rttMs?: number;
  /** The network path: local candidate type of the selected pair ('relay' if either side relays). */
  path?: StatsPath;
  /** Video payload bytes received (viewer) or sent (sender) so far. */
  bytes: number;
  /** Frames decoded (viewer) or encoded (sender) so far, when reported. */
  frames?: number;
  /** Sound payload bytes received (viewer) or sent (sender) so far, same direction as the video. */
  audioBytes?: number;
  /** Sound bitrate, in kbit/s (needs a previous sample): what still flows when the video is off (audio only). */
  audioKbps?: number;
}

/** An RTCStatsReport, or anything iterable / forEach-able like it (a Map in tests). */
export type StatsSource =
  | Iterable<readonly [string, unknown]>
  | { forEach(callback: (value: unknown, key: string) => void): void };

/** One stats dictionary, loosely typed: every field is checked before use. */
type Stat = Record<string, unknown>;

const pathTypes: readonly StatsPath[] = ['host', 'srflx', 'prflx', 'relay'];

/** The report as a Map from id to stats dictionary. */
function toMap(report: StatsSource): Map<string, Stat> {
  const map = new Map<string, Stat>();
  const add = (value: unknown, key: string): void => {
    if (typeof value === 'object' && value !== null) map.set(key, value as Stat);
  };
  if (Symbol.iterator in report) {
    for (const [key, value] of report as Iterable<readonly [string, unknown]>) add(value, key);
  } else {
    report.forEach(add);
  }
  return map;
}

/** A finite, non-negative number field, or undefined. */
function num(stat: Stat | undefined, field: string): number | undefined {
  const value = stat?.[field];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** True for a video RTP stream (`kind`, or the older `mediaType`). */
function isVideo(stat: Stat): boolean {
  return stat.kind === 'video' || stat.mediaType === 'video';
}

/** The selected candidate pair: via the transport's selectedCandidatePairId, else a nominated succeeded (or `selected`) pair. */
function selectedPair(stats: Map<string, Stat>): Stat | undefined {
  for (const stat of stats.values()) {
    if (stat.type !== 'transport' || typeof stat.selectedCandidatePairId !== 'string') continue;
    const pair = stats.get(stat.selectedCandidatePairId);
    if (pair) return pair;
  }
  const pairs = [...stats.values()].filter((s) => s.type === 'candidate-pair');
  return pairs.find((p) => p.nominated === true && p.state === 'succeeded') ?? pairs.find((p) => p.selected === true);
}

/** The path of a pair: 'relay' if either end is a relay candidate, else the local candidate's type. */
function pathOf(stats: Map<string, Stat>, pair: Stat): StatsPath | undefined {
  const typeOf = (id: unknown): StatsPath | undefined => {
    const type = typeof id === 'string' ? stats.get(id)?.candidateType : undefined;
    return pathTypes.find((p) => p === type);
  };
  const local = typeOf(pair.localCandidateId);
  return local === 'relay' || typeOf(pair.remoteCandidateId) === 'relay' ? 'relay' : local;
}

/** Adds `value` to `sample[key]` when it is defined. */
function set<K extends keyof StatsSample>(sample: StatsSample, key: K, value: StatsSample[K] | undefined): void {
  if (value !== undefined) sample[key] = value;
}

/**
 * Summarizes one stats report. The viewer's inbound-rtp video wins over outbound-rtp (the
 * sender's); with several streams (simulcast) bytes and frames are summed and the largest frame
 * size is shown. Bitrate, and fps when the browser gives no framesPerSecond, come from the
 * difference to `previous` (a sample of the same connection).
 */
export function summarizeStats(report: StatsSource, previous?: StatsSample): StatsSample {
  const stats = toMap(report);
  const video = [...stats.values()].filter((s) => isVideo(s));
  const inbound = video.filter((s) => s.type === 'inbound-rtp');
  const direction = inbound.length > 0 ? 'inbound' : 'outbound';
  const streams = inbound.length > 0 ? inbound : video.filter((s) => s.type === 'outbound-rtp');
  const bytesField = direction === 'inbound' ? 'bytesReceived' : 'bytesSent';
  const framesField = direction === 'inbound' ? 'framesDecoded' : 'framesEncoded';

  let at = 0;
  for (const stat of stats.values()) at = Math.max(at, num(stat, 'timestamp') ?? 0);
  for (const stat of streams) at = num(stat, 'timestamp') ?? at;

  const sample: StatsSample = { at, bytes: 0 };
  if (streams.length > 0) sample.direction = direction;
  let frames: number | undefined;
  let fps: number | undefined;
  let biggest: Stat | undefined;
  for (const stat of streams) {
    sample.bytes += num(stat, bytesField) ?? 0;
    const f = num(stat, framesField);
    if (f !== undefined) frames = (frames ?? 0) + f;
    const rate = num(stat, 'framesPerSecond');
    if (rate !== undefined) fps = Math.max(fps ?? 0, rate);
    const area = (num(stat, 'frameWidth') ?? 0) * (num(stat, 'frameHeight') ?? 0);
    if (area > 0 && area > (num(biggest, 'frameWidth') ?? 0) * (num(biggest, 'frameHeight') ?? 0)) biggest = stat;
  }
  set(sample, 'frames', frames);
  const audio = [...stats.values()].filter(
    (s) => (s.kind === 'audio' || s.mediaType === 'audio') && s.type === `${direction}-rtp`,
  );
  if (audio.length > 0 && sample.direction) {
    sample.audioBytes = audio.reduce((sum, s) => sum + (num(s, bytesField) ?? 0), 0);
  }
  set(sample, 'width', num(biggest, 'frameWidth'));
  set(sample, 'height', num(biggest, 'frameHeight'));

  const comparable =
    previous !== undefined &&
    sample.direction !== undefined &&
    previous.direction === sample.direction &&
    at > previous.at;
  const elapsedMs = comparable ? at - previous.at : 0;
  if (comparable && sample.bytes >= previous.bytes) {
    // bytes × 8 / ms = kbit/s
    sample.bitrateKbps = ((sample.bytes - previous.bytes) * 8) / elapsedMs;
  }
  if (comparable && sample.audioBytes !== undefined && sample.audioBytes >= (previous.audioBytes ?? Infinity)) {
    sample.audioKbps = ((sample.audioBytes - (previous.audioBytes ?? 0)) * 8) / elapsedMs;
  }
  if (
    fps === undefined &&
    comparable &&
    frames !== undefined &&
    previous.frames !== undefined &&
    frames >= previous.frames
  ) {
    fps = ((frames - previous.frames) * 1000) / elapsedMs;
  }
  set(sample, 'fps', fps);

  const pair = selectedPair(stats);
  if (pair) {
    const rttSeconds = num(pair, 'currentRoundTripTime');
    set(sample, 'rttMs', rttSeconds === undefined ? undefined : rttSeconds * 1000);
    set(sample, 'path', pathOf(stats, pair));
  }
  return sample;
}

/** Reads the connection's stats now and summarizes them against `previous`. */
export async function sampleStats(pc: RTCPeerConnection, previous?: StatsSample): Promise<StatsSample> {
  return summarizeStats(await pc.getStats(), previous);
}
