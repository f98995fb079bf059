import { test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { expectState, openPerson, type SignalingEnv, type TransportKind } from '../tests/e2e/fixtures';
import { median, type Sample, table } from './connect-stats';

/** Runs per case (interleaved round by round). */
const runs = Number(process.env.RUNS ?? 7);
/** Only these cases (comma-separated names), e.g. `ONLY=floor,relay,mqtt`. */
const only = process.env.ONLY?.split(',').filter(Boolean);
/** Longest a run may take before it counts as failed, ms. */
const runLimitMs = 20_000;

/** Records, in the page, the time (`performance.now()` ms) of the first frame on the viewer's video. */
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

/** With MARKS: records every long task (≥ 50 ms) of a page as a `porthole:long<ms>` mark at its start. */
const longTaskProbe = `
  new PerformanceObserver((list) => {
    for (const t of list.getEntries()) performance.mark('porthole:long' + Math.round(t.duration), { startTime: t.startTime });
  }).observe({ type: 'longtask', buffered: true });
`;

/** The ports the bench's servers print (connect-servers.mjs). */
interface Ports {
  httpPort: number;
  /** BASELINE_DIST's relay: the same cases on the build before a change, marked `(base)`. */
  baseHttpPort?: number;
  brokerPort: number;
  peerjsPort: number;
  pagePort: number;
  delayMs: number;
  delayed: { httpPort: number; brokerPort: number; peerjsPort: number };
}

/** The benchmark's servers, in a child process so the test runner's event loop cannot delay them. */
async function startServers(): Promise<{ child: ChildProcess; ports: Ports }> {
  const child = spawn(process.execPath, [new URL('./connect-servers.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, ports: JSON.parse(line) as Ports };
}

/** The signaling of one Porthole case: the app from the relay itself, signaling direct or through the delay. */
function portholeEnv(ports: Ports, kind: TransportKind, delayed: boolean, base: boolean): SignalingEnv {
  const at = delayed ? ports.delayed : ports;
  const noop = async (): Promise<void> => undefined;
  return {
    appUrl: `http://127.0.0.1:${base ? ports.baseHttpPort : ports.httpPort}/`,
    via: kind === 'relay' ? `relay:ws://127.0.0.1:${at.httpPort}/ws` : `mqtt:ws://127.0.0.1:${at.brokerPort}`,
    stop: noop,
    restart: noop,
    close: noop,
  };
}

/** Every `porthole:` mark of a page: name and `performance.now()` ms, with the page's time origin. */
function marksOf(page: Page) {
  return page.evaluate(() => ({
    origin: performance.timeOrigin,
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('porthole:') || m.name === 'bench:start')
      .map((m) => [m.name.replace('porthole:', ''), m.startTime] as const),
  }));
}

/** Both pages' marks on one clock: ms since the viewer's start (`zero`, the viewer's `performance.now()`). */
async function printMarks(name: string, ms: number, viewer: Page, sender: Page, zero: number): Promise<void> {
  const [v, s] = [await marksOf(viewer), await marksOf(sender)];
  const line = (marks: typeof v, shift: number) =>
    marks.marks
      .map(([mark, at]) => [mark, at + shift - zero] as const)
      .filter(([, at]) => at >= -1)
      .map(([mark, at]) => `${mark}@${at.toFixed(0)}`)
      .join(' ');
  console.log(
    `${name}: first frame ${ms.toFixed(0)} ms\n  viewer: ${line(v, 0)}\n  sender: ${line(s, s.origin - v.origin)}`,
  );
}

/** Waits for the probe's first frame; resolves with its time (`performance.now()` ms). */
async function probedFirstFrame(viewer: Page): Promise<number> {
  const handle = await viewer.waitForFunction(
    () => (window as unknown as { __firstFrameMs?: number }).__firstFrameMs,
    null,
    {
      timeout: runLimitMs,
    },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * How the viewer opens its link:
 * - `loaded`: in a page of the app already loaded, from setting the link's address (a
 *   same-document route change). The page is in its steady state: its service worker installed
 *   and active. (A first install precaches and compiles every asset in the page's process, about
 *   a second of CPU: a one-time job of a first visit, measured by `first`, not by this case.)
 * - `nav`: by navigation, as from a new tab, the service worker installed by a visit before;
 *   timed from navigation start.
 * - `first`: by navigation on a device that never opened the app (no worker, empty cache), as
 *   after scanning a QR code; timed from navigation start.
 */
type Opening = 'loaded' | 'nav' | 'first';

/** Resolves once the page's service worker is activated (its install, precache included, is over). */
function workerActivated(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker || worker.state === 'activated') return;
    await new Promise<void>((resolve) =>
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
    );
  });
}

/**
 * Porthole: the sender waits on a new room; the viewer opens its link (see `Opening`). Resolves
 * with the time to the viewer's first decoded frame.
 */
async function portholeRun(browser: Browser, env: SignalingEnv, opening: Opening, name: string): Promise<number> {
  const sender = await openPerson(browser);
  const viewer = await openPerson(browser);
  try {
    // The sender is set up, not timed: on a busy machine its camera may take longer than a test's 15 s.
    if (process.env.MARKS) for (const page of [viewer, sender]) await page.addInitScript(longTaskProbe);
    await sender.goto(`${env.appUrl}#/send?via=${encodeURIComponent(env.via)}`);
    await expectState(sender, 'waiting', 60_000);
    const link = (await sender.getByTestId('viewer-link').getAttribute('href'))!;
    await viewer.addInitScript(firstFrameProbe);
    let zero = 0;
    let firstFrame: number | undefined;
    let profiler: ((name: string, zero: number) => Promise<void>) | undefined;
    if (opening === 'nav') {
      // A first visit installs the service worker (it claims the page); the link then opens as from a new tab.
      await viewer.goto(`${env.appUrl}?warm=1#/`);
      await workerActivated(viewer);
      await viewer.goto(link);
    } else if (opening === 'first') {
      await viewer.goto(link);
    } else {
      await viewer.goto(`${env.appUrl}#/`);
      await viewer.waitForFunction(() => customElements.get('porthole-home') !== undefined);
      await workerActivated(viewer);
      await viewer.waitForTimeout(300); // the page settles, as it would before a person pastes a link
      profiler = await startProfile(process.env.PROFILE === 'sender' ? sender : viewer);
      // One call that sets the link and waits in the page, as the peers and the floor are timed:
      // no DevTools traffic (which the browser's main thread carries) during the join.
      const timed = await viewer.evaluate(
        ([hash, limitMs]) => {
          performance.mark('bench:start');
          const start = performance.now();
          location.hash = hash;
          return new Promise<{ start: number; frame: number }>((resolve, reject) => {
            const look = (): void => {
              const frame = (window as unknown as { __firstFrameMs?: number }).__firstFrameMs;
              if (frame !== undefined) resolve({ start, frame });
              else if (performance.now() - start > limitMs) reject(new Error('no frame in time'));
              else requestAnimationFrame(look);
            };
            requestAnimationFrame(look);
          });
        },
        [new URL(link).hash, runLimitMs] as const,
      );
      zero = timed.start;
      firstFrame = timed.frame;
    }
    const ms = (firstFrame ?? (await probedFirstFrame(viewer))) - zero;
    await profiler?.(name, zero);
    await expectState(viewer, 'active', 60_000);
    if (process.env.MARKS) await printMarks(name, ms, viewer, sender, zero);
    return ms;
  } finally {
    await sender.context().close();
    await viewer.context().close();
  }
}

/** With PROFILE=viewer|sender: samples that page's CPU; the returned stop writes /tmp/profile-<case>-<n>.json. */
async function startProfile(page: Page): Promise<((name: string, zero: number) => Promise<void>) | undefined> {
  if (!process.env.PROFILE) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async (name, zero) => {
    const now = await page.evaluate(() => performance.now());
    const { profile } = await cdp.send('Profiler.stop');
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
    const file = `/tmp/profile-${name.replace(/\W+/g, '-')}-${Date.now()}.json`;
    writeFileSync(file, JSON.stringify({ profile, pageNowAtStop: now, zero, marks }));
  };
}

/** A page of the peers' bench page (bench/peers), loaded. */
async function peersPage(browser: Browser, ports: Ports): Promise<Page> {
  const page = await openPerson(browser);
  await page.goto(`http://127.0.0.1:${ports.pagePort}/`);
  await page.waitForFunction(() => 'bench' in window);
  return page;
}

type PeerKind = 'peerjs' | 'trystero';

/** A peer (PeerJS with its server, Trystero over the MQTT broker): from the viewer's join in a loaded page to its first frame. */
async function peerRun(browser: Browser, ports: Ports, kind: PeerKind, delayed: boolean): Promise<number> {
  const at = delayed ? ports.delayed : ports;
  const id = `bench${Math.random().toString(36).slice(2, 12)}`;
  const sender = await peersPage(browser, ports);
  const viewer = await peersPage(browser, ports);
  try {
    const where =
      kind === 'peerjs' ? { port: at.peerjsPort, path: '/' } : { url: `ws://127.0.0.1:${at.brokerPort}`, room: id };
    await sender.evaluate(
      ([k, senderId, w]) => {
        const bench = (window as unknown as { bench: Record<string, (...args: unknown[]) => Promise<unknown>> }).bench;
        return k === 'peerjs' ? bench.peerjsSender!(senderId, w) : bench.trysteroSender!(w);
      },
      [kind, id, where] as const,
    );
    return await viewer.evaluate(
      async ([k, senderId, w, limitMs]) => {
        const bench = (window as unknown as { bench: Record<string, (...args: unknown[]) => Promise<number>> }).bench;
        const start = performance.now();
        const first = k === 'peerjs' ? bench.peerjsViewer!(senderId, w) : bench.trysteroViewer!(w);
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), limitMs));
        return (await Promise.race([first, timeout])) - start;
      },
      [kind, id, where, runLimitMs] as const,
    );
  } finally {
    await sender.context().close();
    await viewer.context().close();
  }
}

