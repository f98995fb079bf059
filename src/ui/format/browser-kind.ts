/** Which browser, on which kind of device, shows this page: picks the "how to allow the camera" steps. */

/**
 * The browsers whose camera settings we can describe: Chrome (and other Chromium browsers that
 * look like it) and Edge on Android and desktop, Safari on iPhone/iPad and Mac, Chrome on
 * iPhone/iPad (a WebKit shell, set up in the Settings app), Firefox on Android and desktop,
 * Samsung Internet; `other` for the rest.
 */
export type CameraHelpKind =
  | 'chrome-android'
  | 'chrome-desktop'
  | 'edge-desktop'
  | 'chrome-ios'
  | 'safari-ios'
  | 'safari-mac'
  | 'firefox-android'
  | 'firefox-desktop'
  | 'samsung'
  | 'other';

/** The parts of `navigator.userAgentData` this looks at (Chromium only). */
export interface UserAgentHints {
  /** Brand names, e.g. `Google Chrome`, `Microsoft Edge`, `Chromium`. */
  brands?: readonly { brand: string }[];
  /** True on a phone or tablet. */
  mobile?: boolean;
  /** `Android`, `Windows`, `macOS`, … */
  platform?: string;
}

/**
 * The browser kind from a user-agent string, and the Client Hints brands when the browser
 * offers them. `maxTouchPoints` tells an iPad that calls itself a Mac (iPadOS 13+) from a Mac.
 */
export function cameraHelpKind(userAgent: string, hints?: UserAgentHints, maxTouchPoints = 0): CameraHelpKind {
  const ua = userAgent;
  const brands = (hints?.brands ?? []).map((b) => b.brand);
  const android = /Android/i.test(ua) || hints?.platform === 'Android';
  const macLike = /Macintosh|Mac OS X/i.test(ua);
  const ios = /iPhone|iPad|iPod/i.test(ua) || (macLike && maxTouchPoints > 1);
  if (ios) {
    if (/CriOS|EdgiOS|FxiOS/i.test(ua)) return 'chrome-ios';
    return 'safari-ios';
  }
  if (/SamsungBrowser/i.test(ua) || brands.includes('Samsung Internet')) return 'samsung';
  if (/Firefox\//i.test(ua)) return android ? 'firefox-android' : 'firefox-desktop';
  const edge = /Edg(A|e)?\//.test(ua) || brands.includes('Microsoft Edge');
  const chromium = edge || /Chrome\/|Chromium\//.test(ua) || brands.some((b) => /Chrom/.test(b));
  if (chromium) {
    if (android) return 'chrome-android';
    return edge ? 'edge-desktop' : 'chrome-desktop';
  }
  if (macLike && /Safari\//.test(ua)) return 'safari-mac';
  return 'other';
}

/** This page's browser kind (see {@link cameraHelpKind}). */
export function currentCameraHelpKind(): CameraHelpKind {
  const nav = navigator as Navigator & { userAgentData?: UserAgentHints };
  return cameraHelpKind(nav.userAgent, nav.userAgentData, nav.maxTouchPoints ?? 0);
}
