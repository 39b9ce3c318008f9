import vue from '@vitejs/plugin-vue';
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
  plugins: [vue(), noRemoteFonts()],
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
