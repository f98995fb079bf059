/** Switches the app's language in a Node test: setLocale needs a document and a window to tell. */
import { vi } from 'vitest';
import { setLocale, type Locale } from '../../src/ui/i18n/i18n';

/** Sets the app's language for the rest of the test; undo with `setTestLocale('en')` and `vi.unstubAllGlobals()`. */
export function setTestLocale(locale: Locale): void {
  vi.stubGlobal('document', { documentElement: {} });
  vi.stubGlobal('dispatchEvent', () => true);
  setLocale(locale);
}
