import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

const api = 'http://127.0.0.1:3000';
const proxied = ['/api', '/docs', '/webhooks', '/sandbox', '/healthz', '/readyz'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    // `/sandbox/mailbox` and `/sandbox/phone` are pages of the SPA; only the emulators go to the server.
    proxy: Object.fromEntries(
      proxied.map((path) => [
        path,
        {
          target: api,
          changeOrigin: false,
          bypass: (req: { url?: string }) =>
            /^\/sandbox\/(mailbox|phone)(\/|\?|$)/.test(req.url ?? '') ? req.url : undefined,
        },
      ]),
    ),
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      treeshake: {
        // @ava/contracts is one barrel of zod schemas whose module-level calls look like side effects, so
        // every page's schemas (and the phone-number metadata) would ride in the first bundle. They
        // have none: a contracts module is included only where one of its exports is used.
        moduleSideEffects: [{ test: /\/packages\/contracts\/src\//, sideEffects: false }],
      },
    },
  },
});
