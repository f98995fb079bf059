/**
 * The person's settings: signaling transport, extra STUN/TURN servers, language and theme.
 * Stored as JSON in localStorage under `porthole.settings`, in the link syntax (`via`, `ice`),
 * and validated on every load: anything damaged falls back to its default, never a crash.
 */
import { formatIce, formatVia, maxIceServers, maxViaChars, parseIce, parseVia } from '../protocol/link';
import type { IceServerSpec, Via } from '../protocol/link';
import { isValidRelayToken, loadRelayToken, saveRelayToken } from './relay-token';
import { takeUrlToken } from './url-token';
import { defaultStorage, type StorageLike } from './web-storage';

export { defaultStorage, type StorageLike } from './web-storage';

/** Which signaling transport new rooms use: the public brokers, or a named one. */
export type TransportChoice = 'public' | 'mqtt' | 'relay';
/** The language choice: follow the browser, or a fixed locale. */
export type LanguageChoice = 'auto' | 'en' | 'zh-CN';
/** The theme choice: follow the system, or a fixed one. */
export type ThemeChoice = 'auto' | 'light' | 'dark';

/** Valid settings. */
export interface Settings {
  /** The transport for new rooms; absent = the default (public MQTT brokers). */
  via?: Via;
  /** Extra STUN/TURN servers (empty = the defaults); links carry the STUN ones, never a TURN password. */
  ice: IceServerSpec[];
  /** Language choice. */
  language: LanguageChoice;
  /** Theme choice. */
  theme: ThemeChoice;
}

/** Settings as a form holds them: raw strings, not yet validated. */
export interface SettingsDraft {
  /** Transport choice. */
  transport: string;
  /** Broker or relay URL (ignored for `public`). */
  url: string;
  /** STUN/TURN servers, separated by commas, spaces or new lines. */
  ice: string;
  /** Language choice. */
  language: string;
  /** Theme choice. */
  theme: string;
}

/** What can be wrong with a draft field (each is also the UI's message key for it). */
export type SettingsError =
  | 'settings.error.choice'
  | 'settings.error.urlRequired'
  | 'settings.error.urlInvalid'
  | 'settings.error.urlScheme'
  | 'settings.error.urlCredentials'
  | 'settings.error.urlFragment'
  | 'settings.error.urlQuery'
  | 'settings.error.urlTooLong'
  | 'settings.error.iceTooMany'
  | 'settings.error.ice';

/** A draft field that can be wrong. */
export type SettingsField = keyof SettingsDraft;

/** The outcome of {@link validateSettings}. */
export type SettingsValidation =
  | { ok: true; settings: Settings; relayToken?: string }
  | { ok: false; errors: Partial<Record<SettingsField, SettingsError>> };

/** The localStorage key of the settings. */
export const settingsStorageKey = 'porthole.settings';
/** The default settings. */
export const defaultSettings: Readonly<Settings> = Object.freeze({ ice: [], language: 'auto', theme: 'auto' });

const transports: readonly string[] = ['public', 'mqtt', 'relay'];
const languages: readonly string[] = ['auto', 'en', 'zh-CN'];
const themes: readonly string[] = ['auto', 'light', 'dark'];

/** Why a broker/relay URL is unusable, or undefined when it is fine. */
function urlError(url: string, kind: 'mqtt' | 'relay'): SettingsError | undefined {
  if (url === '') return 'settings.error.urlRequired';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'settings.error.urlInvalid';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return 'settings.error.urlScheme';
  if (parsed.username !== '' || parsed.password !== '') return 'settings.error.urlCredentials';
  if (url.includes('#')) return 'settings.error.urlFragment';
  // A query would ride in every link (a relay token belongs in the relay-token store instead).
  if (url.includes('?')) return 'settings.error.urlQuery';
  if (url.length + kind.length + 1 > maxViaChars) return 'settings.error.urlTooLong';
  return parseVia(`${kind}:${url}`) ? undefined : 'settings.error.urlInvalid';
}

/** Splits a typed server list on commas, spaces and new lines. */
function iceEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/**
 * Checks a draft; on success returns settings, else one message key per wrong field. A relay URL's
 * `?token=…` is taken out of the URL and returned as `relayToken` (for the relay-token store): the
 * person meant it for that relay, and a URL in settings ends up in every link.
 */
