import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cameraLink } from './locales/camera-link';
import { chat } from './locales/chat';
import { clips } from './locales/clips';
import { common } from './locales/common';
import { consent } from './locales/consent';
import { errors } from './locales/errors';
import { home } from './locales/home';
import { monitor } from './locales/monitor';
import { pwa } from './locales/pwa';
import { relay } from './locales/relay';
import { room } from './locales/room';
import { sender } from './locales/sender';
import { settings } from './locales/settings';
import { tools } from './locales/tools';
import { viewer } from './locales/viewer';

// Hand-written rather than @lit/localize: two languages switched at run time with no build step
// or extraction tooling; a typed dictionary per screen keeps every key checked by tsc.

/** The languages Porthole speaks. */
export type Locale = 'en' | 'zh-CN';
/** The supported locales, English first (the fallback). */
export const locales: readonly Locale[] = ['en', 'zh-CN'];

const areas = [
  common,
  home,
  settings,
  room,
  sender,
  viewer,
  chat,
  pwa,
  tools,
  consent,
  relay,
  errors,
  monitor,
  cameraLink,
  clips,
] as const;
type AreaKeys<A> = A extends { en: Record<infer K, string> } ? K : never;
/** Every message key. */
export type MessageKey = AreaKeys<(typeof areas)[number]>;

const dictionaries: Record<Locale, Record<string, string>> = {
  en: Object.assign({}, ...areas.map((a) => a.en)),
  'zh-CN': Object.assign({}, ...areas.map((a) => a['zh-CN'])),
};

const localeChangeEvent = 'porthole-locale';
let current: Locale = 'en';

/** The locale that fits the browser's languages (Chinese for any zh-*, else English). */
export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The current locale. */
export function getLocale(): Locale {
  return current;
}

/** Switches the language (`auto` follows the browser) and re-renders every localized element. */
export function setLocale(choice: Locale | 'auto'): void {
  current = choice === 'auto' ? browserLocale() : choice;
  document.documentElement.lang = current;
  dispatchEvent(new Event(localeChangeEvent));
}

/** The message `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private readonly onChange = (): void => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    addEventListener(localeChangeEvent, this.onChange);
  }
  hostDisconnected(): void {
    removeEventListener(localeChangeEvent, this.onChange);
  }
}
