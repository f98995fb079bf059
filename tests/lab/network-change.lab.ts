import { moveClientAddress, otherClientAddress } from './network';
import { selectedPairs } from './page-probe';
import { markFrames, waitForSteadyVideo } from './recovery';
import { labVia } from './servers';
import { expect, expectState, startSender, test } from './lab-fixtures';

/** How long the video may take to come back after the network changed. */
const recoveryLimitMs = 30_000;

test('b: the address carrying the media changes mid-stream: video comes back', async ({ person }) => {
  const sender = await person('sender');
  const link = await startSender(sender, labVia.relay);
  const viewer = await person('viewer');
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 20_000, observeMs: 0 });

  const [before] = await selectedPairs(viewer);
  expect(before?.local).toMatch(/^10\.77\./);
  const from = before!.local!;
  const to = otherClientAddress(from);
  const mark = await markFrames(viewer);
  moveClientAddress(from, to);
  const recovery = await waitForSteadyVideo(viewer, mark, { timeoutMs: recoveryLimitMs });
  console.log(
    `b: ${from} → ${to}: video back after ${recovery.recoveredMs} ms (longest pause ${recovery.maxGapMs} ms, ${recovery.outages} outage(s))`,
  );
  // The media really moved: the old address is gone, and the new one carries it.
  const [after] = await selectedPairs(viewer);
  expect(after?.local).toBe(to);
  await expectState(viewer, 'active');
  await expectState(sender, 'active');
});
