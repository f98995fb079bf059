/**
 * Monitor mode (issue 13): the dead-camera alarm for a sender that dies and not for one the person
 * paused, the sound alert from a WAV fake microphone, the motion alert from Y4M fake cameras, and
 * the monitor screen axe-clean in English and Chinese. The sender runs in its own Chromium with the
 * test media (written here, tests/helpers/test-media.ts); the viewer in the suite's browser.
 */
import { type Browser, chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonitorSettings } from '../../src/storage/monitor-settings';
import { writeSceneY4m, writeWav } from '../helpers/test-media';
import { expectAxeClean } from './axe-over-video';
import { chromiumArgs, chromiumPath } from './chromium';
import { minTargetPx, pageWidths, targetsTooSmall } from './layout-helpers';
import { appRoot, expect, expectState, openPerson, type SignalingEnv, test, videoAdvances } from './fixtures';

/** The test media, written once per worker into a temp folder. */
let dir = '';
const media = { silence: '', loud: '', still: '', moving: '' };
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-monitor-'));
  Object.assign(media, {
    silence: join(dir, 'silence.wav'),
    /** 3 s of silence then 1.5 s of a loud tone, looped by Chromium: a loud sound every 4.5 s. */
    loud: join(dir, 'loud.wav'),
    still: join(dir, 'still.y4m'),
    /** 2 s still, then a block crossing the picture for 3 s (looped). */
    moving: join(dir, 'moving.y4m'),
  });
  writeWav(media.silence, { silenceS: 1, toneS: 0 });
  writeWav(media.loud, { silenceS: 3, toneS: 1.5 });
  writeSceneY4m(media.still, { stillFrames: 20 });
  writeSceneY4m(media.moving, { stillFrames: 20, movingFrames: 30 });
});

