// What `npm start` and `npm run worker` run: the bundled server (dist/main.js, see scripts/bundle.mjs),
// bundled first when missing or older than its sources, so a fresh clone or a `git pull` needs
// nothing but `npm start`. Where the bundle cannot be built or written (a read-only install, no esbuild),
// the TypeScript sources run through tsx as `npm run dev` does: the same server, only slower to start.
import { pathToFileURL } from 'node:url';
import { bundle, bundleFile, bundleIsStale } from './scripts/bundle.mjs';

let entry = pathToFileURL(bundleFile).href;
if (bundleIsStale()) {
  try {
    console.log('Bundling the server (first start or sources changed)…');
    await bundle();
  } catch (err) {
    console.warn(
      `Could not bundle the server (${err instanceof Error ? err.message : err}); running the sources`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    entry = new URL('./src/main.ts', import.meta.url).href;
  }
}
await import(entry);
