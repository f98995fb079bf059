import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Vite build of the PWA. `base: './'` makes every URL relative (assets, manifest, sw.js, the
 * manifest's start_url and scope), so the same dist works at `/` or under any sub-path.
 */
export default defineConfig({
  base: './',
  build: { target: 'es2022', sourcemap: true },
  plugins: [
    VitePWA({
      // An update waits until the user says "Reload" (src/pwa/sw-bridge.ts registers with
      // workbox-window in production builds only; no generated registerSW.js).
      registerType: 'prompt',
      injectRegister: false,
      // favicon.svg and the Apple touch icon are precached as well; the manifest's icons and
      // manifest.webmanifest itself are added by the plugin.
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: './',
        name: 'Porthole',
        short_name: 'Porthole',
        description: "Turn one device's camera into a live window on another.",
        lang: 'en',
        display: 'standalone',
        start_url: './',
        scope: './',
        // theme.css: --ph-accent-strong and the dark --ph-bg.
        theme_color: '#0b3d5c',
        background_color: '#0b1620',
        launch_handler: { client_mode: 'focus-existing' },
        categories: ['utilities', 'photo'],
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // The whole app is precached, lazy chunks included (mqtt.js, qrcode, the scanner): an
        // installed Porthole opens and works offline, except for reaching another device.
        // Icons and the manifest come from includeAssets / the manifest (not globbed twice).
        globPatterns: ['**/*.{js,css,html}'],
        // One self-contained sw.js: the Workbox runtime is bundled in, and the only script imported
        // at run time is our own public/sw-notify.js (a tap on a monitor's notification shown by
        // the worker brings the app forward), never anything from a CDN. No source map for the worker.
        inlineWorkboxRuntime: true,
        importScripts: ['sw-notify.js'],
        sourcemap: false,
        cleanupOutdatedCaches: true,
        // Take over the first page at once (same build), so lazy chunks loaded later in this
        // session already come from the precache. Updates still wait for the user (no skipWaiting).
        clientsClaim: true,
        navigateFallback: 'index.html',
        // Relay endpoints are never answered with the app shell.
        navigateFallbackDenylist: [/\/api\//, /\/ws(?:[/?]|$)/],
        // No runtimeCaching: any request that is not precached — `/api/config` above all — has
        // no route, so the worker leaves it to the browser's network stack (network only).
      },
    }),
  ],
});
