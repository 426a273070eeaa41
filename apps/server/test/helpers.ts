import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp, type AppDeps } from '../src/app.ts';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { loggerOptions } from '../src/lib/logger.ts';
import { keyringFromString } from '../src/lib/secrets.ts';
import { withOrg } from '../src/db/tenant.ts';
import { members, organizations, users } from '../src/db/schema/index.ts';
import { sql } from 'drizzle-orm';

/**
 * With TEST_DATABASE_URL set (postgres://…), the root config adds a second project, server-postgres,
 * that runs every server suite on that PostgreSQL server; the plain server project stays on PGlite.
 */
export const serverUrl =
  process.env.AVA_TEST_DRIVER === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
export const driverName = serverUrl ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a brand-new database on the
 * PostgreSQL server (dropped again by close()). PGlite always has one connection; `poolSize: 1` gives
 * PostgreSQL one too, for tests of what a connection carries from one user to the next.
 */
export async function freshDatabase(
  opts: { poolSize?: number } = {},
): Promise<Database & { dispose(): Promise<void> }> {
  if (!serverUrl) {
    const database = await openDatabase({});
    await database.migrate();
    return { ...database, dispose: () => database.close() };
  }
  const name = `ava_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: opts.poolSize ?? 5 });
  await database.migrate();
  return {
    ...database,
    async dispose() {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Two organisations for database-level tests: Ana owns Clinic A (org-a), Ben owns Salon B (org-b).
 */
export async function seedTwoOrgs(db: Database['db']) {
  await db.insert(users).values([
    { id: 'u-a', name: 'Ana', email: 'ana@a.test' },
    { id: 'u-b', name: 'Ben', email: 'ben@b.test' },
  ]);
  await db.insert(organizations).values([
    { id: 'org-a', name: 'Clinic A', slug: 'a' },
    { id: 'org-b', name: 'Salon B', slug: 'b' },
  ]);
  await db.insert(members).values([
    { organizationId: 'org-a', userId: 'u-a', role: 'owner' },
    { organizationId: 'org-b', userId: 'u-b', role: 'owner' },
  ]);
}

export const TEST_KEY = 'a'.repeat(64);

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://ava.test',
    ENCRYPTION_KEY: TEST_KEY,
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    ...env,
  });
}

/**
 * Waits until no stored webhook event is waiting to be handled now (one backing off after a failure is
 * not waited for): what a provider's 2xx set in motion has happened.
 */
export async function eventsProcessed(database: Database, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await database.executeSql(
      `SELECT count(*)::int AS n FROM webhook_events
        WHERE processed_at IS NULL AND (claimed_at IS NOT NULL OR available_at <= now())`,
    );
    if (Number(rows[0]?.n) === 0) return;
    if (Date.now() > end) throw new Error('webhook events still waiting to be processed');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  logs: string[];
  close(): Promise<void>;
};

/** The real app on a fresh database, with logs captured so tests can check what was (not) logged. */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: {
    database?: Database;
    beforeReady?: (app: FastifyInstance) => void;
    sandbox?: AppDeps['sandbox'];
    /** start the job queue (default); the readiness test starts it itself */
    startJobs?: boolean;
  } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await freshDatabase());
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  // Every test app listens on loopback: sandbox adapters reach the emulators mounted in it over HTTP.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ava-test-'));
  const config = testConfig({
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...env,
    PORT: String(port),
  });
  const log = pino(loggerOptions(config.logLevel), stream);
  const app = await buildApp({
    config,
    database,
    log,
    keyring: keyringFromString(TEST_KEY),
    sandbox: opts.sandbox,
  });
  opts.beforeReady?.(app);
  await app.listen({ port, host: '127.0.0.1' });
  if (opts.startJobs !== false) await app.ava.jobs.start();
  return {
    app,
    database,
    logs,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (!opts.database) await (database as Database & { dispose(): Promise<void> }).dispose();
    },
  };
}

/** The cookie header a browser would send back after this response. */
export function cookieOf(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

let counter = 0;
export function uniqueEmail(prefix = 'user') {
  counter += 1;
  return `${prefix}.${counter}.${randomBytes(3).toString('hex')}@example.test`;
}

export type SignedUp = { cookie: string; userId: string; email: string; orgId: string };

export async function signUp(
  app: FastifyInstance,
  overrides: Record<string, unknown> = {},
): Promise<SignedUp> {
  const email = (overrides.email as string) ?? uniqueEmail();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      name: 'Test User',
      email,
      password: 'correct horse battery',
      passwordConfirmation: 'correct horse battery',
      acceptTerms: true,
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const cookie = cookieOf(res);
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  return { cookie, userId: res.json().userId, email, orgId: me.json().activeOrgId };
}

export async function outbox(app: FastifyInstance, to: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/sandbox/outbox?to=${encodeURIComponent(to)}` });
  return res.json() as { channel: string; subject: string | null; text: string }[];
}

/** Extracts the first link to this app from a message body, as a path the test can inject. */
export function linkIn(text: string): string {
  const m = text.match(/http:\/\/ava\.test(\/\S+)/);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1]!;
}

/** A free loopback port, so PUBLIC_URL can be known before the app listens (providers sign that URL). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The app listening on loopback, for flows where an emulator calls AVA's webhooks over real HTTP. */
export async function createListeningApp(
  env: Record<string, string> = {},
  opts: Parameters<typeof createTestApp>[1] = {},
) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: publicUrl, PORT: String(port), ...env }, opts);
  return { ...t, publicUrl };
}

/** A small deterministic PRNG (mulberry32): the same "random" data on every run. */
/**
 * Zones that break day and month arithmetic: whole-hour and half- and quarter-hour offsets (Kolkata
 * +5:30, Kathmandu +5:45, Chatham +12:45/+13:45), daylight saving both sides of the equator.
 */
export const AWKWARD_ZONES = [
  'UTC',
  'Europe/Paris',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/Los_Angeles',
  'Pacific/Chatham',
] as const;

export function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The rollup tests' writes to `calls`: `count` one-row updates, each drawn from `changes` for a random
 * call, every other one run by the app (as ava_app, under the call's org) and the rest by the owner.
 */
export async function updateCallsAtRandom(
  database: Database,
  rand: () => number,
  changes: (() => string)[],
  count: number,
) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ids = (await database.executeSql(`SELECT id, org_id FROM calls ORDER BY id`)).rows as {
    id: string;
    org_id: string;
  }[];
  for (let i = 0; i < count; i++) {
    const c = pick(ids);
    const text = `UPDATE calls SET ${pick(changes)()} WHERE id = '${c.id}'`;
    if (i % 2) await database.executeSql(text);
    else await withOrg(database.db, c.org_id, (tx) => tx.execute(sql.raw(text)));
  }
}

/**
 * Then deletes, checking after each: some calls of both orgs by the owner and some of org `ob` by the
 * app, then all of `ob`'s.
 */
export async function deleteCallsInSteps(database: Database, check: () => Promise<unknown>) {
  await database.executeSql(`DELETE FROM calls WHERE id LIKE '%3' OR id LIKE '%7'`);
  await withOrg(database.db, 'ob', (tx) => tx.execute(sql`DELETE FROM calls WHERE id LIKE '%2'`));
  await check();
  await database.executeSql(`DELETE FROM calls WHERE org_id = 'ob'`);
  await check();
}
