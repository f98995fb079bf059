import { markFrames, waitForSteadyVideo } from './recovery';
import { labVia } from './servers';
import { expect, expectState, startSender, test } from './lab-fixtures';

test('g: the sender page is hidden, its camera track ends, it is shown again: video resumes', async ({ person }) => {
  const sender = await person('sender');
  const link = await startSender(sender, labVia.relay);
  const viewer = await person('viewer');
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await waitForSteadyVideo(viewer, await markFrames(viewer), { timeoutMs: 20_000, observeMs: 0 });

  const mark = await markFrames(viewer);
  // What a phone does to a backgrounded page: hidden, the camera taken away, shown again later.
  // Playwright cannot hide a page, so the page's visibility is overridden and the events fired.
  // While hidden, the viewer shows the camera paused by the phone (not a lost connection).
  const pausedShown = viewer.getByTestId('peer-paused').waitFor({ state: 'visible', timeout: 10_000 });
  const stopped = await sender.evaluate(async () => {
    const setVisibility = (state: DocumentVisibilityState): void => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    setVisibility('hidden');
    const preview = document
      .querySelector('porthole-app')
      ?.shadowRoot?.querySelector('porthole-sender')
      ?.shadowRoot?.querySelector('video');
    const tracks = (preview?.srcObject as MediaStream | null)?.getVideoTracks() ?? [];
    for (const track of tracks) track.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    setVisibility('visible');
    return { tracks: tracks.length, shownAt: Date.now() };
  });
  expect(stopped.tracks).toBeGreaterThan(0);
  await pausedShown;
  const recovery = await waitForSteadyVideo(viewer, mark, { timeoutMs: 20_000 });
  console.log(
    `g: camera stopped while hidden for 2000 ms: viewer video back ${mark.at + recovery.recoveredMs - stopped.shownAt} ms after the page was shown (longest pause ${recovery.maxGapMs} ms)`,
  );
  expect(recovery.outages).toBeGreaterThan(0); // stopping the track really stopped the video
  await expectState(viewer, 'active');
  await expectState(sender, 'active');
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
});
