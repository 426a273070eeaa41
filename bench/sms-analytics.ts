/**
 * SMS analytics and cost through the real HTTP routes (session cookie, tenant scope, JSON) on
 * PostgreSQL, with one org holding a year of 1,000,000 messages (seed-messages.ts), written through the
 * rollup triggers (ADR 0018) a week per statement, and 100,000 receptionist calls over the same year (with
 * the appointments they booked): the home dashboard and the calls list are timed on them too.
 * Target (issues E, F): p95 ≤ 150 ms for the analytics endpoints at 1M messages / 100k calls.
 *
 * Also measures what the triggers cost the writes (their time in EXPLAIN ANALYZE of each statement, run
 * as ava_app under row-level security like a request), and checks that the rollups the triggers kept over
 * the million inserts equal a rebuild from scratch (the migration's backfill, timed).
 * Writes results/sms-analytics.json.
 *
 * Env: TEST_DATABASE_URL (default the machine's postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_MESSAGES (default 1,000,000), BENCH_CALLS (default 100,000), BENCH_RUNS (requests per endpoint and
 * period, default 30).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { signUp, startApp } from './harness.ts';
import { seedMessages } from './seed-messages.ts';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const count = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const callCount = Number(process.env.BENCH_CALLS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_P95 = 150;
const ROLLUPS = [
  'message_rollups',
  'message_quarter_rollups',
  'message_waits',
  'message_wait_rollups',
  'call_rollups',
];

type Row = {
  endpoint: string;
  period: string;
  /** messages (calls, for the calls endpoints) in the periods the request covers */
  rows: number;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  load: number;
};
type WriteRow = {
  write: string;
  rows: number;
  runs: number;
  /** the rollup triggers' time in the statement, ms */
  triggerP50: number;
  triggerP95: number;
  /** the whole statement (triggers included), ms */
  statementP50: number;
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const s = await startApp('postgres');
const results: Row[] = [];
const writes: WriteRow[] = [];
let seed = { ms: 0, messages: 0, calls: 0, appointments: 0 };
const rollupRows: Record<string, number> = {};
let rebuild = { ms: 0, equal: false };
const dbName = (await s.database.executeSql('SELECT current_database() AS d')).rows[0]!.d as string;
try {
  const { cookie, orgId } = await signUp(s.address);
  const exec = (text: string, values?: unknown[]) => s.database.executeSql(text, values);
  await exec(`UPDATE organizations SET timezone = 'Europe/Paris' WHERE id = $1`, [orgId]);
  const seeded = await seedMessages(exec, orgId, { count, calls: callCount });
  seed = {
    ms: seeded.ms,
    messages: seeded.messages,
    calls: seeded.calls,
    appointments: seeded.appointments,
  };
  console.log(
    `seeded ${seeded.messages} messages (through the rollup triggers), ${seeded.contacts} contacts, ${seeded.numbers} numbers, ${seeded.calls} calls, ${seeded.appointments} appointments in ${(seeded.ms / 1000).toFixed(1)} s`,
  );
  for (const table of ROLLUPS)
    rollupRows[table] = Number((await exec(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  console.log('rollup rows', JSON.stringify(rollupRows));

  /** Messages in the periods a request covers. */
  const rowsSince = async (days: number) =>
    Number(
      (
        await exec(
          `SELECT count(*) AS n FROM messages WHERE org_id = $1 AND created_at >= now() - make_interval(days => $2)`,
          [orgId, days],
        )
      ).rows[0]!.n,
    );

  const measure = async (endpoint: string, period: string, rows: number, path: string) => {
    const url = `${s.address}/api/v1/orgs/${orgId}${path}`;
    const get = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await get();
    const load = loadavg()[0]!;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await get());
    times.sort((a, b) => a - b);
    const row = {
      endpoint,
      period,
      rows,
      runs,
      p50: round(pct(times, 50)),
      p95: round(pct(times, 95)),
      max: round(times.at(-1)!),
      load: round(loadavg()[0]! / 2 + load / 2),
    };
    console.log(JSON.stringify(row));
    results.push(row);
  };
  for (const days of [7, 30, 90, 365])
    await measure(
      'analytics',
      `${days} days`,
      await rowsSince(2 * days),
      `/messaging/analytics?days=${days}`,
    );
  await measure('costs', '12 months', await rowsSince(366), '/messaging/costs?months=12');

  // ---- the receptionist's side: the home dashboard and the calls list over 100k calls ----
  const callsSince = async (days: number | null) =>
    Number(
      (
        await exec(
          `SELECT count(*) AS n FROM calls WHERE org_id = $1 AND ($2::int IS NULL OR started_at >= now() - make_interval(days => $2::int))`,
          [orgId, days],
        )
      ).rows[0]!.n,
    );
  for (const days of [7, 30, 90, 365])
    await measure('dashboard', `${days} days`, await callsSince(2 * days), `/dashboard?days=${days}`);
  const allCalls = await callsSince(null);
  await measure('calls list', 'first page (25)', allCalls, '/calls');
  await measure('calls list', 'page 40 (offset 975)', allCalls, '/calls?offset=975');
  await measure('calls list', 'booked, first page', allCalls, '/calls?outcome=booked');
  await measure('calls list', 'search "haircut", first page', allCalls, '/calls?q=haircut');
  await measure('calls list', 'search, no match', allCalls, '/calls?q=zzzz-no-match');

  // ---- what the triggers cost the writes, on the seeded tables, as a request would write ----
  const u = new URL(process.env.TEST_DATABASE_URL);
  u.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  /** Runs a statement in its own transaction as ava_app; the triggers' and the statement's time. */
  const timed = async (text: string, values: unknown[]) => {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', $1, true)`, [
      orgId,
    ]);
    const r = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    await client.query('COMMIT');
    const plan = (r.rows[0] as { 'QUERY PLAN': Record<string, unknown>[] })['QUERY PLAN'][0]!;
    const triggers = (plan.Triggers ?? []) as { 'Trigger Name': string; Time: number }[];
    return {
      trigger: triggers
        .filter((t) => /^(messages_rollup|calls_.*rollup)/.test(t['Trigger Name']))
        .reduce((a, t) => a + t.Time, 0),
      statement: plan['Execution Time'] as number,
    };
  };
  const record = (write: string, rows: number, samples: { trigger: number; statement: number }[]) => {
    const trig = samples.map((x) => x.trigger).sort((a, b) => a - b);
    const all = samples.map((x) => x.statement).sort((a, b) => a - b);
    const row = {
      write,
      rows,
      runs: samples.length,
      triggerP50: round(pct(trig, 50), 3),
      triggerP95: round(pct(trig, 95), 3),
      statementP50: round(pct(all, 50), 3),
    };
    console.log(JSON.stringify(row));
    writes.push(row);
  };
  const ids = async (where: string, n: number) =>
    (
      await exec(`SELECT id FROM messages WHERE org_id = $1 AND ${where} ORDER BY random() LIMIT ${n}`, [
        orgId,
      ])
    ).rows.map((r) => String(r.id));

  // A status callback: delivered → undelivered (the counters move; the conversation does not).
  const delivered = await ids(`direction = 'outbound' AND source = 'inbox' AND status = 'delivered'`, 200);
  const callback: { trigger: number; statement: number }[] = [];
  for (const id of delivered)
    callback.push(await timed(`UPDATE messages SET status = 'undelivered' WHERE id = $1`, [id]));
  record('1-row UPDATE, status callback (delivered → undelivered)', 1, callback);
  // The dispatcher hands a planned reply to Twilio: pending → queued, the reply joins the conversation
  // (the contact's waits are rebuilt). The texts go back to pending first, which also goes through the triggers.
  const leave: { trigger: number; statement: number }[] = [];
  const join: { trigger: number; statement: number }[] = [];
  for (const id of delivered) {
    leave.push(await timed(`UPDATE messages SET status = 'pending' WHERE id = $1`, [id]));
    join.push(await timed(`UPDATE messages SET status = 'queued' WHERE id = $1`, [id]));
  }
  record('1-row UPDATE, a reply goes back to pending (leaves the conversation: waits rebuilt)', 1, leave);
  record('1-row UPDATE, dispatcher accepts a reply (pending → queued: waits rebuilt)', 1, join);
  // An update of nothing the rollups read (read_at, claimed_at).
  const noop: { trigger: number; statement: number }[] = [];
  for (const id of delivered)
    noop.push(await timed(`UPDATE messages SET read_at = now() WHERE id = $1`, [id]));
  record('1-row UPDATE of other columns (read_at)', 1, noop);
  // An inbound text (the webhook's job), for a contact with a year of history.
  const contacts = (
    await exec(`SELECT id FROM contacts WHERE org_id = $1 ORDER BY random() LIMIT 1000`, [orgId])
  ).rows.map((r) => String(r.id));
  const insert = (n: number, kind: 'inbound' | 'bulk', tag: string) => `
    INSERT INTO messages (id, org_id, contact_id, phone_number_id, direction, from_number, to_number, body, status, segments,
                          country, source, created_at)
    SELECT '${tag}-' || i, $1, c, NULL, ${kind === 'inbound' ? `'inbound'` : `'outbound'`}, '+1', '+2', 'bench',
           ${kind === 'inbound' ? `'received'` : `'pending'`}, 1, 'US', ${kind === 'inbound' ? `'inbox'` : `'bulk'`}, now()
    FROM unnest($2::text[]) WITH ORDINALITY AS x(c, i) LIMIT ${n}`;
  const inbound: { trigger: number; statement: number }[] = [];
  for (let i = 0; i < 200; i++)
    inbound.push(await timed(insert(1, 'inbound', `in1-${i}`), [orgId, [contacts[i]]]));
  record('1-row INSERT, inbound text (waits rebuilt)', 1, inbound);
  // A bulk send's chunk: 1,000 pending texts to 1,000 contacts.
  const bulk: { trigger: number; statement: number }[] = [];
  for (let i = 0; i <= 10; i++) bulk.push(await timed(insert(1000, 'bulk', `bulk-${i}`), [orgId, contacts]));
  record('1,000-row INSERT, bulk send chunk (pending, 1,000 contacts)', 1000, bulk);
  // The dispatcher hands a bulk text to Twilio (no conversation changes: bulk sends are not replies).
  const accept: { trigger: number; statement: number }[] = [];
  for (let i = 1; i <= 200; i++)
    accept.push(await timed(`UPDATE messages SET status = 'queued' WHERE id = $1`, [`bulk-10-${i}`]));
  record('1-row UPDATE, dispatcher accepts a bulk text (pending → queued)', 1, accept);
  // A page of synced history: 1,000 inbound texts of 1,000 contacts (every contact's waits rebuilt).
  const sync: { trigger: number; statement: number }[] = [];
  for (let i = 0; i < 10; i++)
    sync.push(await timed(insert(1000, 'inbound', `page-${i}`), [orgId, contacts]));
  record('1,000-row INSERT, inbound texts of 1,000 contacts (waits rebuilt)', 1000, sync);
  const cancel: { trigger: number; statement: number }[] = [];
  for (let i = 0; i < 10; i++)
    cancel.push(await timed(`UPDATE messages SET status = 'canceled' WHERE id LIKE $1`, [`bulk-${i}-%`]));
  record('1,000-row UPDATE, bulk send canceled (pending → canceled)', 1000, cancel);
  // A call as Vapi's events write it: its row when it starts, then the end-of-call report (the call
  // rollup's and the cost rollup's triggers).
  const callStart: { trigger: number; statement: number }[] = [];
  const callEnd: { trigger: number; statement: number }[] = [];
  for (let i = 0; i < 200; i++) {
    callStart.push(
      await timed(
        `INSERT INTO calls (id, org_id, vapi_call_id, status, started_at) VALUES ($1, $2, $1, 'in-progress', now())`,
        [`bench-call-${i}`, orgId],
      ),
    );
    callEnd.push(
      await timed(
        `UPDATE calls SET status = 'ended', duration_seconds = 95, success_evaluation = 'true', cost = '0.12',
                summary = 'Booked a haircut' WHERE id = $1`,
        [`bench-call-${i}`],
      ),
    );
  }
  record('1-row INSERT, a call starts', 1, callStart);
  record('1-row UPDATE, end-of-call report (duration, analysis, cost)', 1, callEnd);
  await client.end();

  // ---- the rollups the triggers kept equal a rebuild from scratch ----
  const digest = async () =>
    (
      await exec(
        ROLLUPS.map(
          (t) => `SELECT '${t}' AS t, md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM ${t} x`,
        ).join(' UNION ALL '),
      )
    ).rows
      .map((r) => `${String(r.t)}:${String(r.h)}`)
      .join(' ');
  const before = await digest();
  const t0 = performance.now();
  await exec('SELECT message_rollups_rebuild(), call_rollups_rebuild()');
  rebuild = { ms: Math.round(performance.now() - t0), equal: before === (await digest()) };
  console.log(
    `rebuild from messages and calls: ${(rebuild.ms / 1000).toFixed(1)} s; equal to the triggers' rollups: ${rebuild.equal}`,
  );
} finally {
  await s.close();
  // The database is throwaway: a million rows do not stay behind on the machine.
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/sms-analytics.json', import.meta.url),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      messages: count,
      calls: seed.calls,
      appointments: seed.appointments,
      targetP95: TARGET_P95,
      seedMs: seed.ms,
      rollupRows,
      rebuild,
      rows: results,
      writes,
    },
    null,
    2,
  ),
);
console.log(
  '| endpoint | period | messages (calls) in the periods | p50 ms | p95 ms | max ms | load (2 cores) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.endpoint} | ${r.period} | ${r.rows.toLocaleString('en')} | ${r.p50} | ${r.p95} | ${r.max} | ${r.load} |`,
  );
console.log('\n| write | trigger p50 ms | trigger p95 ms | statement p50 ms |');
console.log('|---|---|---|---|');
for (const w of writes) console.log(`| ${w.write} | ${w.triggerP50} | ${w.triggerP95} | ${w.statementP50} |`);
