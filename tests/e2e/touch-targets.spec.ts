// Home and settings at phone and laptop size: every visible interactive element is at least
// 44×44 px and nothing scrolls sideways, with recent rooms, the rename form, the scanner and the
// settings panel all open. Screenshots go to the test's output folder for a person to look at.
import type { Page } from '@playwright/test';
import { newRoomSecret } from '../../src/protocol/room';
import { expect, test } from './fixtures';
import { minTargetPx, targetsTooSmall } from './layout-helpers';

const sizes = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
] as const;

const looks = [
  { language: 'en', theme: 'dark' },
  { language: 'zh-CN', theme: 'light' },
] as const;

/** Seeds two recent rooms (one named) and the look, once per tab. */
async function seed(page: Page, language: string, theme: string): Promise<void> {
  const rooms = JSON.stringify([
    { role: 'viewer', secret: newRoomSecret(), at: Date.now() - 5 * 60_000, name: 'Nursery' },
    { role: 'sender', secret: newRoomSecret(), via: 'relay:wss://relay.example.org/ws', at: Date.now() - 86_400_000 },
  ]);
  await page.addInitScript(
    ([value, settings]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('porthole.recent', value);
      localStorage.setItem('porthole.settings', settings);
    },
    [rooms, JSON.stringify({ language, theme })] as const,
  );
}

/** Checks the targets and the sideways scroll, and keeps a full-page screenshot. */
async function check(page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${shot}.png`), fullPage: true });
  expect(await page.evaluate(targetsTooSmall, minTargetPx), shot).toEqual([]);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${shot}: page width`).toBeLessThanOrEqual(innerWidth);
}

for (const size of sizes) {
  for (const look of looks) {
    test(`home and settings at ${size.name} size (${look.language}, ${look.theme}): targets ≥ ${minTargetPx} px, no sideways scroll`, async ({
      env,
      person,
    }) => {
      const page = await person({
        viewport: { width: size.width, height: size.height },
        hasTouch: size.name === 'phone',
      });
      await seed(page, look.language, look.theme);
      await page.goto(env.appUrl);
      await expect(page.getByTestId('recent-room')).toHaveCount(2);
      const tag = `${size.name}-${look.language}-${look.theme}`;
      await check(page, `${tag}-home`);

      await page.getByTestId('recent-rename').first().click();
      await expect(page.getByTestId('recent-name-input')).toBeFocused();
      await page.getByTestId('recent-name-input').fill('');
      await page.getByTestId('recent-name-save').click();
      await expect(page.getByTestId('recent-name-error')).toBeVisible();
      await check(page, `${tag}-rename`);
      await page.getByTestId('recent-name-cancel').click();

      await page.getByTestId('scan').click();
      await expect(page.locator('porthole-scanner video')).toBeVisible();
      await check(page, `${tag}-scanner`);
      await page.getByTestId('scan-close').click();

      await page.getByTestId('settings-toggle').click();
      await expect(page.locator('porthole-settings')).toBeVisible();
      await page.getByTestId('transport-relay').check();
      await expect(page.getByTestId('transport-url')).toBeVisible();
      await check(page, `${tag}-settings`);
    });
  }
}
