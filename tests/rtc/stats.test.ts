import { describe, expect, it } from 'vitest';
import { summarizeStats, type StatsSample } from '../../src/rtc/stats';

type Stat = Record<string, unknown>;

/** A synthetic RTCStatsReport: a Map from id to stats dictionary. */
function report(...stats: Stat[]): Map<string, Stat> {
  return new Map(stats.map((s) => [s.id as string, s]));
}

const localHost = { id: 'L1', type: 'local-candidate', candidateType: 'host', timestamp: 1000 };
const localSrflx = { id: 'L2', type: 'local-candidate', candidateType: 'srflx', timestamp: 1000 };
const localRelay = { id: 'L3', type: 'local-candidate', candidateType: 'relay', timestamp: 1000 };
const remoteHost = { id: 'R1', type: 'remote-candidate', candidateType: 'host', timestamp: 1000 };
const remoteRelay = { id: 'R2', type: 'remote-candidate', candidateType: 'relay', timestamp: 1000 };

function inbound(timestamp: number, bytesReceived: number, extra: Stat = {}): Stat {
  return {
    id: 'IT01V',
    type: 'inbound-rtp',
    kind: 'video',
    timestamp,
    bytesReceived,
    frameWidth: 640,
    frameHeight: 480,
    framesPerSecond: 20,
    framesDecoded: 100,
    ...extra,
  };
}

function pair(id: string, local: string, remote: string, extra: Stat = {}): Stat {
  return { id, type: 'candidate-pair', localCandidateId: local, remoteCandidateId: remote, timestamp: 1000, ...extra };
}

