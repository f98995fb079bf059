import type { Page } from '@playwright/test';
import { expectState, startSender, test } from '../tests/lab/lab-fixtures';
import { startLossyProxy } from '../tests/lab/lossy-proxy';
import { clientAddresses, moveClientAddress, otherClientAddress } from '../tests/lab/network';
import { type FrameLog, frameLog, peerConnectionCounts } from '../tests/lab/page-probe';
import { markFrames, median, waitForSteadyVideo } from '../tests/lab/recovery';
import { labPorts } from '../tests/lab/servers';

/** How long the pair stays live (SOAK_MINUTES). */
const soakMinutes = Number(process.env.SOAK_MINUTES ?? 30);
/** Minutes between network changes (SOAK_CHANGE_MINUTES); short runs get three changes. */
const changeMinutes = Number(process.env.SOAK_CHANGE_MINUTES ?? Math.min(5, soakMinutes / 4));
/** Signaling loss once the pair is live. */
const soakLossRate = 0.05;
/** Signaling delay, each way. */
const signalDelayMs = 300;
/** The fake camera's frame interval (20 fps). */
const frameIntervalMs = 50;
/** How long one recovery may take before it counts as failed. */
const recoveryLimitMs = 60_000;

/** JS heap in use on a page (after a garbage collection), MiB. */
async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}

/** Heap and peer connections of both pages. */
async function snapshot(sender: Page, viewer: Page) {
  return {
    senderHeapMiB: await heapMiB(sender),
    viewerHeapMiB: await heapMiB(viewer),
    sender: await peerConnectionCounts(sender),
    viewer: await peerConnectionCounts(viewer),
  };
}

/** Frames missing in the log's recorded gaps, at the fake camera's rate. */
function framesLost(log: FrameLog): number {
  return log.gaps.reduce((sum, gap) => sum + Math.max(0, Math.round(gap.gapMs / frameIntervalMs) - 1), 0);
}

test('soak: one pair live through network changes and lossy signaling', async ({ person }) => {
  const proxy = await startLossyProxy({
    upstream: `ws://127.0.0.1:${labPorts.relayHttp}`,
    port: labPorts.proxy,
    delayMs: signalDelayMs,
    lossRate: 0, // the pair connects first; the soak is about staying live
    seed: 7,
  });
  try {
    const via = `relay:${proxy.url}/ws`;
    const sender = await person('sender');
    const link = await startSender(sender, via);
    const viewer = await person('viewer');
    await viewer.goto(link);
    await expectState(viewer, 'active', 30_000);
    await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 30_000, observeMs: 0 });
    proxy.setLossRate(soakLossRate);
    const start = await snapshot(sender, viewer);
    const startLog = await frameLog(viewer);
    const startedAt = Date.now();
    const endAt = startedAt + soakMinutes * 60_000;
    console.log(
      `soak: ${soakMinutes} min, network change every ${changeMinutes} min, ${soakLossRate * 100}% signaling loss, ${signalDelayMs} ms each way; start ${JSON.stringify(start)}`,
    );

    const recoveries: number[] = [];
    let failedRecoveries = 0;
    let nextChangeAt = startedAt + changeMinutes * 60_000;
    while (nextChangeAt < endAt) {
      await new Promise((resolve) => setTimeout(resolve, nextChangeAt - Date.now()));
      const from = clientAddresses()[0]!;
      const to = otherClientAddress(from);
      const mark = await markFrames(viewer);
      // A phone changing networks loses its address and its open connections at once.
      moveClientAddress(from, to);
      proxy.cutAll();
      try {
        const recovery = await waitForSteadyVideo(viewer, mark, { timeoutMs: recoveryLimitMs });
        recoveries.push(recovery.recoveredMs);
        console.log(
          `soak: ${from} → ${to} at ${Math.round((mark.at - startedAt) / 1000)} s: video back after ${recovery.recoveredMs} ms`,
        );
      } catch (error) {
        failedRecoveries += 1;
        console.log(`soak: ${from} → ${to}: ${error instanceof Error ? error.message : String(error)}`);
      }
      nextChangeAt += changeMinutes * 60_000;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now())));

    const end = await snapshot(sender, viewer);
    const log = await frameLog(viewer);
    const gaps = log.gaps.filter((gap) => gap.endAt > startedAt);
    const outages = gaps.filter((gap) => gap.gapMs >= 1_000);
    const soakLog = { ...log, gaps };
    const reconnections = end.viewer.created - start.viewer.created;
    console.log(
      [
        `soak: done after ${Math.round((Date.now() - startedAt) / 1000)} s; proxy ${JSON.stringify(proxy.stats())}`,
        `soak: network changes ${recoveries.length + failedRecoveries}, recovered ${recoveries.length}, failed ${failedRecoveries}`,
        `soak: recovery median ${recoveries.length ? median(recoveries) : 'n/a'} ms, max ${recoveries.length ? Math.max(...recoveries) : 'n/a'} ms`,
        `soak: reconnections (new viewer peer connections) ${reconnections}, video outages ≥ 1 s ${outages.length}`,
        `soak: frames ${log.count - startLog.count} presented, ~${framesLost(soakLog)} lost in ${gaps.length} gaps ≥ 250 ms (longest ${Math.max(0, ...gaps.map((gap) => gap.gapMs))} ms)`,
        `soak: heap MiB sender ${start.senderHeapMiB} → ${end.senderHeapMiB}, viewer ${start.viewerHeapMiB} → ${end.viewerHeapMiB}`,
        `soak: live RTCPeerConnections sender ${start.sender.live} → ${end.sender.live} (${end.sender.created} made), viewer ${start.viewer.live} → ${end.viewer.live} (${end.viewer.created} made)`,
      ].join('\n'),
    );
    // The soak ends with a live pair: steady video now.
    await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 30_000 });
  } finally {
    await proxy.close();
  }
});
