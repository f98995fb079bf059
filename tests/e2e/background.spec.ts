/**
 * Sessions that survive the background (issue 9) and a pause that really pauses (issue 10), in
 * real Chromium with the fake camera. Playwright cannot send a page to the background, so the
 * page's visibility is overridden and `visibilitychange` fired, as a phone would.
 */
import type { Page } from '@playwright/test';
import { appRoot, expect, expectState, startSender, test, videoAdvances } from './fixtures';
import { recordCameraStreams } from './camera-streams';

// Two pages negotiating, some twice: generous on a machine busy with other browser tests.
test.describe.configure({ timeout: 240_000 });

/** Shows or hides the page as far as the app can tell, firing `visibilitychange`. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The `enabled` of the newest camera stream's tracks (what the sender sends now). */
async function sentTracks(page: Page): Promise<{ audio: boolean[]; video: boolean[] }> {
  return page.evaluate(() => {
    const stream = (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.at(-1);
    return {
      audio: stream?.getAudioTracks().map((t) => t.enabled) ?? [],
      video: stream?.getVideoTracks().map((t) => t.enabled) ?? [],
    };
  });
}

/** A sender (recording its camera streams) and a viewer with frames arriving. */
async function livePair(person: () => Promise<Page>, env: Parameters<typeof startSender>[1]) {
  const sender = await person();
  await sender.addInitScript(recordCameraStreams);
  const link = await startSender(sender, env);
  const viewer = await person();
  await viewer.goto(link);
  // Generous: the machine may be busy with other browser tests.
  await expectState(viewer, 'active', 45_000);
  await expectState(sender, 'active', 45_000);
  await videoAdvances(viewer, 'porthole-viewer video', 3, 45_000);
  return { sender, viewer, link };
}

test('the sender goes to the background: live while its camera runs, paused (not gone) once the camera stops; shown again, video again', async ({
  person,
  env,
}) => {
  const { sender, viewer } = await livePair(person, env);

  await setVisibility(sender, 'hidden');
  // A laptop's browser keeps the camera running in a background tab: the picture stays live.
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);

  // What a phone does to a page in the background: the camera is taken away.
  const stopped = await sender.evaluate(() => {
    const streams = (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams;
    const tracks = streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live');
    for (const track of tracks) track.stop();
    return tracks.length;
  });
  expect(stopped).toBeGreaterThan(0);
  await expect(viewer.getByTestId('peer-paused')).toBeVisible({ timeout: 20_000 });
  await expect(viewer.getByTestId('peer-paused')).toHaveAttribute('data-by', 'phone');
  await expectState(viewer, 'active', 60_000); // paused, not disconnected
  await setVisibility(sender, 'visible');

  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
  await expectState(viewer, 'active', 60_000);
  const camerasOpened = await sender.evaluate(
    () => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.length,
  );
  expect(camerasOpened).toBe(2); // reopened once
});

test('a sender the person paused stays paused through the background', async ({ person, env }) => {
  const { sender, viewer } = await livePair(person, env);
  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toBeVisible();
  await expect(viewer.getByTestId('peer-paused')).toHaveAttribute('data-by', 'person');
  await setVisibility(sender, 'hidden');
  await setVisibility(sender, 'visible');
  // Give a wrong "resumed" time to arrive, then check the viewer still shows the pause.
  await sender.waitForTimeout(1000);
  await expect(viewer.getByTestId('peer-paused')).toBeVisible();
  await expect(viewer.getByTestId('peer-paused')).toHaveAttribute('data-by', 'person');
  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
});

test('pause stops the microphone too; resume gives back what the person had chosen', async ({ person, env }) => {
  const { sender, viewer } = await livePair(person, env);
  expect(await sentTracks(sender)).toEqual({ audio: [true], video: [true] });

  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toBeVisible();
  expect(await sentTracks(sender)).toEqual({ audio: [false], video: [false] });
  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
  expect(await sentTracks(sender)).toEqual({ audio: [true], video: [true] });

  // Muted before the pause: still muted after it.
  await sender.getByTestId('mic').click();
  expect(await sentTracks(sender)).toEqual({ audio: [false], video: [true] });
  await sender.getByTestId('pause').click();
  expect(await sentTracks(sender)).toEqual({ audio: [false], video: [false] });
  await sender.getByTestId('pause').click();
  expect(await sentTracks(sender)).toEqual({ audio: [false], video: [true] });
  await videoAdvances(viewer, 'porthole-viewer video', 3);
});

test('a reload of #/send?r=… on the device that made the room resumes it without asking, and the viewer plays again', async ({
  person,
  env,
}) => {
  const { sender, viewer } = await livePair(person, env);
  const before = sender.url();
  await sender.reload();
  expect(sender.url()).toBe(before);
  await expectState(sender, 'active', 60_000);
  await expect(sender.getByTestId('consent')).toHaveCount(0);
  await expectState(viewer, 'active', 60_000);
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
});

test('the sender page restored from the back/forward cache (pageshow persisted) reopens its room', async ({
  person,
  env,
}) => {
  const { sender, viewer } = await livePair(person, env);
  // Chromium never keeps a page that was granted the camera in its back/forward cache
  // (notRestoredReasons: WasGrantedMediaAccess), so the two events are fired as a restore would.
  await sender.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  await expectState(viewer, 'waiting', 60_000); // the sender said bye
  await sender.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  await expectState(sender, 'active', 60_000);
  await expectState(viewer, 'active', 60_000);
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
});

test('the viewer page restored from the back/forward cache rejoins', async ({ person, env }) => {
  const { sender, viewer } = await livePair(person, env);
  // A mark on the page: still there after going back only when the page came from the cache.
  await viewer.evaluate(() => {
    (window as unknown as { kept: boolean }).kept = true;
  });
  await viewer.goto('about:blank');
  await viewer.goBack();
  const cached = await viewer.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
  if (cached) {
    await expectState(viewer, 'active', 60_000);
    await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
  } else {
    const reasons = await viewer.evaluate(() =>
      JSON.stringify(
        (performance.getEntriesByType('navigation')[0] as unknown as { notRestoredReasons?: unknown })
          ?.notRestoredReasons ?? null,
      ),
    );
    console.log(`viewer: not restored from the back/forward cache, loaded afresh (notRestoredReasons ${reasons})`);
    await expectState(viewer, 'active', 60_000);
    await videoAdvances(viewer, 'porthole-viewer video', 3, 20_000);
    // The restore itself, as the cache would fire it.
    await viewer.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    await expectState(sender, 'waiting', 60_000); // the viewer said bye
    await viewer.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await expectState(viewer, 'active', 60_000);
  }
  await expectState(sender, 'active', 60_000);
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
});

test('ATTACK: a room that ended stays ended after a back/forward-cache restore (a retired link does not come back)', async ({
  person,
  env,
}) => {
  const { sender, viewer } = await livePair(person, env);
  await sender.getByTestId('more').click();
  await sender.getByTestId('new-link').click();
  await sender.getByTestId('new-link-confirm').click();
  await expect(appRoot(viewer)).toHaveAttribute('data-reason', 'retired', { timeout: 30_000 });

  await viewer.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  await viewer.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  // Give a wrong reopen time to happen: the viewer would leave 'error' for 'init' or 'waiting'.
  await viewer.waitForTimeout(3000);
  await expectState(viewer, 'error');
  await expect(appRoot(viewer)).toHaveAttribute('data-reason', 'retired');
});
