// The error states a person can reach in the app, each shown as a card: a plain headline, the
// right main action (and it works), Home, Details, 44 px targets, axe clean; English and Chinese.
// The card itself, every reason, is tested on the components page (components.spec.ts).
import type { Page } from '@playwright/test';
import { expectGoodCard, shootCard } from './error-card-checks';
import { appRoot, expect, expectState, startSender, test } from './fixtures';

test.use({ kind: 'relay' });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Makes every camera request of the page fail as if the person (or the browser) blocked the camera. */
async function blockCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
}

test.describe('error cards in the app', () => {
  test('a damaged viewer link: "This link is damaged", Scan a new code goes home', async ({
    person,
    env,
  }, testInfo) => {
    const viewer = await person(phone);
    await viewer.goto(`${env.appUrl}#/view?r=not-a-secret`);
    await expectState(viewer, 'error');
    await expectGoodCard(viewer, { headline: 'This link is damaged', action: 'Scan a new code' }, 'bad-secret');
    await expect(viewer.locator('porthole-viewer video')).toHaveCount(0);
    await shootCard(viewer, testInfo, 'viewer-damaged-link-en');
    await viewer.locator('porthole-error-card').getByTestId('error-action').click();
    await expect(viewer.getByTestId('start-sending')).toBeVisible();
    expect(new URL(viewer.url()).hash).toBe('#/');

    const zh = await person({ ...phone, locale: 'zh-CN' });
    await zh.goto(`${env.appUrl}#/view?r=not-a-secret`);
    await expectGoodCard(zh, { headline: '这个链接已损坏', action: '扫描新的二维码' }, 'bad-secret');
    await shootCard(zh, testInfo, 'viewer-damaged-link-zh');
    await zh.locator('porthole-error-card').getByTestId('error-home').click();
    await expect(zh.getByTestId('start-sending')).toBeVisible();
  });

  test('a second viewer of a live room (in Chinese): "已经有人在观看", data-reason busy kept', async ({
    person,
    env,
  }, testInfo) => {
    test.setTimeout(240_000);
    const sender = await person();
    const link = await startSender(sender, env);
    const first = await person();
    await first.goto(link);
    await expectState(first, 'active', 60_000);
    const second = await person({ ...phone, locale: 'zh-CN' });
    await second.goto(link);
    await expectState(second, 'error', 60_000);
    await expect(appRoot(second)).toHaveAttribute('data-reason', 'busy');
    await expectGoodCard(second, { headline: '已经有人在观看', action: '扫描新的二维码' }, 'busy');
    await shootCard(second, testInfo, 'viewer-busy-zh');
    // (English: the components page checks every reason's card in English.)
    // The sender still streams to the first viewer.
    await expectState(first, 'active', 30_000);
  });

  test('a blocked camera on the sender: steps to allow it, Try again reloads', async ({ person, env }, testInfo) => {
    const sender = await person(phone);
    await blockCamera(sender);
    await sender.goto(`${env.appUrl}#/send`);
    await expectState(sender, 'error');
    await expect(appRoot(sender)).toHaveAttribute('data-reason', 'camera');
    const card = await expectGoodCard(sender, { headline: 'The camera is blocked', action: 'Try again' }, 'camera');
    await expect(card.getByTestId('error-details')).toContainText('NotAllowedError');
    await card.getByText('How to allow the camera').click();
    await expect(card.getByTestId('camera-help').locator('li').first()).toBeVisible();
    expect(await card.getByTestId('camera-help').locator('li').count()).toBeGreaterThanOrEqual(3);
    await shootCard(sender, testInfo, 'sender-camera-blocked-en');
    await sender.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    await Promise.all([sender.waitForEvent('load'), card.getByTestId('error-action').click()]);
    expect(await sender.evaluate(() => 'beforeReload' in window)).toBe(false);
    await expectState(sender, 'error');

    const zh = await person({ ...phone, locale: 'zh-CN' });
    await blockCamera(zh);
    await zh.goto(`${env.appUrl}#/send`);
    await expectGoodCard(zh, { headline: '摄像头被阻止了', action: '重试' }, 'camera');
    await shootCard(zh, testInfo, 'sender-camera-blocked-zh');
  });

  test('an unreachable server: the viewer is told to check the connection or ask for a new link, never Settings', async ({
    person,
    env,
  }) => {
    const viewer = await person(phone);
    await viewer.goto(
      `${env.appUrl}#/view?r=AAAAAAAAAAAAAAAAAAAAAA&via=${encodeURIComponent('relay:ws://127.0.0.1:65530/ws')}`,
    );
    const line = viewer.getByTestId('signaling');
    await expect(line).toContainText('Cannot reach the server 127.0.0.1:65530', { timeout: 15_000 });
    await expect(line).toContainText('internet connection');
    await expect(line).not.toContainText('Settings');
    await expect(line).not.toContainText(/signal/i);
    await expectState(viewer, 'init');
  });
});
