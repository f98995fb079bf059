/**
 * The lab's Playwright fixtures: a fresh client network, a relay process (always) and a broker
 * process (when a test asks for it), and `person()` pages carrying the lab's probe.
 */
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { pagesClosedAfterTest } from '../helpers/page-fixture';
import { assertLabNamespace, resetClientNetwork } from './network';
import { labProbe } from './page-probe';
import { appUrl, brokerProcess, relayProcess, type ServerProcess } from './servers';

/** Opens a page for one person (own context = own device id) with the lab's probe. */
export async function openLabPerson(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'screen-wake-lock'] });
  await context.addInitScript(labProbe.script, labProbe.arg);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.log(`[${name} ${msg.type()}] ${msg.text()}`);
  });
  return page;
}

/** The app root, which carries `data-state`, `data-role` and `data-reason`. */
export function appRoot(page: Page) {
  return page.locator('porthole-app');
}

/** Waits until the app root shows `state`. */
export async function expectState(page: Page, state: string, timeoutMs = 15_000): Promise<void> {
  await expect(appRoot(page)).toHaveAttribute('data-state', state, { timeout: timeoutMs });
}

/** Starts a sender on a new room over `via`; returns the viewer link it shows. */
export async function startSender(page: Page, via: string): Promise<string> {
  await page.goto(`${appUrl}#/send?via=${encodeURIComponent(via)}`);
  await expectState(page, 'waiting');
  const link = await page.getByTestId('viewer-link').getAttribute('href');
  expect(link).toBeTruthy();
  return link!;
}

/** Lab fixtures: servers are real processes in the namespace, stopped after each test. */
export const test = base.extend<{
  relay: ServerProcess;
  broker: ServerProcess;
  person: (name: string) => Promise<Page>;
}>({
  relay: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take a destructured first argument.
    async ({}, use) => {
      assertLabNamespace();
      resetClientNetwork();
      const relay = relayProcess();
      await relay.start();
      await use(relay);
      await relay.kill();
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take a destructured first argument.
  broker: async ({}, use) => {
    const broker = brokerProcess();
    await broker.start();
    await use(broker);
    await broker.kill();
  },
  person: pagesClosedAfterTest(openLabPerson),
});

export { expect };
