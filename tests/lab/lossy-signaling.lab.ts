import type { Browser, Page } from '@playwright/test';
import { startLossyProxy } from './lossy-proxy';
import { frameLog, joinMarks, peerConnectionCounts } from './page-probe';
import { median } from './recovery';
import { labPorts } from './servers';
import { appRoot, expect, openLabPerson, startSender, test } from './lab-fixtures';

/**
 * Fresh pairs to run (LAB_PAIRS): 5 by default (about 15 s each on a busy 2-core machine, so the
 * lab stays short); 20, as the issue asks, with LAB_LOSSY=1.
 */
const pairCount = Number(process.env.LAB_PAIRS ?? (process.env.LAB_LOSSY === '1' ? 20 : 5));
/** Share of pub/msg frames the proxy drops (LAB_LOSS). */
const lossRate = Number(process.env.LAB_LOSS ?? 0.1);
/** Delay of every frame, each way (LAB_DELAY_MS). */
const signalDelayMs = Number(process.env.LAB_DELAY_MS ?? 300);
/** Pairs run at once (LAB_CONCURRENCY, default 1: on 2 cores, concurrent pairs slow each other's first frame). */
const concurrency = Number(process.env.LAB_CONCURRENCY ?? 1);
/** A pair counts as connected when the viewer shows a frame this soon after opening the link. */
const firstFrameLimitMs = 20_000;
/** How often the viewer's frame log is read. */
const pollMs = 100;

/** A page's app state and status line, for the log of a pair that failed. */
async function pageSummary(page: Page): Promise<string> {
  const state = await appRoot(page)
    .getAttribute('data-state', { timeout: 1_000 })
    .catch(() => '?');
  const status = await page
    .getByTestId('status')
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => '');
  const pcs = await peerConnectionCounts(page).catch(() => undefined);
  return `${state}, "${(status ?? '').trim()}", peer connections ${pcs ? `${pcs.live} live of ${pcs.created}` : '?'}`;
}

/** One fresh pair through a new proxy seeded with `seed`: ms from opening the link to the first frame, or null. */
async function onePair(browser: Browser, seed: number): Promise<number | null> {
  const proxy = await startLossyProxy({
    upstream: `ws://127.0.0.1:${labPorts.relayHttp}`,
    port: 0, // one proxy per pair, so pairs may run at once
    delayMs: signalDelayMs,
    lossRate,
    seed,
  });
  const sender = await openLabPerson(browser, `sender ${seed}`);
  const viewer = await openLabPerson(browser, `viewer ${seed}`);
  try {
    const link = await startSender(sender, `relay:${proxy.url}/ws`).catch(() => null);
    if (!link) {
      console.log(`f: pair ${seed}: the sender never reached waiting (${await pageSummary(sender)})`);
      return null;
    }
    const openedAt = Date.now();
    await viewer.goto(link);
    while (Date.now() - openedAt < firstFrameLimitMs) {
      const { firstAt } = await frameLog(viewer);
      if (firstAt !== null) {
        if (process.env.LAB_MARKS === '1') {
          console.log(`f: pair ${seed}: viewer s after the link opened: ${await joinMarks(viewer, openedAt)}`);
          console.log(`f: pair ${seed}: sender s after the link opened: ${await joinMarks(sender, openedAt)}`);
        }
        return firstAt - openedAt;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    console.log(`f: pair ${seed}: no frame: viewer ${await pageSummary(viewer)}; sender ${await pageSummary(sender)}`);
    console.log(
      `f: pair ${seed}: viewer s after the link opened: ${await joinMarks(viewer, openedAt).catch(() => '?')}`,
    );
    console.log(
      `f: pair ${seed}: sender s after the link opened: ${await joinMarks(sender, openedAt).catch(() => '?')}`,
    );
    return null;
  } finally {
    await Promise.all([sender.context().close(), viewer.context().close()]);
    await proxy.close();
  }
}

test.describe('f: lossy, slow signaling', () => {
  // The issue's target: every pair connected at 10% loss with 300 ms each way (every handshake
  // step is re-sent until the next one shows it arrived: docs/ARCHITECTURE.md, "Re-sends").
  test.setTimeout(Math.ceil(pairCount / concurrency) * (firstFrameLimitMs + 40_000));

  test(`f: ${pairCount} fresh pairs at ${Math.round(lossRate * 100)}% pub/msg loss, ${signalDelayMs} ms each way: every pair gets video within 20 s`, async ({
    browser,
  }) => {
    const times: number[] = [];
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next <= pairCount) {
        const seed = next++;
        const ms = await onePair(browser, seed);
        console.log(`f: pair ${seed}: ${ms === null ? 'no video' : `first frame after ${ms} ms`}`);
        if (ms !== null) times.push(ms);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pairCount) }, worker));
    const medianText = times.length ? `${Math.round(median(times))} ms` : 'n/a';
    console.log(
      `f: ${times.length}/${pairCount} pairs connected, median time ${medianText} (loss ${lossRate}, delay ${signalDelayMs} ms each way, ${concurrency} pairs at a time)`,
    );
    expect(times.length).toBe(pairCount);
  });
});
