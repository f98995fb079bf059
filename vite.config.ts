import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Vite build of the PWA; relative base so the app works under any sub-path. */
export default defineConfig({
  base: './',
  build: { target: 'es2022', sourcemap: true },
  plugins: [
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Porthole',
        short_name: 'Porthole',
        description: "Turn one device's camera into a live window on another.",
        display: 'standalone',
        start_url: '.',
        scope: '.',
        theme_color: '#0b3d5c',
        background_color: '#0b1620',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ws/],
      },
    }),
  ],
});