/**
 * The floor in a loaded page: camera, two peer connections in one page exchanging SDP directly,
 * first frame. One page for every run, warmed by a first run that is not counted (the sender's
 * camera, like this page's, has been on before a viewer starts).
 */
function floorRunner(browser: Browser, ports: Ports): () => Promise<number> {
  let page: Promise<Page> | undefined;
  const floor = (p: Page) =>
    p.evaluate(async () => {
      const start = performance.now();
      const bench = (window as unknown as { bench: { floor: () => Promise<number> } }).bench;
      return (await bench.floor()) - start;
    });
  return async () => {
    page ??= peersPage(browser, ports).then(async (p) => {
      await floor(p);
      return p;
    });
    return floor(await page);
  };
}

/** The floor page opened by navigation: navigation start to its first frame (its load and camera included). */
async function floorNavRun(browser: Browser, ports: Ports): Promise<number> {
  const page = await openPerson(browser);
  try {
    await page.goto(`http://127.0.0.1:${ports.pagePort}/?floor=1`);
    const handle = await page.waitForFunction(
      () => (window as unknown as { benchFirstFrameMs?: number }).benchFirstFrameMs,
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await page.context().close();
  }
}

/** One case of the bench: its name, what its ratio is taken against, and one run. */
interface Case {
  name: string;
  floor: 'floor' | 'floor-nav' | undefined;
  run: () => Promise<number>;
}

/** Every case, in the order of a round. */
function cases(browser: Browser, ports: Ports): Case[] {
  const d = `+${ports.delayMs}ms`;
  const porthole = (kind: TransportKind, delayed: boolean, opening: Opening = 'loaded'): Case[] =>
    [false, ...(ports.baseHttpPort ? [true] : [])].map((base) => {
      const how = opening === 'loaded' ? '' : ` ${opening}`;
      const name = `porthole ${kind}${delayed ? ` ${d}` : ''}${how}${base ? ' (base)' : ''}`;
      return {
        name,
        floor: opening === 'loaded' ? 'floor' : 'floor-nav',
        run: () => portholeRun(browser, portholeEnv(ports, kind, delayed, base), opening, name),
      };
    });
  const peer = (kind: PeerKind, delayed: boolean): Case => ({
    name: `${kind}${delayed ? ` ${d}` : ''}`,
    floor: 'floor',
    run: () => peerRun(browser, ports, kind, delayed),
  });
  return [
    { name: 'floor', floor: undefined, run: floorRunner(browser, ports) },
    { name: 'floor-nav', floor: undefined, run: () => floorNavRun(browser, ports) },
    ...porthole('relay', false),
    peer('peerjs', false),
    ...porthole('mqtt', false),
    peer('trystero', false),
    ...porthole('relay', true),
    peer('peerjs', true),
    ...porthole('mqtt', true),
    peer('trystero', true),
    ...porthole('relay', false, 'nav'),
    ...porthole('mqtt', false, 'nav'),
    ...porthole('relay', false, 'first'),
    ...porthole('mqtt', false, 'first'),
  ].filter((c) => !only || only.some((o) => c.name.replace(/ \(base\)$/, '').replace(/ /g, '-') === o));
}

test('time from the viewer starting to its first decoded frame', async ({ browser }) => {
  test.setTimeout(0);
  const { child, ports } = await startServers();
  const all = cases(browser, ports);
  const samples = new Map<string, Sample>(all.map((c) => [c.name, { ms: [], failures: [] }]));
  try {
    for (let round = 0; round < runs; round += 1) {
      for (const c of all) {
        const sample = samples.get(c.name)!;
        try {
          sample.ms.push(await c.run());
          console.log(`  round ${round + 1}: ${c.name} ${sample.ms.at(-1)!.toFixed(0)} ms`);
        } catch (error) {
          sample.failures.push(String(error).split('\n').slice(0, 6).join(' ').slice(0, 300));
          console.log(`  round ${round + 1}: ${c.name} failed`);
        }
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  const floors = Object.fromEntries(['floor', 'floor-nav'].map((n) => [n, samples.get(n)?.ms ?? []]));
  console.log(
    `\nbench:connect — ${runs} rounds, interleaved; loopback, headless Chromium, fake camera; ` +
      `delay ${ports.delayMs} ms one way through a proxy; load average ${loadAverage()}`,
  );
  console.log(
    table(
      all.map((c) => ({
        name: c.name,
        sample: samples.get(c.name)!,
        floorMs: c.floor && floors[c.floor]!.length > 0 ? median(floors[c.floor]!) : undefined,
      })),
    ),
  );
  for (const c of all) {
    for (const failure of samples.get(c.name)!.failures) console.log(`  failed: ${c.name}: ${failure}`);
  }
});

/** The machine's load averages over 1, 5 and 15 min. */
function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
