// The server's production build: src/main.ts, the workspace packages (@ava/contracts, @ava/sandbox) and
// most npm dependencies bundled into one ES module, dist/main.js. Start-up was dominated by
// loading modules: under tsx every module, node_modules included, goes through the loader's hooks, and
// even without them Node pays per file (better-auth alone is ~600 files: 0.9 s of CPU loaded file by file,
// 0.3 s bundled). Tests and `npm run dev` keep running the TypeScript sources through vitest and tsx.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(server, '../..');
export const bundleFile = join(server, 'dist', 'main.js');

/**
 * npm packages left to Node at run time: PGlite (it loads its WASM and data beside its ES modules through
 * import.meta.url), pino (worker transports), and the SDKs the server imports only on first use (Vapi,
 * LLMs, email: bundled, they would be parsed at every start). Twilio's is imported eagerly by its adapter
 * still, and would add 8 MB to the bundle.
 */
const EXTERNAL = new Set([
  '@electric-sql/pglite',
  'pino',
  'pg-native',
  '@vapi-ai/server-sdk',
  '@anthropic-ai/sdk',
  'openai',
  'nodemailer',
  'twilio',
]);
/**
 * Bundled CommonJS modules that find files beside their sources (the Swagger UI's assets, a package.json)
 * get their own __dirname and __filename back, as paths relative to the bundle.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const from = relative(dirname(bundleFile), args.path).split(sep).join('/');
      return {
        contents: `var __filename = __avaPath(${JSON.stringify(from)}), __dirname = __avaDirname(__filename);\n${source}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Everything the bundle is made of; a change to any of it makes the bundle stale. */
const inputs = [
  join(server, 'src'),
  join(server, 'package.json'),
  join(root, 'packages/contracts/src'),
  join(root, 'packages/contracts/package.json'),
  join(root, 'packages/sandbox/src'),
  join(root, 'packages/sandbox/package.json'),
  // npm rewrites this on every install, upgrade or `npm ci`: bundled dependencies may have changed.
  join(root, 'node_modules/.package-lock.json'),
  fileURLToPath(import.meta.url),
];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Missing, or older than one of its inputs (a few hundred stat calls: milliseconds). */
export function bundleIsStale() {
  if (!existsSync(bundleFile)) return true;
  const built = statSync(bundleFile).mtimeMs;
  return inputs.filter(existsSync).some((p) => newest(p) > built);
}

export async function bundle() {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundleFile), { recursive: true });
  const { outputFiles } = await build({
    entryPoints: [join(server, 'src/main.ts')],
    outfile: bundleFile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
    // CommonJS dependencies inside an ES module still call require (Node's built-ins, optional packages).
    banner: {
      js: [
        "import { createRequire as __avaCreateRequire } from 'node:module';",
        "import { dirname as __avaDirname } from 'node:path';",
        "import { fileURLToPath as __avaFileURLToPath } from 'node:url';",
        'const require = __avaCreateRequire(import.meta.url);',
        'const __avaPath = (relative) => __avaFileURLToPath(new URL(relative, import.meta.url));',
      ].join('\n'),
    },
    // A stack trace names the source file and line when Node runs with --enable-source-maps.
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [
      ownDirname,
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            EXTERNAL.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
    // import.meta.url is the bundle's own (apps/server/dist/main.js): a module that finds files beside its
    // source is told where they are. The SPA's path (app.ts, ../../web/dist) resolves the same from dist/.
    define: {
      AVA_MIGRATIONS_URL: JSON.stringify('../src/db/migrations/'),
      AVA_PGLITE_THREAD_URL: JSON.stringify('../src/db/pglite-thread.mjs'),
    },
  });
  // Written beside the targets and renamed over them, the map first: processes of a fleet starting
  // together may both build, and none may import a half-written file.
  const jsLast = (f) => Number(f.path.endsWith('.js'));
  for (const file of outputFiles.sort((a, b) => jsLast(a) - jsLast(b))) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-needed') && !bundleIsStale()) process.exit(0);
  const t0 = performance.now();
  await bundle();
  console.log(`Bundled the server into ${bundleFile} in ${Math.round(performance.now() - t0)} ms`);
}
