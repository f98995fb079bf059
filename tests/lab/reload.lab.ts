import type { Page } from '@playwright/test';
import { frameLog } from './page-probe';
import { markFrames, waitForSteadyVideo } from './recovery';
import { labVia } from './servers';
import { expect, expectState, startSender, test } from './lab-fixtures';

/** Reloads `page` and measures how long the viewer takes to show steady video again. */
async function reloadAndRecover(label: string, page: Page, viewer: Page): Promise<void> {
  const mark = await markFrames(viewer);
  await page.reload();
  const recovery = await waitForSteadyVideo(viewer, mark, { timeoutMs: 30_000 });
  const steadyMs = Date.now() - mark.at;
  const firstMs = page === viewer ? `first frame after ${((await frameLog(viewer)).firstAt ?? 0) - mark.at} ms, ` : '';
  console.log(
    `e: ${label} reload: ${firstMs}steady video ${steadyMs} ms after the reload (longest pause ${recovery.maxGapMs} ms)`,
  );
  await expectState(viewer, 'active');
}

test('e: sender reload, then viewer reload: the viewer is back to video each time', async ({ person }) => {
  const sender = await person('sender');
  const link = await startSender(sender, labVia.relay);
  const viewer = await person('viewer');
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 20_000, observeMs: 0 });
  // The sender's own page keeps its room across a reload (its address carries the room).
  expect(sender.url()).toContain('r=');

  await reloadAndRecover('sender', sender, viewer);
  await expectState(sender, 'active');
  // The viewer's probe restarts with the page: a reloaded viewer counts frames anew.
  await reloadAndRecover('viewer', viewer, viewer);
  await expectState(sender, 'active');
});