export function validateSettings(draft: SettingsDraft): SettingsValidation {
  const errors: Partial<Record<SettingsField, SettingsError>> = {};
  const settings: Settings = { ice: [], language: 'auto', theme: 'auto' };
  const typed = draft.url.trim();
  const taken = draft.transport === 'relay' ? takeUrlToken(typed) : { url: typed };
  const url = taken.url;
  if (!transports.includes(draft.transport)) errors.transport = 'settings.error.choice';
  else if (draft.transport === 'mqtt' || draft.transport === 'relay') {
    const error = urlError(url, draft.transport);
    if (error) errors.url = error;
    else if (taken.token !== undefined && !isValidRelayToken(taken.token)) errors.url = 'settings.error.urlQuery';
    else settings.via = { kind: draft.transport, url };
  }
  const entries = iceEntries(draft.ice);
  if (entries.length > maxIceServers) errors.ice = 'settings.error.iceTooMany';
  else if (entries.length > 0) {
    const ice = parseIce(entries.join(','));
    if (ice) settings.ice = ice;
    else errors.ice = 'settings.error.ice';
  }
  if (languages.includes(draft.language)) settings.language = draft.language as LanguageChoice;
  else errors.language = 'settings.error.choice';
  if (themes.includes(draft.theme)) settings.theme = draft.theme as ThemeChoice;
  else errors.theme = 'settings.error.choice';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return taken.token === undefined ? { ok: true, settings } : { ok: true, settings, relayToken: taken.token };
}

/** The draft a form starts from for `s` (inverse of {@link validateSettings}). */
export function draftFromSettings(s: Settings): SettingsDraft {
  return {
    transport: s.via?.kind ?? 'public',
    url: s.via?.url ?? '',
    ice: s.ice.map((server) => formatIce([server])).join('\n'),
    language: s.language,
    theme: s.theme,
  };
}

/** A copy of the defaults (so callers may change it freely). */
function defaults(): Settings {
  return { ice: [], language: defaultSettings.language, theme: defaultSettings.theme };
}

/**
 * Reads the settings; missing, corrupt or invalid parts fall back to their defaults. A relay URL
 * stored with `?token=…` (as older versions suggested) is stored again without it, its token kept
 * for that relay unless one is already kept.
 */
export function loadSettings(storage: StorageLike | undefined = defaultStorage()): Settings {
  let stored: unknown;
  try {
    const text = storage?.getItem(settingsStorageKey);
    if (text === null || text === undefined) return defaults();
    stored = JSON.parse(text);
  } catch {
    return defaults();
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return defaults();
  const record = stored as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const storedVia = typeof record.via === 'string' ? record.via : '';
  const kind = storedVia.slice(0, storedVia.indexOf(':'));
  const via = kind === 'mqtt' || kind === 'relay' ? { kind, url: storedVia.slice(kind.length + 1) } : undefined;
  const draft: SettingsDraft = {
    transport: via?.kind ?? 'public',
    url: via?.url ?? '',
    ice: text(record.ice),
    language: text(record.language) || 'auto',
    theme: text(record.theme) || 'auto',
  };
  const fallback = draftFromSettings(defaults());
  const first = validateSettings(draft);
  if (first.ok && first.relayToken !== undefined) moveRelayToken(first.settings, first.relayToken, storage);
  if (first.ok) return first.settings;
  for (const field of Object.keys(first.errors) as SettingsField[]) draft[field] = fallback[field];
  if (first.errors.url) draft.transport = fallback.transport;
  const second = validateSettings(draft);
  return second.ok ? second.settings : defaults();
}

/** Keeps a token read out of the stored relay URL for its relay (unless one is kept), and stores the settings without it. */
function moveRelayToken(settings: Settings, token: string, storage: StorageLike | undefined): void {
  const url = settings.via?.url;
  if (url !== undefined && loadRelayToken(url, storage) === undefined) saveRelayToken(url, token, storage);
  saveSettings(settings, storage);
}

/** Stores valid settings; returns false when storage is missing or refuses (quota, privacy mode). */
export function saveSettings(s: Settings, storage: StorageLike | undefined = defaultStorage()): boolean {
  const stored: Record<string, string> = { language: s.language, theme: s.theme };
  if (s.via) stored.via = formatVia(s.via);
  if (s.ice.length > 0) stored.ice = formatIce(s.ice);
  try {
    if (!storage) return false;
    storage.setItem(settingsStorageKey, JSON.stringify(stored));
    return true;
  } catch {
    return false;
  }
}

/** The servers of `list` a link may carry: STUN ones, never a TURN server with its password. */
export function linkIce(list: readonly IceServerSpec[]): IceServerSpec[] {
  return list
    .filter((server) => server.credential === undefined && server.username === undefined)
    .map((s) => ({ ...s }));
}

/**
 * The `via`/`ice` link parameters the settings add to new links; only what is not default. TURN
 * servers stay out (links carry no TURN password): the sender uses them itself (app/room-params.ts).
 */
export function linkParamsFromSettings(s: Settings): { via?: Via; ice?: IceServerSpec[] } {
  const params: { via?: Via; ice?: IceServerSpec[] } = {};
  if (s.via) params.via = { ...s.via };
  const ice = linkIce(s.ice);
  if (ice.length > 0) params.ice = ice;
  return params;
}