describe('summarizeStats on the viewer (inbound-rtp)', () => {
  it('reads size, fps, bytes, rtt and path via the transport', () => {
    const r = report(
      inbound(1000, 50_000),
      { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', timestamp: 1000, bytesReceived: 9_999 },
      { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1', timestamp: 1000 },
      pair('CP0', 'L2', 'R1', { currentRoundTripTime: 0.5, nominated: true, state: 'succeeded' }),
      pair('CP1', 'L1', 'R1', { currentRoundTripTime: 0.012 }),
      localHost,
      localSrflx,
      remoteHost,
    );
    expect(summarizeStats(r)).toEqual({
      at: 1000,
      direction: 'inbound',
      width: 640,
      height: 480,
      fps: 20,
      frames: 100,
      bytes: 50_000,
      audioBytes: 9_999, // the sound, counted apart from the video
      rttMs: 12,
      path: 'host',
    });
  });

  it('computes the bitrate from the byte delta over time', () => {
    const first = summarizeStats(report(inbound(1000, 100_000)));
    expect(first.bitrateKbps).toBeUndefined();
    const second = summarizeStats(report(inbound(2000, 225_000)), first);
    // 125,000 bytes in 1 s = 1,000 kbit/s
    expect(second.bitrateKbps).toBe(1000);
    const third = summarizeStats(report(inbound(2500, 250_000)), second);
    expect(third.bitrateKbps).toBe(400);
  });

  it('derives fps from decoded frames when framesPerSecond is missing', () => {
    const first = summarizeStats(report(inbound(1000, 0, { framesPerSecond: undefined, framesDecoded: 10 })));
    expect(first.fps).toBeUndefined();
    const second = summarizeStats(report(inbound(3000, 0, { framesPerSecond: undefined, framesDecoded: 70 })), first);
    expect(second.fps).toBe(30);
  });

  it('leaves out size before the first decoded frame', () => {
    const s = summarizeStats(
      report(inbound(1000, 0, { frameWidth: undefined, frameHeight: undefined, framesPerSecond: undefined })),
    );
    expect(s.width).toBeUndefined();
    expect(s.height).toBeUndefined();
    expect(s.fps).toBeUndefined();
  });

  it('accepts the older mediaType field', () => {
    const s = summarizeStats(
      report({ id: 'x', type: 'inbound-rtp', mediaType: 'video', timestamp: 5, bytesReceived: 7 }),
    );
    expect(s).toEqual({ at: 5, direction: 'inbound', bytes: 7 });
  });
});

describe('summarizeStats on the sender (outbound-rtp)', () => {
  const outbound = (timestamp: number, bytesSent: number, extra: Stat = {}): Stat => ({
    id: 'OT01V',
    type: 'outbound-rtp',
    kind: 'video',
    timestamp,
    bytesSent,
    frameWidth: 1280,
    frameHeight: 720,
    framesPerSecond: 30,
    framesEncoded: 300,
    ...extra,
  });

  it('reads the sent video and its bitrate', () => {
    const first = summarizeStats(report(outbound(1000, 1_000_000)));
    expect(first).toMatchObject({ direction: 'outbound', width: 1280, height: 720, fps: 30, bytes: 1_000_000 });
    const second = summarizeStats(report(outbound(3000, 1_500_000)), first);
    expect(second.bitrateKbps).toBe(2000);
  });

  it('sums simulcast layers and shows the largest', () => {
    const s = summarizeStats(
      report(
        outbound(1000, 100, { id: 'q', frameWidth: 320, frameHeight: 180, framesPerSecond: 15 }),
        outbound(1000, 400, { id: 'f' }),
        outbound(1000, 200, { id: 'h', frameWidth: 640, frameHeight: 360 }),
      ),
    );
    expect(s).toMatchObject({ width: 1280, height: 720, fps: 30, bytes: 700 });
  });

  it('ignores outbound audio', () => {
    const s = summarizeStats(report({ id: 'a', type: 'outbound-rtp', kind: 'audio', timestamp: 1, bytesSent: 50 }));
    expect(s).toEqual({ at: 1, bytes: 0 });
  });
});

describe('bitrate edge cases', () => {
  const base: StatsSample = { at: 1000, direction: 'inbound', bytes: 1_000 };

  it('no bitrate when the counters went backwards (a new connection)', () => {
    expect(summarizeStats(report(inbound(2000, 10)), base).bitrateKbps).toBeUndefined();
  });

  it('no bitrate when time did not advance', () => {
    expect(summarizeStats(report(inbound(1000, 5_000)), base).bitrateKbps).toBeUndefined();
  });

  it('no bitrate across directions', () => {
    expect(
      summarizeStats(report(inbound(2000, 5_000)), { ...base, direction: 'outbound' }).bitrateKbps,
    ).toBeUndefined();
  });

  it('no bitrate without any video stream', () => {
    expect(summarizeStats(report(localHost), { at: 0, bytes: 0 }).bitrateKbps).toBeUndefined();
  });
});

describe('selected pair and path', () => {
  it('falls back to the nominated succeeded pair without a transport', () => {
    const s = summarizeStats(
      report(
        pair('CP0', 'L1', 'R1', { nominated: false, state: 'succeeded', currentRoundTripTime: 0.9 }),
        pair('CP1', 'L2', 'R1', { nominated: true, state: 'in-progress', currentRoundTripTime: 0.8 }),
        pair('CP2', 'L2', 'R1', { nominated: true, state: 'succeeded', currentRoundTripTime: 0.034 }),
        localHost,
        localSrflx,
        remoteHost,
      ),
    );
    expect(s.path).toBe('srflx');
    expect(s.rttMs).toBeCloseTo(34);
  });

  it("falls back to a pair marked selected (Firefox's older field)", () => {
    const s = summarizeStats(report(pair('CP0', 'L3', 'R1', { selected: true }), localRelay, remoteHost));
    expect(s.path).toBe('relay');
    expect(s.rttMs).toBeUndefined();
  });

  it('reports relay when the remote side relays', () => {
    const s = summarizeStats(
      report(
        { id: 'T', type: 'transport', selectedCandidatePairId: 'CP0' },
        pair('CP0', 'L1', 'R2', { currentRoundTripTime: 0.1 }),
        localHost,
        remoteRelay,
      ),
    );
    expect(s.path).toBe('relay');
    expect(s.rttMs).toBe(100);
  });

  it('reports prflx', () => {
    const s = summarizeStats(
      report(
        { id: 'T', type: 'transport', selectedCandidatePairId: 'CP0' },
        pair('CP0', 'L9', 'R1'),
        { id: 'L9', type: 'local-candidate', candidateType: 'prflx' },
        remoteHost,
      ),
    );
    expect(s.path).toBe('prflx');
  });

  it('no path or rtt before a pair is selected', () => {
    const s = summarizeStats(
      report(
        { id: 'T', type: 'transport' },
        pair('CP0', 'L1', 'R1', { nominated: false, state: 'in-progress', currentRoundTripTime: 0.2 }),
        localHost,
        remoteHost,
      ),
    );
    expect(s.path).toBeUndefined();
    expect(s.rttMs).toBeUndefined();
  });

  it('ignores unknown candidate types and missing candidates', () => {
    const s = summarizeStats(
      report({ id: 'T', type: 'transport', selectedCandidatePairId: 'CP0' }, pair('CP0', 'missing', 'R1'), remoteHost),
    );
    expect(s.path).toBeUndefined();
  });
});

describe('report shapes', () => {
  it('accepts a forEach-only report like RTCStatsReport', () => {
    const map = report(inbound(1000, 42));
    const forEachOnly = {
      forEach: (cb: (value: unknown, key: string) => void) =>
        map.forEach((v, k) => {
          cb(v, k);
        }),
    };
    expect(summarizeStats(forEachOnly).bytes).toBe(42);
  });

  it('ignores junk entries', () => {
    const junk = new Map<string, unknown>([
      ['a', null],
      ['b', 7],
      ['c', inbound(1000, 3, { frameWidth: -1, framesPerSecond: Number.NaN })],
    ]);
    expect(summarizeStats(junk)).toEqual({ at: 1000, direction: 'inbound', bytes: 3, frames: 100 });
  });

  it('an empty report is an empty sample', () => {
    expect(summarizeStats(new Map())).toEqual({ at: 0, bytes: 0 });
  });
});

describe('summarizeStats: the sound', () => {
  const audioIn = (timestamp: number, bytesReceived: number): Stat => ({
    id: 'IT01A',
    type: 'inbound-rtp',
    kind: 'audio',
    timestamp,
    bytesReceived,
  });

  it('sums the sound bytes of the video direction and gives its bitrate against the previous sample', () => {
    const first = summarizeStats(report(inbound(1000, 50_000), audioIn(1000, 4_000)));
    expect(first.audioBytes).toBe(4_000);
    expect(first.audioKbps).toBeUndefined();
    const second = summarizeStats(report(inbound(2000, 50_000), audioIn(2000, 8_000)), first);
    expect(second.bitrateKbps).toBe(0); // audio only: no video bytes
    expect(second.audioKbps).toBe(32);
  });

  it('ignores outbound sound on a viewer, and has none without sound', () => {
    const viewer = summarizeStats(
      report(inbound(1000, 1), { id: 'OA', type: 'outbound-rtp', kind: 'audio', timestamp: 1000, bytesSent: 9 }),
    );
    expect(viewer.audioBytes).toBeUndefined();
  });
});
