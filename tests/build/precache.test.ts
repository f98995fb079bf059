// The built PWA (dist/): web app manifest, icons and the generated service worker's precache.
// Reads an existing build; builds one (vite build) only when dist has none.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const read = (path: string): Buffer => readFileSync(dist + path);

interface Icon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}
interface Manifest {
  id?: string;
  name?: string;
  short_name?: string;
  description?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  start_url?: string;
  scope?: string;
  launch_handler?: { client_mode?: string };
  icons?: Icon[];
}

/** A decoded PNG: size, colour type and RGBA pixels (8-bit RGB/RGBA, not interlaced). */
interface Png {
  width: number;
  height: number;
  colorType: number;
  rgba: (x: number, y: number) => number[];
}

/** Decodes a PNG enough to check its size and sample pixels; throws on anything malformed. */
function decodePng(file: Buffer): Png {
  expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(file.toString('latin1', 12, 16)).toBe('IHDR');
  const width = file.readUInt32BE(16);
  const height = file.readUInt32BE(20);
  const [depth, colorType, , , interlace] = file.subarray(24, 29);
  expect(depth).toBe(8);
  expect([2, 6]).toContain(colorType);
  expect(interlace).toBe(0);
  const idat: Buffer[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(file.subarray(at + 8, at + 8 + length));
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((stride + 1) * height);
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i += 1) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter!];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      out[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  const rgba = (x: number, y: number): number[] => {
    const at = (y * width + x) * channels;
    return [out[at]!, out[at + 1]!, out[at + 2]!, channels === 4 ? out[at + 3]! : 255];
  };
  return { width, height, colorType: colorType!, rgba };
}

/** The URLs in the generated sw.js precache manifest (`{url:"…",revision:…}` entries). */
function precacheUrls(sw: string): string[] {
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
}

let manifest: Manifest;
let sw: string;
let indexHtml: string;

beforeAll(() => {
  if (!existsSync(`${dist}sw.js`) || !existsSync(`${dist}manifest.webmanifest`) || !existsSync(`${dist}index.html`)) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  manifest = JSON.parse(read('manifest.webmanifest').toString('utf8')) as Manifest;
  sw = read('sw.js').toString('utf8');
  indexHtml = read('index.html').toString('utf8');
}, 120_000);

describe('web app manifest', () => {
  it('is linked from index.html with a relative URL', () => {
    expect(indexHtml).toMatch(/<link rel="manifest" href="\.\/manifest\.webmanifest"/);
  });

  it('names and describes the app, standalone, in the theme colours', () => {
    expect(manifest.name).toBe('Porthole');
    expect(manifest.short_name).toBeTruthy();
    expect(manifest.short_name!.length).toBeLessThanOrEqual(12);
    expect(manifest.description).toBeTruthy();
    expect(manifest.display).toBe('standalone');
    // theme.css: --ph-accent-strong and the dark --ph-bg.
    expect(manifest.theme_color?.toLowerCase()).toBe('#0b3d5c');
    expect(manifest.background_color?.toLowerCase()).toBe('#0b1620');
    expect(indexHtml).toContain('<meta name="theme-color" content="#0b3d5c"');
    const css = readFileSync(`${root}src/ui/styles/theme.css`, 'utf8');
    expect(css).toContain(`--ph-accent-strong: ${manifest.theme_color}`);
    expect(css).toContain(`--ph-bg: ${manifest.background_color}`);
  });

  it('has a relative start_url, scope and id, so the app works under any sub-path', () => {
    for (const url of [manifest.start_url, manifest.scope, manifest.id]) {
      expect(url).toBeDefined();
      expect(url).not.toMatch(/^(?:\/|[a-z]+:)/i);
    }
    expect(manifest.start_url).toBe('./');
    expect(manifest.scope).toBe('./');
  });

  it('focuses an open window instead of opening another', () => {
    expect(manifest.launch_handler).toEqual({ client_mode: 'focus-existing' });
  });

  it('has 192 and 512 PNG icons and a maskable 512, all valid PNGs of the stated size', () => {
    const icons = manifest.icons ?? [];
    const png = icons.filter((icon) => icon.type === 'image/png');
    const purposes = (icon: Icon): string[] => (icon.purpose ?? 'any').split(/\s+/);
    expect(png.some((icon) => icon.sizes === '192x192' && purposes(icon).includes('any'))).toBe(true);
    expect(png.some((icon) => icon.sizes === '512x512' && purposes(icon).includes('any'))).toBe(true);
    expect(png.some((icon) => icon.sizes === '512x512' && purposes(icon).includes('maskable'))).toBe(true);
    expect(icons.some((icon) => icon.src === 'favicon.svg')).toBe(true);
    for (const icon of icons) {
      expect(icon.src).not.toMatch(/^(?:\/|[a-z]+:)/i);
      expect(existsSync(dist + icon.src), icon.src).toBe(true);
      if (icon.type !== 'image/png') continue;
      const { width, height } = decodePng(read(icon.src));
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
  });

  it('maskable icon: full bleed, and the logo inside the 80% safe zone', () => {
    const icon = manifest.icons!.find((i) => i.purpose?.split(/\s+/).includes('maskable'))!;
    const png = decodePng(read(icon.src));
    const size = png.width;
    const background = png.rgba(0, 0);
    expect(background[3]).toBe(255);
    // Everything outside the safe-zone circle (radius 0.4 × size) is plain background.
    const outside: string[] = [];
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        if (Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) <= 0.4 * size) continue;
        if (png.rgba(x, y).join() !== background.join()) outside.push(`${x},${y}`);
      }
    }
    expect(outside.slice(0, 5)).toEqual([]);
    // …and the logo is really there, filling most of the safe zone.
    const logoPixels = [0.1, 0.2, 0.3].map((r) => png.rgba(Math.round(size / 2 + r * size), size / 2).join());
    expect(logoPixels.every((pixel) => pixel !== background.join())).toBe(true);
  });
});

