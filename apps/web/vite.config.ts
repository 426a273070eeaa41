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
    // One bundle for now (React, Radix, zod, libphonenumber metadata): ~270 kB gzipped.
    chunkSizeWarningLimit: 1000,
  },
});
