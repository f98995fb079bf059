import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Keeps the viewer's controls over the video on screen (a pointer moving over the video every
 * second, as a person looking at them would) and waits until they are fully shown, not fading.
 * Without it they hide after a few seconds idle, and a scan that catches them mid-fade measures
 * half-transparent text. Resolves with a function that stops it.
 */
export async function keepViewerControlsShown(page: Page): Promise<() => Promise<void>> {
  const viewport = page.locator('porthole-viewer .viewport');
  if ((await viewport.count()) > 0) {
    await viewport.evaluate((el) => {
      const wake = () => el.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true }));
      wake();
      (window as unknown as { phKeepAwake?: number }).phKeepAwake = window.setInterval(wake, 1000);
    });
  }
  await expect
    .poll(() =>
      page
        .locator('porthole-viewer .controls:not([hidden])')
        .evaluateAll((els) =>
          els.every((el) => getComputedStyle(el).opacity === '1' && getComputedStyle(el).visibility === 'visible'),
        ),
    )
    .toBe(true);
  return async () => {
    await page.evaluate(() => clearInterval((window as unknown as { phKeepAwake?: number }).phKeepAwake));
  };
}

/**
 * Fails on any serious or critical axe violation on the whole page (nothing excluded), in the dark
 * and the light theme, with the viewer's controls over the video fully shown.
 */
export async function expectAxeClean(page: Page, what: string): Promise<void> {
  const stop = await keepViewerControlsShown(page);
  try {
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `axe on ${what} (${colorScheme})`,
      ).toEqual([]);
    }
  } finally {
    await stop();
  }
}
