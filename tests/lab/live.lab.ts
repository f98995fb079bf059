import { clientAddress } from './network';
import { selectedPairs } from './page-probe';
import { markFrames, waitForSteadyVideo } from './recovery';
import { labVia } from './servers';
import { expect, expectState, startSender, test } from './lab-fixtures';

test('a: live video over the 10.x path, loopback disallowed for media', async ({ person }) => {
  const t0 = Date.now();
  const sender = await person('sender');
  const link = await startSender(sender, labVia.relay);
  console.log(`a: sender waiting after ${Date.now() - t0} ms`);
  const viewer = await person('viewer');
  const openedAt = Date.now();
  await viewer.goto(link);
  await expectState(viewer, 'active');
  console.log(`a: viewer active after ${Date.now() - openedAt} ms`);
  const video = await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 20_000, observeMs: 0 });
  console.log(`a: viewer active and 20 steady frames ${Date.now() - openedAt} ms after opening the link`);
  expect(video.framesAfter).toBeGreaterThanOrEqual(20);

  for (const page of [sender, viewer]) {
    const pairs = await selectedPairs(page);
    console.log(`a: selected pairs ${JSON.stringify(pairs)}`);
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      expect(pair.local).toBe(clientAddress);
      expect(pair.remote).toBe(clientAddress);
    }
  }
  await expectState(sender, 'active');
});
