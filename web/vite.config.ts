import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The pages are served by `tierdesk serve` from web/dist under a Content-Security-Policy
// without inline scripts or styles: everything must land in hashed files under assets/.
export default defineConfig({
  plugins: [svelte()],
  build: {
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` talks to a tierdesk serve on the default demo address.
    proxy: { '/api': 'http://127.0.0.1:8080', '/l': 'http://127.0.0.1:8080' },
  },
});
