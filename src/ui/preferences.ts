/** Applies the person's saved preferences (language and theme) to the page. */
import {
  defaultStorage,
  loadSettings,
  type Settings,
  type StorageLike,
  type ThemeChoice,
} from '../storage/settings-store';
import { setLocale } from './i18n/i18n';

/** Sets `<html data-theme>` for a fixed theme, or removes it to follow the system. */
export function applyTheme(theme: ThemeChoice): void {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** Applies the saved language and theme; call once at start-up, before the first render. */
export function applySavedPreferences(storage: StorageLike | undefined = defaultStorage()): Settings {
  const settings = loadSettings(storage);
  setLocale(settings.language);
  applyTheme(settings.theme);
  return settings;
}
