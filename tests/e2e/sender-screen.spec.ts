// The sender's screen as a person sees it, at phone portrait, phone landscape and laptop size, dark
// English and light Chinese: while it waits the QR code is wholly on screen without scrolling;
// once a viewer connects a live banner names them; Stop and New link ask first in the page; pause
// stops picture and sound; Flip shows only with two cameras. Screenshots go to the output folder.
import type { BrowserContextOptions, Page } from '@playwright/test';
import { expect, expectState, startSender, test, videoAdvances, type SignalingEnv } from './fixtures';
import { recordCameraStreams, liveCameraTracks } from './camera-streams';
import { minTargetPx, onScreen, pageWidths, layoutCases, targetsTooSmall, useLook } from './layout-helpers';

/** The `person` fixture: a new page for one more device. */
type Person = (options?: BrowserContextOptions) => Promise<Page>;

/** A phone's user agent: the viewer's device name becomes "Chrome on Android". */
const androidAgent =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const viewerName = 'Chrome on Android';

/** Checks finger-sized targets and no sideways scrolling, and keeps a screenshot of what is on screen. */
async function checkLayout(page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${shot}.png`) });
  expect(await page.evaluate(targetsTooSmall, minTargetPx), `${shot}: targets`).toEqual([]);
  const { scrollWidth, innerWidth } = await pageWidths(page);
  expect(scrollWidth, `${shot}: page width`).toBeLessThanOrEqual(innerWidth);
}

/** Opens a viewer (an Android phone) on `link` and waits until both sides are live. */
async function connectViewer(person: Person, sender: Page, link: string): Promise<Page> {
  const viewer = await person({ userAgent: androidAgent });
  await viewer.goto(link);
  // Generous: other people's browser tests share this small machine.
  await expectState(viewer, 'active', 60_000);
  await expectState(sender, 'active', 30_000);
  return viewer;
}

/** A sender on a new room, at phone size unless told. */
async function sender(
  person: Person,
  env: SignalingEnv,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; link: string }> {
  const page = await person({ viewport: { width: 390, height: 844 }, hasTouch: true, ...options });
  await page.addInitScript(recordCameraStreams);
  const link = await startSender(page, env);
  return { page, link };
}

for (const { size, look } of layoutCases) {
  const tag = `${size.name}-${look.language}-${look.theme}`;
  test(`sender at ${size.name} size (${look.language}, ${look.theme}): the QR code on screen while waiting, a live banner once watched`, async ({
    person,
    env,
  }) => {
    test.slow(); // two people and several layout scans on a busy 2-core machine
    const page = await person({ viewport: { width: size.width, height: size.height }, hasTouch: size.touch });
    await useLook(page, look);
    const link = await startSender(page, env);
    const qr = page.getByTestId('qr');
    await expect(qr).toBeVisible();
    await expect(page.getByTestId('pause')).toBeVisible(); // the camera is open
    const placed = await onScreen(qr);
    expect(placed.scrollY, `${tag}: the page opened scrolled`).toBe(0);
    expect(placed.inside, `${tag}: QR code at ${JSON.stringify(placed.box)}`).toBe(true);
    expect(placed.box.width).toBeGreaterThanOrEqual(140);
    await checkLayout(page, `${tag}-waiting`);

    const viewer = await connectViewer(person, page, link);
    const banner = page.getByTestId('room-info');
    await expect(banner).toContainText(viewerName);
    await expect(banner).toContainText(/\d{1,2}:\d{2}/);
    await expect(page.getByTestId('live-badge')).toBeVisible();
    await expect(page.getByTestId('room-viewer')).toHaveAttribute('data-connected', 'true');
    await expect(page.getByTestId('qr')).toBeHidden(); // share tucked away while live
    await videoAdvances(page, 'porthole-sender video', 3);
    await checkLayout(page, `${tag}-live`);

    await page.getByTestId('share-again').click();
    await expect(page.getByTestId('qr')).toBeVisible();
    await checkLayout(page, `${tag}-share-again`);
    await page.getByTestId('share-again').click();

    await page.getByTestId('stop').click();
    await expect(page.getByTestId('stop-question')).toBeVisible();
    await checkLayout(page, `${tag}-stop-asks`);
    await page.getByTestId('stop-cancel').click();

    await page.getByTestId('more').click();
    await page.getByTestId('new-link').click();
    await expect(page.getByTestId('new-link-question')).toBeVisible();
    await checkLayout(page, `${tag}-new-link-asks`);
    await page.getByTestId('new-link-cancel').click();
    await expectState(viewer, 'active');
  });
}

test('Stop with a viewer asks first: "Keep sending" keeps the video going, confirming ends the camera and goes home', async ({
  person,
  env,
}) => {
  const { page, link } = await sender(person, env);
  const viewer = await connectViewer(person, page, link);
  const stopButtons = page.getByRole('button', { name: /^Stop/ });

  await stopButtons.click();
  await expect(page.getByTestId('stop-question')).toHaveText(
    `Stop the camera? ${viewerName} will see that you stopped.`,
  );
  await expect(stopButtons).toHaveCount(1); // the question's "Stop sending" replaced the bar's button
  await expect(page.getByTestId('stop')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Keep sending' })).toBeFocused();

  await page.getByRole('button', { name: 'Keep sending' }).click();
  await expect(page.getByTestId('stop-question')).toHaveCount(0);
  await expect(page.getByTestId('stop')).toBeFocused();
  await videoAdvances(page, 'porthole-sender video', 5);
  await videoAdvances(viewer, 'porthole-viewer video', 5);
  await expectState(viewer, 'active');

  await stopButtons.click();
  await page.getByTestId('stop-confirm').click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.locator('porthole-sender')).toHaveCount(0);
  await expect.poll(() => page.evaluate(liveCameraTracks)).toBe(0);
  await expect(viewer.getByTestId('status')).toContainText('sender left');
});

test('New link asks first; Cancel keeps the link, and with a viewer the question names them', async ({
  person,
  env,
}) => {
  const { page, link } = await sender(person, env);
  await page.getByTestId('more').click();
  await expect(page.getByTestId('more')).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('new-link').click();
  await expect(page.getByTestId('new-link-question')).toHaveText('Make a new link? The current link stops working.');
  await page.getByTestId('new-link-cancel').click();
  await expect(page.getByTestId('new-link-question')).toHaveCount(0);
  await expect(page.getByTestId('more')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('viewer-link')).toHaveAttribute('href', link);
  await expect(page.getByTestId('share-note')).toHaveText('');

  const viewer = await connectViewer(person, page, link);
  await page.getByTestId('more').click();
  await page.getByTestId('new-link').click();
  await expect(page.getByTestId('new-link-question')).toHaveText(
    `Make a new link? The current link stops working and ${viewerName} is disconnected.`,
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('new-link-question')).toHaveCount(0);
  await expectState(viewer, 'active');
  await expect(page.getByTestId('viewer-link')).toHaveAttribute('href', link);
});

test('pause stops picture and sound: the toggle fills, the sender reads a note in plain words, the viewer sees the pause', async ({
  person,
  env,
}) => {
  const { page, link } = await sender(person, env);
  const viewer = await connectViewer(person, page, link);
  const pause = page.getByTestId('pause');
  await expect(pause).toHaveAccessibleName('Pause camera and microphone');
  await expect(pause).toHaveAttribute('aria-pressed', 'false');
  const outlined = await pause.evaluate((button) => getComputedStyle(button).backgroundColor);

  await pause.click();
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await expect(pause).toHaveAccessibleName('Resume camera and microphone');
  const filled = await pause.evaluate((button) => getComputedStyle(button).backgroundColor);
  expect(outlined).toBe('rgba(0, 0, 0, 0)');
  expect(filled).not.toBe(outlined);
  await expect(page.getByTestId('paused-note')).toContainText('no picture and no sound');
  await expect(viewer.getByTestId('peer-paused')).toBeVisible();
  const tracks = () =>
    page.locator('porthole-sender video').evaluate((video: HTMLVideoElement) => {
      const stream = video.srcObject as MediaStream;
      return { video: stream.getVideoTracks()[0]?.enabled, audio: stream.getAudioTracks()[0]?.enabled };
    });
  expect(await tracks()).toEqual({ video: false, audio: false });

  await pause.click();
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
  await expect(page.getByTestId('paused-note')).toHaveCount(0);
  expect(await tracks()).toEqual({ video: true, audio: true });
});

test('the microphone toggle says what pressing does', async ({ person, env }) => {
  const { page } = await sender(person, env);
  const mic = page.getByTestId('mic');
  await expect(mic).toHaveAccessibleName('Mute microphone');
  await expect(mic).toHaveAttribute('aria-pressed', 'false');
  await mic.click();
  await expect(mic).toHaveAccessibleName('Unmute microphone');
  await expect(mic).toHaveAttribute('aria-pressed', 'true');
});

test('Flip shows only on a device with more than one camera', async ({ person, env }) => {
  const { page } = await sender(person, env);
  await expect(page.getByTestId('pause')).toBeVisible();
  expect(
    await page.evaluate(
      async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length,
    ),
  ).toBe(1);
  await expect(page.getByTestId('flip')).toHaveCount(0);

  const twoCameras = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await twoCameras.addInitScript(() => {
    const real = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
    navigator.mediaDevices.enumerateDevices = async () => {
      const devices = await real();
      const camera = devices.find((d) => d.kind === 'videoinput');
      return camera ? [...devices, camera] : devices;
    };
  });
  await startSender(twoCameras, env);
  await expect(twoCameras.getByTestId('flip')).toBeVisible();
  await expect(twoCameras.getByTestId('flip')).toHaveAccessibleName('Flip camera');
});

test('the technical lines wait behind Details', async ({ person, env }) => {
  const { page } = await sender(person, env);
  await expect(page.getByTestId('signaling')).toBeHidden();
  await expect(page.getByTestId('signaling')).toContainText('connected to');
  await page.getByText('Details', { exact: true }).click();
  await expect(page.getByTestId('signaling')).toBeVisible();
  await expect(page.getByTestId('wake-lock')).toBeVisible();
});

test("the viewer link leaves out the sender page's own query (?nosw)", async ({ person, env }) => {
  const page = await person();
  await page.goto(`${env.appUrl}?nosw#/send?via=${encodeURIComponent(env.via)}`);
  await expectState(page, 'waiting');
  const link = (await page.getByTestId('viewer-link').getAttribute('href'))!;
  expect(link.startsWith(`${env.appUrl}#/view?`), link).toBe(true);
  expect(link).not.toContain('nosw');
});
