/**
 * The `person` fixture of the browser suites: hands a test a function that opens pages, and closes
 * every page's context when the test ends, so no camera or retry loop outlives it.
 */
import type { Browser, Page } from '@playwright/test';

/** A Playwright fixture body giving the test `open` (bound to the browser); every opened page's context closes after. */
export function pagesClosedAfterTest<A extends unknown[]>(
  open: (browser: Browser, ...args: A) => Promise<Page>,
): (fixtures: { browser: Browser }, use: (make: (...args: A) => Promise<Page>) => Promise<void>) => Promise<void> {
  return async ({ browser }, use) => {
    const pages: Page[] = [];
    await use(async (...args: A) => {
      const page = await open(browser, ...args);
      pages.push(page);
      return page;
    });
    await Promise.all(
      pages.map((page) =>
        page
          .context()
          .close()
          .catch(() => undefined),
      ),
    );
  };
}
