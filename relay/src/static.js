// @ts-check
/**
 * Serves the built PWA from one directory: content types, SPA fallback to index.html,
 * cache headers that keep the service worker fresh, and no way out of the directory.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, posix, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';

/** Content type by file extension (without the dot). */
export const contentTypes = Object.freeze({
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
});

/** Files that must be revalidated on every load so an update is seen at once. */
const noCacheNames = /^(?:index\.html|sw\.js|registerSW\.js|manifest\.webmanifest|workbox-[^/]*\.js)$/;

/** Cache-Control for content-hashed files under /assets/. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';

/** Body of the 503 answered while the app has not been built. */
export const notBuiltMessage = 'app not built: run npm run build\n';

/**
 * The Cache-Control header for a URL path.
 *
 * @param {string} urlPath Decoded, normalized path starting with `/`.
 */
export function cacheControlFor(urlPath) {
  const name = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  if (noCacheNames.test(name)) return 'no-cache';
  if (urlPath.startsWith('/assets/')) return immutableCacheControl;
  return 'no-cache';
}

/**
 * Turns a raw request path into a safe, normalized path inside the served directory, or
 * undefined when it is malformed or tries to leave it (`..`, backslashes, NUL, dotfiles).
 *
 * @param {string} rawPath The request target without its query string.
 * @returns {string | undefined}
 */
export function safePath(rawPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || (s.startsWith('.') && s !== '.' && s !== '.well-known'))) {
    return undefined;
  }
  return posix.normalize(decoded);
}

/**
 * Creates the static handler for `root`.
 *
 * @param {string} root Directory of the built app (need not exist yet).
 * @param {{ serveSourceMaps?: boolean }} [options] `serveSourceMaps`: answer `*.map` files (default: 404).
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, rawPath: string) => Promise<void>}
 */
export function createStaticHandler(root, options = {}) {
  const rootDir = resolve(root);

  /**
   * Finds the file for a safe path; undefined when it does not exist or escapes via a symlink.
   *
   * @param {string} urlPath
   */
  async function locate(urlPath) {
    const file = resolve(rootDir, `.${urlPath}`);
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return undefined;
    try {
      const [real, realRoot] = await Promise.all([realpath(file), realpath(rootDir)]);
      if (!real.startsWith(realRoot + sep)) return undefined;
      const info = await stat(real);
      return info.isFile() ? { file: real, info } : undefined;
    } catch {
      return undefined;
    }
  }

  return async (req, res, rawPath) => {
    const urlPath = safePath(rawPath);
    if (urlPath === undefined) return sendText(res, 400, 'bad path\n');
    if (!options.serveSourceMaps && urlPath.toLowerCase().endsWith('.map')) return sendText(res, 404, 'not found\n');
    const isRoute = extname(urlPath) === '';
    const servedPath = isRoute ? '/index.html' : urlPath;
    const found = await locate(servedPath);
    if (found === undefined) {
      const built = isRoute ? false : (await locate('/index.html')) !== undefined;
      return built ? sendText(res, 404, 'not found\n') : sendText(res, 503, notBuiltMessage);
    }
    const { file, info } = found;
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const ext = extname(file).slice(1).toLowerCase();
    res.setHeader(
      'Content-Type',
      /** @type {Record<string, string>} */ (contentTypes)[ext] ?? 'application/octet-stream',
    );
    res.setHeader('Cache-Control', cacheControlFor(servedPath));
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', info.mtime.toUTCString());
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.setHeader('Content-Length', info.size);
    res.writeHead(200);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline closes the file when the download is aborted (pipe() would leave it open).
    pipeline(createReadStream(file), res, ignoreError);
  };
}

/** Pipeline callback: an aborted download or a read error has already destroyed both ends. */
function ignoreError() {}

/**
 * Answers a short plain-text status.
 *
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
export function sendText(res, status, text) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
