import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console builds into dist/apps/web, which the API serves at `/` (apps/api/src/web/console-static.ts)
 * and any static web server can serve in production. Each role's pages are their own chunks (the router's
 * lazy imports); the framework is split out so a role's pages reuse it from the cache.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '^/(needs|projects|donations|communities|organisations|volunteers|social-workers|matching|events|auth|docs-json|health)': 'http://127.0.0.1:3000' } },
});
