// `npm start` serves the built SPA. Build it when it is missing or older than its sources, so a fresh
// clone needs nothing but `npm install && npm start`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = 'apps/web';
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = ['src', 'index.html', 'vite.config.ts', 'public'].map((p) => join(web, p)).filter(existsSync);
const stale =
  !existsSync(built) ||
  Math.max(...sources.map(newest), newest('packages/contracts/src')) > statSync(built).mtimeMs;
if (stale) {
  console.log('Building the web app (first start or sources changed)…');
  execSync('npm run build -w @ava/web', { stdio: 'inherit' });
}
