/**
 * Clips on the real viewer in monitor mode: the clip button keeps the last seconds of the
 * sender's stream and saves them as a playable file of the expected length (decoded in the page).
 * The window is 4 s here instead of 30 s (the element's `windowMs`): a clip covers 4 to 6 s.
 */
import type { PortholeClipButton } from '../../src/ui/monitor/porthole-clip-button';
import { expect, expectState, startSender, test, videoAdvances } from './fixtures';

/** The window the test records, in ms. */
const windowMs = 4_000;

test('a saved clip is a playable file covering the last seconds; before any recording, "Nothing recorded yet"', async ({
  person,
  env,
}) => {
  const link = await startSender(await person(), env);
  const viewer = await person();
  await viewer.goto(`${link}&mode=monitor`);
  await expectState(viewer, 'active');
  await videoAdvances(viewer, 'porthole-viewer video', 3);

  const clipButton = viewer.locator('porthole-clip-button');
  await expect(clipButton.getByRole('button', { name: /^Save a clip of the last 30 seconds/ })).toBeVisible();
  // A new window starts a new recording: saved at once, there is nothing yet.
  const nothing = await clipButton.evaluate(async (el: PortholeClipButton, ms) => {
    el.windowMs = ms;
    await el.updateComplete;
    return (await el.saveClip()) === undefined;
  }, windowMs);
  expect(nothing).toBe(true);
  await expect(clipButton.getByTestId('clip-feedback')).toHaveText('Nothing recorded yet');

  await viewer.evaluate(() => {
    addEventListener('porthole-clip', (event) => {
      (window as unknown as { savedClip: unknown }).savedClip = (event as CustomEvent).detail;
    });
  });
  // The recorder needs the window's length of video before a clip covers it.
  await viewer.waitForTimeout(windowMs + 500);
  const download = viewer.waitForEvent('download');
  await clipButton.getByRole('button', { name: /^Save a clip of the last 4 seconds/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^porthole-clip-\d{8}-\d{6}\.(webm|mp4)$/);
  await expect(clipButton.getByTestId('clip-feedback')).toHaveText(/^Clip saved \(\d+ s\)$/);

  // The recordings stop (three encoders, as there were then, on two busy cores starved the decode below for 30 s in CI).
  await clipButton.evaluate(async (el: PortholeClipButton) => {
    el.stream = null;
    await el.updateComplete;
  });
  // The file plays: its duration, decoded by a <video> (a recorder's WebM says Infinity until sought to the end).
  const decoded = await viewer.evaluate(async () => {
    const { blob, durationMs } = (window as unknown as { savedClip: { blob: Blob; durationMs: number } }).savedClip;
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.style.width = '64px';
    document.body.append(video);
    video.src = URL.createObjectURL(blob);
    video.load();
    const within = <T>(what: string, promise: Promise<T>): Promise<T> =>
      Promise.race([
        promise,
        new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in 30 s`)), 30_000)),
      ]);
    await within(
      'metadata',
      new Promise((resolve, reject) => {
        video.onloadedmetadata = resolve;
        video.onerror = () => reject(new Error(`not playable: ${video.error?.message}`));
      }),
    );
    if (!Number.isFinite(video.duration)) {
      await within(
        'duration',
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (Number.isFinite(video.duration)) resolve();
          };
          video.ondurationchange = check;
          video.onseeked = check;
          video.currentTime = 1e9;
        }),
      );
    }
    URL.revokeObjectURL(video.src);
    video.remove();
    return { seconds: video.duration, width: video.videoWidth, type: blob.type, measuredMs: durationMs };
  });
  test.info().annotations.push({ type: 'clip', description: JSON.stringify(decoded) });
  expect(decoded.type).toMatch(/^video\/(webm|mp4)/);
  expect(decoded.width).toBeGreaterThan(0);
  // Two takes a window apart: a clip covers the window, at most a window more (less the first frame's wait).
  expect(decoded.measuredMs).toBeGreaterThanOrEqual(windowMs);
  expect(decoded.measuredMs).toBeLessThanOrEqual(windowMs * 2 + 1_000);
  expect(decoded.seconds).toBeGreaterThan(windowMs / 1000 - 1.5);
  expect(decoded.seconds).toBeLessThan((windowMs * 2) / 1000 + 1.5);
});
