import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { appRoot, expect, expectState, startSender, test, videoAdvances } from './fixtures';

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Runs axe-core on the page and fails on any serious or critical violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe on ${screen}`).toEqual([]);
}

/** Saves a phone screenshot next to the test's results (to look at). */
async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test.describe('every screen, accessible, on a phone', () => {
  test.use({ kind: 'relay' });

  test('home, settings, sender, viewer and an error screen have no serious axe violations', async ({
    person,
    env,
  }, testInfo) => {
    // Five screens, each scanned by axe: slow on a small machine.
    test.slow();
    const sender = await person(phone);
    await sender.goto(env.appUrl);
    await expect(sender.getByTestId('start-sending')).toBeVisible();
    await expectAccessible(sender, 'home');
    await shoot(sender, testInfo, 'home');

    await sender.getByTestId('settings-toggle').click();
    await expect(sender.getByTestId('settings-save')).toBeVisible();
    await expectAccessible(sender, 'settings');
    await shoot(sender, testInfo, 'settings');

    const link = await startSender(sender, env);
    await expect(sender.getByTestId('qr')).toBeVisible();
    await expectAccessible(sender, 'sender (waiting)');

    const viewer = await person(phone);
    await viewer.goto(link);
    await expectState(viewer, 'active');
    await videoAdvances(viewer, 'porthole-viewer video', 5);
    await viewer.getByTestId('info').click();
    await expect(viewer.getByTestId('stats')).toBeVisible();
    await expectAccessible(viewer, 'viewer (live)');
    await shoot(viewer, testInfo, 'viewer');
    await expectState(sender, 'active');
    await shoot(sender, testInfo, 'sender');

    const intruder = await person(phone);
    await intruder.goto(link);
    await expect(appRoot(intruder)).toHaveAttribute('data-reason', 'busy');
    await expectAccessible(intruder, 'viewer (busy)');
    await shoot(intruder, testInfo, 'busy');
  });
});

test.describe('Chinese', () => {
  test.use({ kind: 'relay' });

  test('a zh-CN browser gets the Chinese UI on every screen', async ({ person, env }, testInfo) => {
    const sender = await person({ ...phone, locale: 'zh-CN' });
    await sender.goto(env.appUrl);
    await expect(sender.getByTestId('tagline')).toContainText('把这台设备的摄像头变成');
    await expect(sender.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await shoot(sender, testInfo, 'home-zh');

    const link = await startSender(sender, env);
    await expect(sender.getByTestId('status')).toContainText('等待观看者加入');
    await expect(sender.getByTestId('new-link')).toHaveText('新链接');

    const viewer = await person({ ...phone, locale: 'zh-CN' });
    await viewer.goto(link);
    await expectState(viewer, 'active');
    await expect(viewer.getByTestId('status')).toHaveText('直播中');
    await expect(sender.getByTestId('status')).toContainText('直播中：有观看者正在观看');
    await shoot(viewer, testInfo, 'viewer-zh');
    await shoot(sender, testInfo, 'sender-zh');
  });
});