describe('service worker', () => {
  it('precaches the app shell: index.html, the entry JS and CSS, icons and the manifest', () => {
    const urls = precacheUrls(sw);
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    const entries = [
      ...indexHtml.matchAll(/<(?:script type="module"|link rel="stylesheet")[^>]* (?:src|href)="\.\/([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(entries.some((url) => url.endsWith('.js'))).toBe(true);
    for (const url of entries) expect(urls).toContain(url);
    for (const icon of manifest.icons ?? []) expect(urls).toContain(icon.src);
    expect(urls).toContain('apple-touch-icon.png');
    // Each file once (a duplicate with another revision would make the install fail).
    expect(new Set(urls).size).toBe(urls.length);
    // Relative, so a sub-path deployment precaches its own files.
    for (const url of urls) expect(url).not.toMatch(/^(?:\/|[a-z]+:)/i);
  });

  it('precaches every lazy chunk too (mqtt.js, qrcode, scanner, jsQR): the installed app works offline', () => {
    const urls = precacheUrls(sw);
    const chunks = readdirSync(`${dist}assets`).filter((name) => name.endsWith('.js'));
    expect(chunks.some((name) => name.startsWith('mqtt'))).toBe(true);
    // The QR reader for browsers without BarcodeDetector: plain JS, its own chunk, nothing fetched later.
    expect(chunks.some((name) => name.startsWith('jsqr-detector'))).toBe(true);
    for (const name of chunks) expect(urls).toContain(`assets/${name}`);
  });

  it('bundles Workbox: no importScripts from a CDN; only our own notification handler, from the app itself', () => {
    expect(sw).not.toMatch(/importScripts\(\s*["'`](?:https?:)?\/\//);
    expect(sw).not.toMatch(/storage\.googleapis\.com|unpkg\.com|jsdelivr/);
    expect([...sw.matchAll(/importScripts\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"sw-notify.js"']);
    expect(existsSync(`${dist}sw-notify.js`)).toBe(true);
    expect(readdirSync(dist).filter((name) => /^workbox-.*\.js$/.test(name))).toEqual([]);
  });

  it('falls back to index.html for navigations, except the relay endpoints /api/ and /ws', () => {
    expect(sw).toContain('createHandlerBoundToURL');
    expect(sw).toMatch(/denylist:\[\/\\\/api\\\/\/,\/\\\/ws/);
  });

  it('never caches /api/config: not precached and no runtime route (network only)', () => {
    expect(precacheUrls(sw).some((url) => url.includes('api'))).toBe(false);
    expect(sw).not.toContain('api/config');
    expect(sw).not.toMatch(/registerRoute\(\s*new \w+\(\s*\/[^/]*api/);
  });

  it('waits for the user before taking over (prompt): skipWaiting only on request', () => {
    expect(sw).toMatch(/"SKIP_WAITING"===\w+\.data\.type&&self\.skipWaiting\(\)/);
    expect(sw).not.toMatch(/self\.skipWaiting\(\),/);
  });
});

describe('entry chunk', () => {
  it('does not contain workbox-window (loaded lazily with sw-bridge)', () => {
    const entry = indexHtml.match(/<script type="module"[^>]* src="\.\/([^"]+)"/)![1]!;
    const code = read(entry).toString('utf8');
    expect(code).not.toContain('messageSkipWaiting');
    expect(code).toMatch(/import\(["']\.\/sw-bridge-[\w-]+\.js["']\)|sw-bridge-[\w-]+\.js/);
  });
});