/** The sender devices a test launched: closed after it (their pages would keep calling a stopped relay). */
const browsers: Browser[] = [];
test.afterEach(async () => {
  await Promise.all(browsers.splice(0).map((browser) => browser.close().catch(() => undefined)));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sender device: its own Chromium whose fake microphone and camera play `audio` and `video`. */
async function cameraDevice(audio: string, video: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${audio}`, `--use-file-for-fake-video-capture=${video}`],
  });
  browsers.push(browser);
  return browser;
}

/** Short monitor settings for a test (kept in the viewer's storage before the app starts). */
async function monitorSettings(page: Page, settings: Partial<MonitorSettings>): Promise<void> {
  await page.addInitScript((json) => localStorage.setItem('porthole.monitor', json), JSON.stringify(settings));
}

/** Records every value the app root's `data-alert` takes (null = removed) in `window.alertLog`. */
async function recordAlerts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Array<string | null> = [];
    (window as unknown as { alertLog: typeof log }).alertLog = log;
    new MutationObserver((records) => {
      for (const record of records) {
        if ((record.target as Element).localName === 'porthole-app')
          log.push((record.target as Element).getAttribute('data-alert'));
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-alert'] });
  });
}

const alertLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { alertLog: Array<string | null> }).alertLog);

/**
 * Opens the sender on `page` (a new room, or `secret`'s) and returns the viewer link once it waits
 * for a viewer. Up to 45 s: a file-backed fake camera can take long to open on a loaded machine.
 */
async function startCamera(page: Page, env: SignalingEnv, secret?: string): Promise<string> {
  const r = secret ? `r=${secret}&` : '';
  await page.goto(`${env.appUrl}#/send?${r}via=${encodeURIComponent(env.via)}`);
  await expectState(page, 'waiting', 45_000);
  return (await page.getByTestId('viewer-link').getAttribute('href')) ?? '';
}

/** A sender on `device` and a monitor-mode viewer of its room, live; returns both pages and the link. */
async function liveMonitor(env: SignalingEnv, device: Browser, viewer: Page) {
  const sender = await openPerson(device);
  const link = await startCamera(sender, env);
  await viewer.goto(`${link}&mode=monitor`);
  await expectState(viewer, 'active', 30_000);
  await videoAdvances(viewer, 'porthole-viewer video', 5);
  await expect(viewer.getByTestId('monitor-mode')).toHaveAttribute('aria-pressed', 'true');
  return { sender, link };
}

test('dead-camera alarm: none while the person pauses; a killed sender sounds it within the grace time; video back ends it', async ({
  env,
  person,
}) => {
  const viewer = await person();
  await monitorSettings(viewer, { stallGraceMs: 3_000, sound: false });
  await recordAlerts(viewer);
  const device = await cameraDevice(media.silence, media.still);
  const { sender, link } = await liveMonitor(env, device, viewer);
  const banner = viewer.getByTestId('monitor-banner');
  await expect(banner).toHaveAttribute('data-alarm', 'off');

  // The person at the camera pauses it: well past the grace time, no alert and no alarm.
  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toHaveAttribute('data-by', 'person');
  await viewer.waitForTimeout(3_000 + 2_000 + 1_000); // grace + no-frame time + a margin: the alarm's moment
  expect(await alertLog(viewer)).toEqual([]);
  await expect(banner).toHaveAttribute('data-alarm', 'off');
  await sender.getByTestId('pause').click();
  await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
  await videoAdvances(viewer, 'porthole-viewer video', 5);

  // The sender's page dies (renderer crash: no goodbye, no more frames or heartbeats).
  const title = await viewer.title();
  const cdp = await sender.context().newCDPSession(sender);
  void cdp.send('Page.crash').catch(() => undefined);
  const killedAt = Date.now();
  await expect(appRoot(viewer)).toHaveAttribute('data-alert', 'stalled', { timeout: 10_000 });
  // The grace time (3 s) after the last frame, plus a tick and the machine's load.
  expect(Date.now() - killedAt).toBeLessThan(3_000 + 4_000);
  await expect(banner).toHaveAttribute('data-alarm', 'sounding');
  await expect(viewer.getByTestId('alert-stalled')).toContainText('Camera not sending video since');
  expect(await viewer.title()).not.toBe(title);

  // Silence stops the sound; the alert stays while the video is gone.
  await viewer.getByTestId('silence').click();
  await expect(banner).toHaveAttribute('data-alarm', 'silenced');
  await expect(appRoot(viewer)).toHaveAttribute('data-alert', 'stalled');

  // The camera comes back (the sender reopens its room): video again, the alert and alarm gone.
  const again = await device.contexts()[0]!.newPage();
  await startCamera(again, env, new URL(link).hash.match(/r=([^&]+)/)![1]);
  await expectState(viewer, 'active', 30_000);
  await videoAdvances(viewer, 'porthole-viewer video', 5, 20_000);
  await expect(appRoot(viewer)).not.toHaveAttribute('data-alert', /.*/);
  await expect(banner).toHaveAttribute('data-alarm', 'off');
  expect(await viewer.title()).toBe(title);
  expect(await alertLog(viewer)).toEqual(['stalled', null]);
});

test('sound alert: silence then a loud sound raises exactly one alert after the hold time (cooldown)', async ({
  env,
  person,
}) => {
  const viewer = await person();
  await monitorSettings(viewer, { sound: true, soundThresholdDb: -30, soundHoldMs: 500, cooldownMs: 60_000 });
  await recordAlerts(viewer);
  const device = await cameraDevice(media.loud, media.still);
  await liveMonitor(env, device, viewer);
  await expect(viewer.getByRole('meter')).toBeVisible();
  await expect(appRoot(viewer)).toHaveAttribute('data-alert', 'sound', { timeout: 15_000 });
  await expect(viewer.getByTestId('alert-sound')).toContainText('Sound at');
  // Two more loud stretches (every 4.5 s) come within the cooldown: still one alert.
  await viewer.waitForTimeout(9_500);
  expect((await alertLog(viewer)).filter((alert) => alert === 'sound')).toHaveLength(1);
});

test('motion alert: a still scene with sensor noise raises none', async ({ env, person }) => {
  const viewer = await person();
  await monitorSettings(viewer, { motion: true, motionSensitivity: 6, sound: false });
  await recordAlerts(viewer);
  await liveMonitor(env, await cameraDevice(media.silence, media.still), viewer);
  await expect(viewer.getByTestId('motion-timeline')).toBeVisible();
  await viewer.waitForTimeout(5_000); // more than two loops of the still scene (2 s)
  await videoAdvances(viewer, 'porthole-viewer video', 5); // frames still came: sampled, not stalled
  expect(await alertLog(viewer)).toEqual([]);
  await expect(viewer.getByTestId('motion-mark')).toHaveCount(0);
});

test('motion alert: a block moving across a still scene raises one and marks the timeline', async ({ env, person }) => {
  const viewer = await person();
  await monitorSettings(viewer, { motion: true, motionSensitivity: 6, sound: false });
  await recordAlerts(viewer);
  await liveMonitor(env, await cameraDevice(media.silence, media.moving), viewer);
  await expect(appRoot(viewer)).toHaveAttribute('data-alert', 'motion', { timeout: 15_000 });
  await expect(viewer.getByTestId('alert-motion')).toContainText('Motion at');
  await expect(viewer.getByTestId('motion-mark').first()).toBeVisible();
  expect(await alertLog(viewer)).toEqual(['motion']);
});

test('the monitor screen, its alerts and settings: labelled, keyboard reachable, axe clean in English and Chinese', async ({
  env,
  person,
}) => {
  test.slow(); // two viewers, each scanned by axe
  const device = await cameraDevice(media.loud, media.moving);
  const sender = await openPerson(device);
  const link = await startCamera(sender, env);
  for (const locale of ['en', 'zh-CN']) {
    // A phone held upright: the monitor's controls fit, without sideways scrolling.
    const viewer = await person({ locale, viewport: { width: 390, height: 844 }, hasTouch: true });
    await monitorSettings(viewer, { motion: true, motionSensitivity: 6 });
    // Plain viewer first: the switch turns monitor mode on in the same room.
    await viewer.goto(link);
    await expectState(viewer, 'active', 30_000);
    await videoAdvances(viewer, 'porthole-viewer video', 5);
    await expect(viewer.getByTestId('monitor-panel')).toHaveCount(0);
    await viewer.getByTestId('monitor-mode').focus();
    await viewer.keyboard.press('Enter');
    await expect(viewer.getByTestId('monitor-panel')).toBeVisible();
    expect(viewer.url()).toContain('mode=monitor');
    // The settings open from the keyboard; every field has a name.
    await viewer.getByTestId('monitor-settings').locator('summary').focus();
    await viewer.keyboard.press('Enter');
    await expect(viewer.getByRole('spinbutton')).toHaveCount(5);
    for (const field of await viewer.getByTestId('monitor-settings').locator('input, select').all()) {
      expect(await field.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim())).toBeTruthy();
    }
    // An alert in the banner (the moving block), checked by axe with the rest.
    await expect(viewer.getByTestId('alert-motion')).toBeVisible({ timeout: 15_000 });
    await expectAxeClean(viewer, `monitor (${locale})`);
    expect(await viewer.evaluate(targetsTooSmall, minTargetPx)).toEqual([]);
    const { scrollWidth, innerWidth } = await pageWidths(viewer);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    if (locale === 'zh-CN') await expect(viewer.getByTestId('monitor-mode')).toHaveText('监控模式');
    await viewer.getByTestId('leave').click();
    await expect(appRoot(viewer)).toHaveAttribute('data-state', 'init');
  }
});
