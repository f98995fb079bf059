/**
 * Several cameras on one viewer (`#/grid`): three senders, one grid page; each tile is its own
 * viewer session and shows its own live picture. Tapping or Enter shows one large with sound,
 * Escape goes back; the home screen offers "Watch all cameras"; the app root never plays viewer.
 * The grid decodes small pictures: an unfocused tile's video is at most the tile height asked of
 * its camera, and the focused tile's grows to the camera's full height.
 * The Chinese screen is checked on the empty grid (no cameras needed).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { tileMaxHeightPx } from '../../src/ui/grid/grid-request';
import { appRoot, expect, startSender, test } from './fixtures';

/** The height of the fake camera's picture the senders film (the `hd` preset: 1280×720). */
const cameraHeightPx = 720;

/** True once the tile shows a picture (a frame decoded) no taller than a tile asks for. */
async function smallPicture(tile: Locator): Promise<boolean> {
  const heightPx = await videoHeight(tile);
  return heightPx > 0 && heightPx <= tileMaxHeightPx;
}

/** The height of the picture a tile's video decodes now (0 before the first frame). */
function videoHeight(tile: Locator): Promise<number> {
  return tile.locator('video').evaluate((video: HTMLVideoElement) => video.videoHeight);
}

/** Fails on any serious or critical axe violation. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** Resolves once `frames` new frames were presented in the tile's video (rejects after `timeoutMs`). */
async function tileFramesAdvance(tile: Locator, frames = 3, timeoutMs = 15_000): Promise<void> {
  await tile.locator('video').evaluate(
    (video: HTMLVideoElement, [want, limitMs]) =>
      new Promise<void>((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => reject(new Error(`only ${seen} of ${want} frames`)), limitMs);
        const onFrame = (): void => {
          seen += 1;
          if (seen >= want) {
            clearTimeout(timer);
            resolve();
          } else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }),
    [frames, timeoutMs] as const,
  );
}

/** Every tile of the grid is live at once, with frames arriving in each one's own video. */
async function expectAllLive(page: Page, count: number): Promise<void> {
  const tiles = page.locator('porthole-grid-tile');
  await expect(tiles).toHaveCount(count);
  await expect(page.locator('porthole-grid-tile[data-step="live"]')).toHaveCount(count, { timeout: 60_000 });
  for (let i = 0; i < count; i++) await tileFramesAdvance(tiles.nth(i));
}

test('three rooms in the grid, each live; Enter shows one large with sound, Escape goes back', async ({
  person,
  env,
}) => {
  test.setTimeout(240_000); // four pages with a camera or three decodes, and a picture growing: slow on a busy two-core machine
  const links: string[] = [];
  for (let i = 0; i < 3; i++) links.push(await startSender(await person(), env));

  const viewer = await person();
  await viewer.goto(`${env.appUrl}#/grid`);
  await expect(viewer.getByTestId('grid-empty')).toBeVisible();
  // A sender link is refused, with the reason said.
  await viewer.getByTestId('grid-add-link').fill(links[0]!.replace('#/view', '#/send'));
  await viewer.getByTestId('grid-add').click();
  await expect(viewer.getByTestId('grid-add-error')).toBeVisible();
  for (const link of links) {
    await viewer.getByLabel('Paste its viewer link').fill(link);
    await viewer.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await expectAllLive(viewer, 3);
  // The grid is no viewer: the root stays as on the home screen.
  await expect(appRoot(viewer)).toHaveAttribute('data-state', 'init');
  await expect(appRoot(viewer)).not.toHaveAttribute('data-role', /.+/);
  await expectAccessible(viewer, 'the grid');
  // Every unfocused tile decodes a small picture (its camera scaled down as the tile asked).
  for (let i = 0; i < 3; i++) {
    const tile = viewer.locator('porthole-grid-tile').nth(i);
    await expect.poll(() => smallPicture(tile), { timeout: 45_000 }).toBe(true);
  }

  // Keyboard: Enter on a tile shows it large with sound; Escape goes back, the focus on that tile.
  const second = viewer.locator('porthole-grid-tile').nth(1);
  await second.getByTestId('grid-focus').focus();
  await viewer.keyboard.press('Enter');
  await expect(second).toHaveAttribute('focused', '');
  await expect(viewer.getByTestId('grid-back')).toBeFocused();
  expect(await second.locator('video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
  await expect(second.getByTestId('save-clip')).toBeVisible();
  // Focused: the full picture arrives (the encoder may ramp up through smaller sizes first).
  await expect.poll(() => videoHeight(second), { timeout: 45_000 }).toBe(cameraHeightPx);
  expect(await viewer.locator('porthole-grid-tile[focused]').count()).toBe(1);
  await viewer.keyboard.press('Escape');
  await expect(second).not.toHaveAttribute('focused', '');
  await expect(second.getByTestId('grid-focus')).toBeFocused();
  expect(await second.locator('video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);

  // Home offers the grid once two or more cameras were watched, and opens it.
  await viewer.getByRole('link', { name: 'Leave all' }).click();
  await expect(viewer).toHaveURL(/#\/$/);
  await viewer.getByRole('link', { name: 'Watch all cameras (3)' }).click();
  await expect(viewer).toHaveURL(/#\/grid$/);
  await expect(viewer.locator('porthole-grid-tile')).toHaveCount(3);
});

test('the empty grid in Chinese: labelled, keyboard reachable, axe clean', async ({ person, env }) => {
  const viewer = await person({ locale: 'zh-CN' });
  await viewer.goto(`${env.appUrl}#/grid`);
  await expect(viewer.getByRole('heading', { name: '所有摄像头' })).toBeVisible();
  await expect(viewer.getByLabel('粘贴它的观看链接')).toBeVisible();
  await viewer.getByLabel('粘贴它的观看链接').focus();
  await viewer.keyboard.press('Tab');
  await expect(viewer.getByRole('button', { name: '添加' })).toBeFocused();
  await expectAccessible(viewer, 'the empty grid in Chinese');
});
