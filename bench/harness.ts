/**
 * Starts the real app on loopback, on PGlite or on a fresh database of TEST_DATABASE_URL, for benchmarks.
 * PGlite is in memory unless `pgliteDataDir` is set: then it opens a data folder, as `npm start` runs it.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase, type Database } from '../apps/server/src/db/client.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { keyringFromString } from '../apps/server/src/lib/secrets.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY = 'b'.repeat(64);
export type Driver = 'pglite' | 'postgres';
export type Started = { app: FastifyInstance; database: Database; address: string; close(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startApp(driver: Driver, opts: { pgliteDataDir?: boolean } = {}): Promise<Started> {
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (driver === 'postgres') {
    const { default: pg } = await import('pg');
    const name = `ava_bench_${Date.now()}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    // Each run gets a fresh database; it goes again when the run ends.
    dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ava-bench-'));
  const database = await openDatabase(
    url ? { url } : opts.pgliteDataDir ? { dataDir: join(dataDir, 'pgdata') } : {},
  );
  await database.migrate();
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: KEY,
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    WEB_DIST: '/nonexistent',
  });
  const app = await buildApp({
    config,
    database,
    log: createLogger('silent'),
    keyring: keyringFromString(KEY),
  });
  const address = await app.listen({ port, host: '127.0.0.1' });
  await app.ava.jobs.start();
  return {
    app,
    database,
    address,
    async close() {
      await app.close();
      await database.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs up a user and returns the session cookie and org id. */
export async function signUp(address: string) {
  const res = await fetch(`${address}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench',
      email: `bench${Date.now()}@example.test`,
      password: 'bench password',
      passwordConfirmation: 'bench password',
      acceptTerms: true,
    }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await (await fetch(`${address}/api/v1/me`, { headers: { cookie } })).json()) as {
    activeOrgId: string;
  };
  return { cookie, orgId: me.activeOrgId };
}
