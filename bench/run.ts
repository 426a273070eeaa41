/**
 * Latency/throughput of representative requests against the real app, on each database driver.
 * Bounded: each scenario runs BENCH_SECONDS (default 5) with 10 connections. Writes results/latest.json
 * and prints the README table (ratios are against GET /healthz on PGlite, from this one run).
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { keyringFromString } from '../apps/server/src/lib/secrets.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const pgUrl = process.env.TEST_DATABASE_URL;

type Row = { driver: string; scenario: string; rps: number; p50: number; p99: number };

async function runDriver(driver: 'pglite' | 'postgres'): Promise<Row[]> {
  let url: string | undefined;
  if (driver === 'postgres') {
    const { default: pg } = await import('pg');
    const name = `ava_bench_${Date.now()}`;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = await openDatabase({ url });
  await database.migrate();
  const config = loadConfig({
    PUBLIC_URL: 'http://127.0.0.1',
    ENCRYPTION_KEY: 'b'.repeat(64),
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    WEB_DIST: '/nonexistent',
  });
  const app = await buildApp({
    config,
    database,
    log: createLogger('silent'),
    keyring: keyringFromString('b'.repeat(64)),
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const signup = await fetch(`${address}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench',
      email: 'bench@example.test',
      password: 'bench password',
      passwordConfirmation: 'bench password',
      acceptTerms: true,
    }),
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await (await fetch(`${address}/api/v1/me`, { headers: { cookie } })).json()) as {
    activeOrgId: string;
  };

  const scenarios: [string, autocannon.Options][] = [
    ['GET /healthz', { url: `${address}/healthz` }],
    ['GET /api/v1/me (session)', { url: `${address}/api/v1/me`, headers: { cookie } }],
    [
      'GET /api/v1/orgs/:id/members (session + RLS tx)',
      { url: `${address}/api/v1/orgs/${me.activeOrgId}/members`, headers: { cookie } },
    ],
  ];
  const rows: Row[] = [];
  for (const [scenario, opts] of scenarios) {
    const r = await autocannon({ ...opts, connections: 10, duration: seconds });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${scenario}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    rows.push({
      driver,
      scenario,
      rps: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
    });
  }
  await app.close();
  await database.close();
  return rows;
}

const rows = [...(await runDriver('pglite')), ...(pgUrl ? await runDriver('postgres') : [])];
const base = rows[0]!.rps;
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds, rows }, null, 2),
);
console.log('| driver | request | req/s | vs healthz on PGlite | p50 ms | p99 ms |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.driver} | ${r.scenario} | ${r.rps} | ${(r.rps / base).toFixed(2)}× | ${r.p50} | ${r.p99} |`,
  );
