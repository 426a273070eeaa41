/**
 * Latency/throughput of representative requests against the real app, on each database driver.
 * Bounded: each scenario runs BENCH_SECONDS (default 5) with 10 connections. Writes results/latest.json
 * and prints the README table (ratios are against GET /healthz on PGlite, from this one run).
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { signUp, startApp, type Driver } from './harness.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const pgUrl = process.env.TEST_DATABASE_URL;

type Row = { driver: string; scenario: string; rps: number; p50: number; p99: number };

async function runDriver(driver: Driver): Promise<Row[]> {
  const started = await startApp(driver);
  const address = started.address;
  const { cookie, orgId } = await signUp(address);
  const scenarios: [string, autocannon.Options][] = [
    ['GET /healthz', { url: `${address}/healthz` }],
    ['GET /api/v1/me (session)', { url: `${address}/api/v1/me`, headers: { cookie } }],
    [
      'GET /api/v1/orgs/:id/members (session + RLS tx)',
      { url: `${address}/api/v1/orgs/${orgId}/members`, headers: { cookie } },
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
  await started.close();
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
