import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * Vant's icon font is inlined as WOFF2 but names a fallback on a third-party CDN; the app
 * makes no third-party request, so the fallback is dropped at build time.
 */
function noRemoteFonts(): Plugin {
  return {
    name: 'tanfang-no-remote-fonts',
    transform(code, id) {
      if (!id.endsWith('.css') || !code.includes('at.alicdn.com')) return undefined;
      return { code: code.replace(/,\s*url\(\/\/at\.alicdn\.com[^)]*\)\s*format\("woff"\)/g, ''), map: null };
    },
  };
}

/** `npm run web:dev` proxies the API to a `tanfang serve` on port 8787. */
const API_PATHS = ['/me', '/tasks', '/visits', '/elders', '/people', '/ledger', '/escalations', '/visit-rates', '/alerts', '/auth', '/health', '/openapi.json', '/reviews', '/local-uploads'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [
    vue(),
    noRemoteFonts(),
    // The app shell offline: a visitor who reloads without signal still gets the app (and the
    // visits queued on the phone). The service worker is a file of its own (no inline script);
    // the supervisors' charts are left out of the precache (visitors' phones never need them).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: { name: '探访关爱', short_name: '探访', lang: 'zh-CN', start_url: '/', display: 'standalone', theme_color: '#1989fa', background_color: '#f7f8fa', icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }] },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg}'],
        globIgnores: ['**/charts-*.js'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/(local-uploads|openapi\.json)/],
        // Only the app's own files: API answers are never cached by the service worker.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // Take over the page that installed it, so the very first visit is already covered.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: { proxy: Object.fromEntries(API_PATHS.map((p) => [p, 'http://127.0.0.1:8787'])) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Everything the CSP allows is on the origin: no inline data URLs for scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // ECharts (the supervisors' charts chunk, loaded on demand) is about 500 kB before compression.
    chunkSizeWarningLimit: 600,
  },
});
