// @ts-check
/**
 * Security headers on everything the relay serves: a Content-Security-Policy the built app runs
 * under (no inline script: Vite emits none), no framing, no referrer, no MIME sniffing, and HSTS
 * when the relay itself speaks TLS.
 */

/**
 * The app's Content-Security-Policy, directive by directive:
 * scripts and styles from the app itself (Lit's constructed stylesheets and style bindings need
 * `'unsafe-inline'` for styles only), WebSocket/HTTP to any host (MQTT brokers and relays the
 * user names), blob:/data: images (QR codes, snapshots), camera streams and recordings as media,
 * the service worker, and nothing that frames the app or posts its forms elsewhere.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS lifetime when TLS is on (180 days; no includeSubDomains: a LAN relay knows no subdomains). */
export const hstsMaxAgeSeconds = 15_552_000;

/**
 * The headers set on every HTTP answer.
 *
 * @param {{ tls: boolean }} options
 * @returns {Readonly<Record<string, string>>}
 */
export function securityHeaders(options) {
  return Object.freeze({
    'Content-Security-Policy': contentSecurityPolicy,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.tls ? { 'Strict-Transport-Security': `max-age=${hstsMaxAgeSeconds}` } : {}),
  });
}
