/**
 * What the lab watches inside a page, installed as an init script before the app loads:
 * every RTCPeerConnection (live ones are those not closed), and every frame presented by the
 * viewer's `<video>` (requestVideoFrameCallback), kept as a count plus the gaps between frames.
 */
import type { Page } from '@playwright/test';

/** Gaps between two presented frames longer than this are recorded (the fake camera runs at 20 fps). */
export const recordedGapMs = 250;

/** One recorded gap: frames stopped for `gapMs`, and came back at `endAt` (Date.now() clock). */
export interface FrameGap {
  endAt: number;
  gapMs: number;
  /** The frame count at `endAt`. */
  countAtEnd: number;
}

/** The viewer's frame log. */
export interface FrameLog {
  count: number;
  firstAt: number | null;
  lastAt: number | null;
  gaps: FrameGap[];
}

/** The selected ICE candidate pair of one live connection. */
export interface SelectedPair {
  state: string;
  local: string | undefined;
  remote: string | undefined;
  localType: string | undefined;
}

declare global {
  interface Window {
    __lab?: {
      created: number;
      live: Set<RTCPeerConnection>;
      frames: FrameLog;
    };
  }
}

/** The init script (runs in the page before any app code). */
function probe(gapThresholdMs: number): void {
  const Native = window.RTCPeerConnection;
  const live = new Set<RTCPeerConnection>();
  const frames: FrameLog = { count: 0, firstAt: null, lastAt: null, gaps: [] };
  window.__lab = { created: 0, live, frames };
  const lab = window.__lab;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      lab.created += 1;
      live.add(this);
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'closed') live.delete(this);
      });
    }
    override close(): void {
      live.delete(this);
      super.close();
    }
  };
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement): void => {
    watched.add(video);
    const onFrame = (): void => {
      const now = Date.now();
      frames.count += 1;
      if (frames.lastAt !== null && now - frames.lastAt > gapThresholdMs) {
        frames.gaps.push({ endAt: now, gapMs: now - frames.lastAt, countAtEnd: frames.count });
      }
      frames.firstAt ??= now;
      frames.lastAt = now;
      if (video.isConnected) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  setInterval(() => {
    const viewer = document.querySelector('porthole-app')?.shadowRoot?.querySelector('porthole-viewer');
    const video = viewer?.shadowRoot?.querySelector('video');
    if (video && !watched.has(video)) watch(video);
  }, 100);
}

/** The probe as an init-script argument for `context.addInitScript`. */
export const labProbe = { script: probe, arg: recordedGapMs };

/** The viewer's frame log now. */
export async function frameLog(page: Page): Promise<FrameLog> {
  return page.evaluate(() => {
    const frames = window.__lab!.frames;
    return { ...frames, gaps: [...frames.gaps] };
  });
}

/** Peer connections made by the page so far, and those still open. */
export async function peerConnectionCounts(page: Page): Promise<{ created: number; live: number }> {
  return page.evaluate(() => ({ created: window.__lab!.created, live: window.__lab!.live.size }));
}

/** The selected candidate pair of every live connection of the page (via getStats). */
export async function selectedPairs(page: Page): Promise<SelectedPair[]> {
  return page.evaluate(async () => {
    const pairs: SelectedPair[] = [];
    for (const pc of window.__lab!.live) {
      const stats = await pc.getStats();
      for (const report of stats.values()) {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) continue;
        const pair = stats.get(report.selectedCandidatePairId);
        const local = pair && stats.get(pair.localCandidateId);
        const remote = pair && stats.get(pair.remoteCandidateId);
        pairs.push({
          state: pc.connectionState,
          local: local?.address,
          remote: remote?.address,
          localType: local?.candidateType,
        });
      }
    }
    return pairs;
  });
}

/** The page's join marks (`porthole:*` performance marks, first of each), as ms since `since` (epoch ms). */
export async function joinMarks(page: Page, since: number): Promise<string> {
  const marks = await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('porthole:'))
      .map((m) => [m.name.slice('porthole:'.length), performance.timeOrigin + m.startTime] as const),
  );
  return marks.map(([name, at]) => `${name} ${((at - since) / 1000).toFixed(1)}`).join(', ');
}
