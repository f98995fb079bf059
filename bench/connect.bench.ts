import { test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { newRoomSecret } from '../src/protocol/room';
import { expectState, openPerson, startSender, type SignalingEnv, type TransportKind } from '../tests/e2e/fixtures';

const runs = Number(process.env.RUNS ?? 7);

/** Records, in the page, the time (ms since navigation start) of the first frame on the viewer's video. */
const firstFrameProbe = `
  (() => {
    const look = () => {
      const viewer = document.querySelector('porthole-app')?.shadowRoot?.querySelector('porthole-viewer');
      const video = viewer?.shadowRoot?.querySelector('video');
      if (video && video.srcObject) {
        video.requestVideoFrameCallback((now) => { window.__firstFrameMs = now; });
        return;
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  })();
`;

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The benchmark's servers, in a child process so the test runner's event loop cannot delay them. */
async function startServers(): Promise<{ child: ChildProcess; env: (kind: TransportKind) => SignalingEnv }> {
  const child = spawn(process.execPath, [new URL('./connect-servers.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { httpPort, brokerPort } = JSON.parse(line) as { httpPort: number; brokerPort: number };
  const noop = async (): Promise<void> => undefined;
  return {
    child,
    env: (kind) => ({
      appUrl: `http://127.0.0.1:${httpPort}/`,
      via: kind === 'relay' ? `relay:ws://127.0.0.1:${httpPort}/ws` : `mqtt:ws://127.0.0.1:${brokerPort}`,
      stop: noop,
      restart: noop,
      close: noop,
    }),
  };
}

/** Time from opening the viewer link to its first decoded frame, one run. */
async function oneRun(browser: Browser, env: SignalingEnv, kind: TransportKind): Promise<number> {
  const sender = await openPerson(browser);
  const viewer = await openPerson(browser);
  try {
    const link = await startSender(sender, env, newRoomSecret());
    // Warm the HTTP cache and the JS the way an installed PWA would have it.
    await viewer.goto(`${env.appUrl}?warm=1#/`);
    await viewer.addInitScript(firstFrameProbe);
    await viewer.goto(link);
    await viewer.waitForFunction(() => (window as unknown as { __firstFrameMs?: number }).__firstFrameMs, null, {
      timeout: 20_000,
    });
    await expectState(viewer, 'active');
    const { first, marks } = await viewer.evaluate(() => ({
      first: (window as unknown as { __firstFrameMs: number }).__firstFrameMs,
      marks: performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('porthole:'))
        .map((m) => `${m.name.slice(9)}@${m.startTime.toFixed(0)}`),
    }));
    if (process.env.MARKS) {
      // The sender's marks on the viewer's clock (both pages share the machine's wall clock).
      const marksOf = (page: typeof viewer) =>
        page.evaluate(() => ({
          origin: performance.timeOrigin,
          marks: performance
            .getEntriesByType('mark')
            .filter((m) => m.name.startsWith('porthole:'))
            .map((m) => [m.name.slice(9), m.startTime] as const),
        }));
      const [v, s] = [await marksOf(viewer), await marksOf(sender)];
      const senderMarks = s.marks.map(([name, at]) => `${name}@${(at + s.origin - v.origin).toFixed(0)}`);
      const resources = await viewer.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((r) => r.name.includes('/assets/'))
          .map(
            (r) =>
              `${r.name.split('/').pop()!.slice(0, 12)} ${r.startTime.toFixed(0)}→${(r as PerformanceResourceTiming).responseEnd.toFixed(0)} (${(r as PerformanceResourceTiming).workerStart > 0 ? 'sw' : 'net'})`,
          ),
      );
      console.log(`  resources: ${resources.join(', ')}`);
      console.log(
        `${kind}: first frame @${first.toFixed(0)} ms\n  viewer: ${marks.join(' ')}\n  sender: ${senderMarks.filter((m) => !m.includes('@-')).join(' ')}`,
      );
    }
    return first;
  } finally {
    await sender.context().close();
    await viewer.context().close();
  }
}

/** The floor: two peer connections in one page exchanging SDP directly, camera start included. */
async function floorRun(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const start = performance.now();
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => {
      if (e.candidate) void b.addIceCandidate(e.candidate);
    };
    b.onicecandidate = (e) => {
      if (e.candidate) void a.addIceCandidate(e.candidate);
    };
    for (const track of stream.getTracks()) a.addTrack(track, stream);
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const first = new Promise<number>((resolve) => {
      b.ontrack = (e) => {
        video.srcObject = e.streams[0] ?? null;
        void video.play();
        video.requestVideoFrameCallback((now) => resolve(now));
      };
    });
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    const at = await first;
    for (const track of stream.getTracks()) track.stop();
    a.close();
    b.close();
    video.remove();
    return at - start;
  });
}

test('time from opening the viewer link to the first decoded frame', async ({ browser }) => {
  const results: Record<string, number[]> = { floor: [], relay: [], mqtt: [] };
  const servers = await startServers();
  // The floor runs in a page of the app's origin: getUserMedia needs a secure context (127.0.0.1 is one).
  const page = await openPerson(browser);
  await page.goto(`${servers.env('relay').appUrl}?floor=1#/`);
  for (let i = 0; i < runs; i += 1) results.floor!.push(await floorRun(page));
  await page.context().close();
  for (const kind of ['relay', 'mqtt'] as const) {
    for (let i = 0; i < runs; i += 1) results[kind]!.push(await oneRun(browser, servers.env(kind), kind));
  }
  servers.child.kill('SIGTERM');
  const floor = median(results.floor!);
  console.log(`\nbench:connect — ${runs} runs each, loopback, headless Chromium, fake camera`);
  console.log('path                         median ms   vs floor   runs (ms)');
  for (const [name, values] of Object.entries(results)) {
    const m = median(values);
    const label = name === 'floor' ? 'floor (2 PCs in one page)' : `${name} (link → first frame)`;
    console.log(
      `${label.padEnd(28)} ${m.toFixed(0).padStart(9)}   ${(m / floor).toFixed(2).padStart(7)}×   ${values.map((v) => v.toFixed(0)).join(' ')}`,
    );
  }
  console.log('reference on this machine kind: floor ~126 ms, Trystero over local Mosquitto ~318 ms (2.5×)');
});
