import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers.ts';

// What `npm start` runs: the bundled server, built first when missing or stale. The other suites
// import the TypeScript sources; this one checks the bundle is the same server, and starts at all.
const start = fileURLToPath(new URL('../start.mjs', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// One PGlite process, whichever driver the suite runs on: the bundle is the same either way.
describe.skipIf(process.env.AVA_TEST_DRIVER === 'postgres')('npm start', () => {
  it('runs the bundled server: ready, API, docs and web app served, clean stop on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ava-start-'));
    const webDist = mkdtempSync(join(tmpdir(), 'ava-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>AVA</title><div id="root"></div>');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [start], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: base,
        LOG_LEVEL: 'info',
        WEB_DIST: webDist,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let ready = false;
      // Bundling (when the sources changed) and a first start on a busy machine take a while.
      for (let i = 0; i < 1000 && !ready && child.exitCode === null; i++) {
        ready = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, output).toBe(true);
      expect(existsSync(bundle)).toBe(true);
      expect(output, 'the bundle ran, not the tsx fallback').not.toContain('running the sources');
      expect(output).toContain('"startup"');

      // better-auth, the zod compilers and AVA's error model, bundled.
      const signup = await fetch(`${base}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Start Owner',
          email: 'start.owner@example.test',
          password: 'correct horse battery',
          passwordConfirmation: 'correct horse battery',
          acceptTerms: true,
          locale: 'en',
        }),
      });
      expect(signup.status, await signup.clone().text()).toBe(201);
      const invalid = await fetch(`${base}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'not an email' }),
      });
      expect(invalid.status).toBe(400);
      const error = (await invalid.json()) as { error: { code: string; details: { path: string }[] } };
      expect(error.error.code).toBe('VALIDATION_FAILED');
      expect(error.error.details.map((d) => d.path)).toContain('body.email');

      const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: object };
      expect(Object.keys(openapi.paths)).toContain('/api/v1/auth/signup');
      expect((await fetch(`${base}/docs`)).status).toBe(200);
      const page = await fetch(`${base}/settings`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).not.toContain('"level":50');
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(webDist, { recursive: true, force: true });
    }
  }, 180_000);
});
