/** Checks shared by the error card's browser tests (the components page and the app). */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect } from './fixtures';

/** The smallest target a finger can hit reliably, in CSS px (as in touch-targets.spec.ts). */
export const minTargetPx = 44;

/** What a card must show. */
export interface CardExpectation {
  /** The headline, exactly. */
  headline: string | RegExp;
  /** The main action's visible name; undefined when the card offers Home only. */
  action?: string;
}

/** The sizes of the card's visible buttons, links and disclosures smaller than {@link minTargetPx}. */
async function smallTargets(card: Locator): Promise<string[]> {
  return card.evaluate((host, min) => {
    const root = host.shadowRoot ?? host;
    const small: string[] = [];
    for (const element of root.querySelectorAll('button, a[href], summary')) {
      if (element.getClientRects().length === 0) continue;
      const { width, height } = element.getBoundingClientRect();
      if (width + 0.5 < min || height + 0.5 < min) {
        small.push(`${element.tagName.toLowerCase()} "${element.textContent?.trim()}" ${width}×${height}`);
      }
    }
    return small;
  }, minTargetPx);
}

/**
 * The card shows its headline, an explanation, the main action styled as the primary one and
 * Home; its headline is in an alert; every target is at least 44 px; Details opens and shows
 * the reason code; no serious axe violation on the card. Returns the card.
 */
export async function expectGoodCard(page: Page, expected: CardExpectation, reason: string): Promise<Locator> {
  const card = page.locator('porthole-error-card');
  await expect(card.getByTestId('error-headline')).toHaveText(expected.headline);
  await expect(card.getByTestId('error-text')).not.toBeEmpty();
  await expect(card.getByRole('alert').getByTestId('error-headline')).toBeVisible();
  await expect(card.getByTestId('error-home')).toBeVisible();
  await expect(card.getByTestId('error-home')).toHaveAttribute('href', '#/');
  if (expected.action === undefined) {
    await expect(card.getByTestId('error-action')).toHaveCount(0);
  } else {
    const action = card.getByTestId('error-action');
    await expect(action).toHaveText(expected.action);
    // The main action looks primary: filled, unlike Home.
    const fills = await Promise.all(
      [action, card.getByTestId('error-home')].map((l) => l.evaluate((e) => getComputedStyle(e).backgroundColor)),
    );
    expect(fills[0]).not.toBe(fills[1]);
    // It comes first.
    const [actionBox, homeBox] = [await action.boundingBox(), await card.getByTestId('error-home').boundingBox()];
    expect(actionBox!.x + actionBox!.y * 10_000).toBeLessThan(homeBox!.x + homeBox!.y * 10_000);
  }
  expect(await smallTargets(card)).toEqual([]);
  const details = card.getByTestId('error-details');
  await details.locator('summary').click();
  await expect(details).toHaveAttribute('open', '');
  await expect(details.locator('dl')).toBeVisible();
  await expect(details.locator('dl')).toContainText(reason);
  // The card may sit in the app's shadow roots: name the chain of hosts down to it.
  const hosts = await card.evaluate((element) => {
    const chain: string[] = [];
    for (let node: Node = element; node instanceof Element; ) {
      chain.unshift(node.tagName.toLowerCase());
      const root = node.getRootNode();
      if (!(root instanceof ShadowRoot)) break;
      node = root.host;
    }
    return chain;
  });
  const [first, second, ...rest] = hosts;
  const where =
    second === undefined ? first! : { fromShadowDom: [first!, second, ...rest] as [string, string, ...string[]] };
  const results = await new AxeBuilder({ page }).include(where).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  return card;
}

/** Saves a screenshot next to the test's results (to look at). */
export async function shootCard(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
