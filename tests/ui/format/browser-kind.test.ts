/** The "how to allow the camera" steps fit the browser: real user-agent strings of each. */
import { describe, expect, it } from 'vitest';
import { cameraHelpKind } from '../../../src/ui/format/browser-kind';

const ua = {
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeLinuxHeadless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  edgeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  samsung:
    'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  unknown: 'SomeBrowser/1.0',
};

describe('cameraHelpKind', () => {
  it('tells Chrome and Edge on Android from the desktop ones', () => {
    expect(cameraHelpKind(ua.chromeAndroid)).toBe('chrome-android');
    expect(cameraHelpKind(ua.edgeAndroid)).toBe('chrome-android');
    expect(cameraHelpKind(ua.chromeWindows)).toBe('chrome-desktop');
    expect(cameraHelpKind(ua.chromeMac)).toBe('chrome-desktop');
    expect(cameraHelpKind(ua.chromeLinuxHeadless)).toBe('chrome-desktop');
    expect(cameraHelpKind(ua.edgeWindows)).toBe('edge-desktop');
  });

  it('reads the Client Hints brands when the browser offers them', () => {
    const reduced =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131 Safari/537.36';
    expect(cameraHelpKind(reduced, { brands: [{ brand: 'Microsoft Edge' }, { brand: 'Chromium' }] })).toBe(
      'edge-desktop',
    );
    expect(cameraHelpKind(reduced, { brands: [{ brand: 'Google Chrome' }], platform: 'Android', mobile: true })).toBe(
      'chrome-android',
    );
  });

  it('knows Safari on iPhone, on an iPad that says it is a Mac, and on a Mac', () => {
    expect(cameraHelpKind(ua.safariIphone)).toBe('safari-ios');
    expect(cameraHelpKind(ua.safariMac, undefined, 5)).toBe('safari-ios');
    expect(cameraHelpKind(ua.safariMac)).toBe('safari-mac');
    expect(cameraHelpKind(ua.chromeIphone)).toBe('chrome-ios');
  });

  it('knows Firefox and Samsung Internet, and falls back to general steps', () => {
    expect(cameraHelpKind(ua.firefoxWindows)).toBe('firefox-desktop');
    expect(cameraHelpKind(ua.firefoxAndroid)).toBe('firefox-android');
    expect(cameraHelpKind(ua.samsung)).toBe('samsung');
    expect(cameraHelpKind(ua.unknown)).toBe('other');
    expect(cameraHelpKind('')).toBe('other');
  });
});
