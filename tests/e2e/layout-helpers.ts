// Layout checks a person would notice, shared by the screen specs: targets too small for a finger,
// sideways scrolling, something that should be on screen without scrolling, the look and language.
import type { Locator, Page } from '@playwright/test';

/** The smallest target a finger can hit reliably, in CSS px (WCAG 2.5.5, Apple and Material guidance). */
export const minTargetPx = 44;

/** A viewport to check, named for the screenshot files. */
export interface ScreenSize {
  name: string;
  width: number;
  height: number;
  /** A touch screen (phones). */
  touch: boolean;
}

/** Phone portrait, phone landscape and laptop. */
export const screenSizes: readonly ScreenSize[] = [
  { name: 'phone', width: 390, height: 844, touch: true },
  { name: 'landscape', width: 844, height: 390, touch: true },
  { name: 'laptop', width: 1366, height: 768, touch: false },
];

/** A language and a theme. */
export interface Look {
  language: 'en' | 'zh-CN';
  theme: 'dark' | 'light';
}

/** Dark English and light Chinese. */
export const looks: readonly Look[] = [
  { language: 'en', theme: 'dark' },
  { language: 'zh-CN', theme: 'light' },
];

/**
 * The size and look pairs the screen specs run: every size once, both looks at phone size, both
 * themes and languages at least twice (the full 3×2 product doubled the suite's time on CI's two
 * cores for little more: the layout rules do not depend on the language or theme).
 */
export const layoutCases: readonly { size: ScreenSize; look: Look }[] = [
  { size: screenSizes[0]!, look: looks[0]! },
  { size: screenSizes[0]!, look: looks[1]! },
  { size: screenSizes[1]!, look: looks[1]! },
  { size: screenSizes[2]!, look: looks[0]! },
];

/** Saves the look in the settings before the app starts (once per tab, so a later change sticks). */
export async function useLook(page: Page, look: Look): Promise<void> {
  await page.addInitScript((settings) => {
    if (sessionStorage.getItem('look-seeded')) return;
    sessionStorage.setItem('look-seeded', '1');
    localStorage.setItem('porthole.settings', settings);
  }, JSON.stringify(look));
}

/**
 * In the page: every visible interactive element, through shadow roots, smaller than `min` px,
 * described for the failure message. A radio button or checkbox counts with the label that wraps
 * it (the label is what a finger hits).
 */
export function targetsTooSmall(min: number): string[] {
  const selector =
    'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const found: Element[] = [];
  const walk = (root: Document | ShadowRoot): void => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  const small: string[] = [];
  for (const element of found) {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
    const input = element instanceof HTMLInputElement && ['radio', 'checkbox'].includes(element.type);
    const target = input ? (element.closest('label') ?? element) : element;
    const { width, height } = target.getBoundingClientRect();
    if (width + 0.5 < min || height + 0.5 < min) {
      const id = element.getAttribute('data-testid') ?? element.id ?? '';
      const text = (element.textContent ?? '').trim().slice(0, 30);
      small.push(`${element.tagName.toLowerCase()}[${id}] "${text}" ${width.toFixed(1)}×${height.toFixed(1)}`);
    }
  }
  return small;
}

/** The page's scroll width and the window's width: more than the window means sideways scrolling. */
export async function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
}

/**
 * Where `locator` is on the screen as the page is (no scrolling into view), and whether it is
 * wholly inside the viewport.
 */
export async function onScreen(locator: Locator): Promise<{ box: DOMRect; inside: boolean; scrollY: number }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const inside =
      box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
    return { box: box.toJSON() as DOMRect, inside, scrollY };
  });
}
