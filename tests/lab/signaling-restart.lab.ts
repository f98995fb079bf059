import type { Page } from '@playwright/test';
import { peerConnectionCounts } from './page-probe';
import { markFrames, waitForSteadyVideo } from './recovery';
import { labVia, type ServerProcess } from './servers';
import { expect, expectState, startSender, test } from './lab-fixtures';

/** How long the signaling server stays dead. */
const downMs = 5_000;
/** Two pairs set up, an outage and its recovery: more than the lab's default test time on a busy machine. */
const scenarioTimeoutMs = 180_000;

/**
 * Kills `server` mid-stream and starts it again on the same port: the video must keep playing
 * (or come back), and after the restart the viewer leaves and a NEW viewer gets video.
 */
async function killAndRestart(
  label: string,
  server: ServerProcess,
  via: string,
  person: (name: string) => Promise<Page>,
) {
  const sender = await person('sender');
  const link = await startSender(sender, via);
  const viewer = await person('viewer');
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 20_000, observeMs: 0 });

  const before = await peerConnectionCounts(viewer);
  const mark = await markFrames(viewer);
  await server.kill();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await server.start();
  const during = await waitForSteadyVideo(viewer, mark, { timeoutMs: 30_000, observeMs: downMs + 2_000 });
  const after = await peerConnectionCounts(viewer);
  console.log(
    `${label}: down ${downMs} ms: video ${during.outages ? `came back after ${during.recoveredMs} ms` : 'never stopped'} (longest pause ${during.maxGapMs} ms; viewer peer connections made ${before.created} → ${after.created})`,
  );
  await expectState(viewer, 'active');
  await expectState(sender, 'active');

  // Signaling must work again for a whole new offer/answer: the viewer's page closes (its goodbye
  // on pagehide goes through the restarted server) and a new device takes its place.
  const leftAt = Date.now();
  await viewer.close({ runBeforeUnload: true });
  await expectState(sender, 'waiting', 20_000);
  console.log(`${label}: the sender saw the viewer leave after ${Date.now() - leftAt} ms`);
  const newcomer = await person('new viewer');
  const openedAt = Date.now();
  await newcomer.goto(link);
  await expectState(newcomer, 'active', 20_000);
  const fresh = await waitForSteadyVideo(newcomer, await markFrames(newcomer), { timeoutMs: 20_000, observeMs: 0 });
  console.log(
    `${label}: a new viewer after the restart has steady video ${Date.now() - openedAt} ms after opening the link`,
  );
  expect(fresh.framesAfter).toBeGreaterThanOrEqual(20);
}

test('c: the relay is killed and restarted mid-stream: video goes on, a new viewer connects', async ({
  person,
  relay,
}) => {
  test.setTimeout(scenarioTimeoutMs);
  await killAndRestart('c', relay, labVia.relay, person);
});

test('d: the MQTT broker is killed and restarted mid-stream: video goes on, a new viewer connects', async ({
  person,
  broker,
}) => {
  test.setTimeout(scenarioTimeoutMs);
  await killAndRestart('d', broker, labVia.mqtt, person);
});
