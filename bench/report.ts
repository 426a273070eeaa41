/**
 * Rewrites the README's performance tables from results/*.json: a summary of every target of issues D, E
 * and F (target, measured, measured / target, met?), then each benchmark's own tables. Only what lies
 * between a pair of markers is replaced —
 *
 *   <!-- bench:NAME:start -->  …generated…  <!-- bench:NAME:end -->
 *
 * — so the prose around the tables stays as written. A results file that is missing gives "not run"
 * (the summary row, or the table); a marker pair missing from the README is reported and skipped.
 * `npm run bench:report -w @ava/bench` (also the last step of `npm run bench`). `--check` prints the blocks
 * instead of writing the README.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const README = resolve(here, '../README.md');

// ---------------------------------------------------------------- the results files (what each bench writes)

type Ms = number;
type RequestsResult = {
  date: string;
  node: string;
  seconds: number;
  rows: { driver: string; scenario: string; rps: number; p50: Ms; p99: Ms }[];
};
type ReceptionistResult = {
  date: string;
  node: string;
  seconds: number;
  rows: {
    driver: string;
    scenario: string;
    rate: number | 'sequential';
    p50: Ms;
    p99: Ms;
    errors: number;
    achieved?: number;
    serverCpuMs: number;
  }[];
};
type Load = {
  requests: number;
  ok: number;
  rps: number;
  p50: Ms;
  p99: Ms;
};
type SmsHubResult = {
  date: string;
  node: string;
  seconds: number;
  connections: number;
  targets: { ingestVsPgbench: number; ingestP99Ms: number; planningMs: number; rateTolerance: number };
  ceilings: { bareFastify: Load; pgbench: { tps: number } | null };
  drivers: {
    driver: string;
    ingest: Load & { stored: number; lost: number };
    /** PostgreSQL only: the same process with its workers stopped (a fleet's web instance) */
    ingestWebRole?: Load & { stored: number; lost: number };
    planning: { recipients: number; ms: number; rows: number };
    sendRate: {
      texts: number;
      sent: number;
      perSender: { allowed: number; texts: number; achieved: number; ratio: number }[];
    };
  }[];
  ratios: { postgresIngestVsPgbench: number };
};
type AnalyticsResult = {
  date: string;
  node: string;
  messages: number;
  calls?: number;
  targetP95: number;
  rows: { endpoint: string; period: string; rows: number; runs: number; p50: Ms; p95: Ms; max: Ms }[];
  writes: { write: string; triggerP50: Ms; triggerP95: Ms; statementP50: Ms }[];
};
type StormResult = {
  date: string;
  node: string;
  messages: number;
  connections: number;
  drivers: {
    driver: string;
    messages: number;
    callbacks: number;
    distinctCallbacks: number;
    outOfOrderTexts: number;
    duplicatedTexts: number;
    ingest: Load & { non2xx: number; errors: number };
    stored: number;
    lost: number;
    drain: { drained: boolean; pendingAtTimeout: number; secondsAfterLoad: number; secondsFromStart: number };
    verify: { checked: number; mismatches: number };
  }[];
};
type SoakResult = {
  date: string;
  node: string;
  minutes: number;
  rate: number;
  windowSeconds: number;
  drivers: {
    driver: string;
    rate?: number;
    seconds?: number;
    summary: {
      requests: number;
      achievedRps: number;
      errors: number;
      p50: Ms;
      p99: Ms;
      p99PerWindow: { min: Ms | null; max: Ms | null };
      rssMb: {
        firstWindow?: number | null;
        lastWindow?: number | null;
        firstMinutesMedian?: number | null;
        lastMinutesMedian?: number | null;
      };
      compareMinutes?: number;
      rssGrowthPct: number | null;
      heapUsedMb: { firstWindow?: number | null; lastWindow?: number | null };
      heapGrowthPct: number | null;
      rssSlopeMbPerMinute: number | null;
      backlogAtEnd?: { eventsPending: number; textsPending: number };
    };
  }[];
};
type AppStartResult = {
  at?: string;
  date?: string;
  node: string;
  coldStartMs: Ms;
  warmStartMs: Ms;
  initialJsGzipBytes: number;
  dashboardVisibleMs: { median: Ms; runs: Ms[] };
  targets?: { warmStartMs: Ms; initialJsGzipBytes: number; dashboardVisibleMs: Ms };
};

function read<T>(file: string): T | null {
  const path = resolve(here, 'results', file);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    console.error(`[report] results/${file} is not readable JSON: ${(err as Error).message}`);
    return null;
  }
}

const results = {
  requests: read<RequestsResult>('latest.json'),
  receptionist: read<ReceptionistResult>('receptionist.json'),
  smsHub: read<SmsHubResult>('sms-hub.json'),
  analytics: read<AnalyticsResult>('sms-analytics.json'),
  storm: read<StormResult>('status-storm.json'),
  soak: read<SoakResult>('soak.json'),
  appStart: read<AppStartResult>('app-start.json'),
};

// ---------------------------------------------------------------- formatting

const DRIVER: Record<string, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };
const driverName = (d: string) => DRIVER[d] ?? d;
const int = (n: number) => Math.round(n).toLocaleString('en');
/** Milliseconds as the benches report them: one decimal below 100, whole numbers above. */
const ms = (n: number) => (Math.abs(n) < 100 ? String(Math.round(n * 10) / 10) : int(n));
const times = (n: number) => `${n === 0 ? '0' : n >= 100 ? int(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}×`;
const pct = (n: number, digits = 1) => `${(n * 100).toFixed(digits)}%`;
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const when = (iso: string | undefined) =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'date unknown';
/** The line under a table: which file, when, on what. */
const source = (file: string, r: { date?: string; at?: string; node?: string }, extra: string[] = []) =>
  `<sub>From \`bench/results/${file}\` (${[when(r.date ?? r.at), r.node && `Node ${r.node}`, ...extra]
    .filter(Boolean)
    .join(', ')}).</sub>`;
const notRun = (file: string, how: string) => `_Not run: \`bench/results/${file}\` is missing (${how})._`;

// ---------------------------------------------------------------- the summary

type Verdict = boolean | null;
type SummaryRow = { issue: string; target: string; measured: string; ratio: string; met: Verdict };
const verdict = (v: Verdict) => (v === null ? 'not run' : v ? '**yes**' : 'no');
const missing = (issue: string, target: string): SummaryRow => ({
  issue,
  target,
  measured: 'not run',
  ratio: '—',
  met: null,
});

function receptionistRows(): SummaryRow[] {
  const r = results.receptionist;
  const targets = [
    'tool call p50 ≤ 2 ms at a steady 500 req/s',
    'tool call p99 ≤ 10 ms at a steady 500 req/s',
    'highest tool-call rate with p99 ≤ 10 ms, at least 500 req/s',
    'end-of-call report (40 turns) p99 ≤ 20 ms',
  ];
  if (!r) return targets.map((t) => missing('D', t));
  const out: SummaryRow[] = [];
  const drivers = [...new Set(r.rows.map((x) => x.driver))];
  for (const d of drivers) {
    const rows = r.rows.filter((x) => x.driver === d);
    const tool = rows.find((x) => x.scenario === 'check_availability' && x.rate === 500);
    const best = rows.find((x) => x.scenario.startsWith('check_availability: highest rate'));
    const report = rows.find((x) => x.scenario.startsWith('end-of-call-report'));
    const who = ` (${driverName(d)})`;
    if (tool) {
      const served = tool.achieved ?? 0;
      const kept = served >= 475 && tool.errors === 0;
      const load = kept ? '' : `, ${int(served)} of 500 req/s served`;
      out.push({
        issue: 'D',
        target: targets[0] + who,
        measured: `${ms(tool.p50)} ms${load}`,
        ratio: times(tool.p50 / 2),
        met: tool.p50 <= 2 && kept,
      });
      out.push({
        issue: 'D',
        target: targets[1] + who,
        measured: `${ms(tool.p99)} ms${load}`,
        ratio: times(tool.p99 / 10),
        met: tool.p99 <= 10 && kept,
      });
    } else {
      out.push(missing('D', targets[0] + who), missing('D', targets[1] + who));
    }
    if (best) {
      const rate = typeof best.rate === 'number' ? best.rate : 0;
      out.push({
        issue: 'D',
        target: targets[2] + who,
        measured: rate ? `${int(rate)} req/s` : 'none from 50 req/s up',
        ratio: times(rate / 500),
        met: rate >= 500,
      });
    } else out.push(missing('D', targets[2] + who));
    if (report)
      out.push({
        issue: 'D',
        target: targets[3] + who,
        measured: `${ms(report.p99)} ms at ${report.rate} req/s`,
        ratio: times(report.p99 / 20),
        met: report.p99 <= 20 && report.errors === 0,
      });
    else out.push(missing('D', targets[3] + who));
  }
  return out;
}

function smsHubRows(): SummaryRow[] {
  const r = results.smsHub;
  const t = r?.targets ?? { ingestVsPgbench: 0.25, ingestP99Ms: 25, planningMs: 3000, rateTolerance: 0.05 };
  const names = {
    throughput: `inbound-SMS ingest on PostgreSQL ≥ ${pct(t.ingestVsPgbench, 0)} of pgbench single-row inserts`,
    p99: `ingest p99 ≤ ${t.ingestP99Ms} ms (50 connections)`,
    lost: 'ingest: 0 lost events',
    planning: `bulk of 10,000 texts planned ≤ ${t.planningMs / 1000} s`,
    rate: `send rate per number within ±${pct(t.rateTolerance, 0)} of the allowed rate`,
  };
  if (!r) return Object.values(names).map((n) => missing('E', n));
  const out: SummaryRow[] = [];
  const post = r.drivers.find((d) => d.driver === 'postgres');
  const pgb = r.ceilings.pgbench?.tps;
  if (post && pgb) {
    for (const [label, load] of [
      ['one process, workers in it', post.ingest],
      ['web role, workers elsewhere', post.ingestWebRole],
    ] as const) {
      if (!load) continue;
      const share = load.rps / pgb;
      out.push({
        issue: 'E',
        target: `${names.throughput} (${label})`,
        measured: `${pct(share)} (${int(load.rps)} req/s vs ${int(pgb)} tx/s), p99 ${ms(load.p99)} ms`,
        ratio: times(share / t.ingestVsPgbench),
        met: share >= t.ingestVsPgbench,
      });
    }
  } else out.push(missing('E', names.throughput));
  for (const d of r.drivers)
    out.push({
      issue: 'E',
      target: `${names.p99} (${driverName(d.driver)})`,
      measured: `${ms(d.ingest.p99)} ms at ${int(d.ingest.rps)} req/s`,
      ratio: times(d.ingest.p99 / t.ingestP99Ms),
      met: d.ingest.p99 <= t.ingestP99Ms,
    });
  out.push({
    issue: 'E',
    target: names.lost,
    measured: r.drivers
      .map((d) => `${int(d.ingest.lost)} of ${int(d.ingest.ok)} (${driverName(d.driver)})`)
      .join(', '),
    ratio: '—',
    met: r.drivers.every(
      (d) =>
        d.ingest.lost === 0 &&
        d.ingest.stored === d.ingest.ok &&
        (!d.ingestWebRole || (d.ingestWebRole.lost === 0 && d.ingestWebRole.stored === d.ingestWebRole.ok)),
    ),
  });
  for (const d of r.drivers)
    out.push({
      issue: 'E',
      target: `${names.planning} (${driverName(d.driver)})`,
      measured: `${(d.planning.ms / 1000).toFixed(2)} s, ${int(d.planning.rows)} rows`,
      ratio: times(d.planning.ms / t.planningMs),
      met: d.planning.ms <= t.planningMs && d.planning.rows === d.planning.recipients,
    });
  for (const d of r.drivers) {
    const worst = d.sendRate.perSender.reduce(
      (a, p) => (Math.abs(p.ratio - 1) > Math.abs(a - 1) ? p.ratio : a),
      1,
    );
    out.push({
      issue: 'E',
      target: `${names.rate} (${driverName(d.driver)})`,
      measured: `${worst >= 1 ? '+' : ''}${pct(worst - 1)} (worst number), ${d.sendRate.sent}/${d.sendRate.texts} sent`,
      ratio: times(Math.abs(worst - 1) / t.rateTolerance),
      met:
        d.sendRate.perSender.every((p) => Math.abs(p.ratio - 1) <= t.rateTolerance) &&
        d.sendRate.sent === d.sendRate.texts,
    });
  }
  return out;
}

const CALL_ENDPOINTS = new Set(['dashboard', 'calls list']);

function analyticsRows(): SummaryRow[] {
  const r = results.analytics;
  const sms = 'SMS analytics and costs p95 ≤ 150 ms at 1,000,000 messages';
  const calls = 'dashboard and calls list p95 ≤ 150 ms at 100,000 calls';
  if (!r) return [missing('E', sms), missing('F', calls)];
  const worst = (rows: AnalyticsResult['rows']) => rows.reduce((a, x) => (x.p95 > a.p95 ? x : a), rows[0]!);
  const out: SummaryRow[] = [];
  const smsRows = r.rows.filter((x) => !CALL_ENDPOINTS.has(x.endpoint));
  const size = (n: number, full: number, what: string) => (n < full ? `, at ${int(n)} ${what} only` : '');
  if (smsRows.length) {
    const w = worst(smsRows);
    out.push({
      issue: 'E',
      target: sms,
      measured: `${ms(w.p95)} ms (worst: ${w.endpoint}, ${w.period}${size(r.messages, 1_000_000, 'messages')})`,
      ratio: times(w.p95 / r.targetP95),
      met: w.p95 <= r.targetP95 && r.messages >= 1_000_000,
    });
  } else out.push(missing('E', sms));
  const callRows = r.rows.filter((x) => CALL_ENDPOINTS.has(x.endpoint));
  if (callRows.length) {
    const w = worst(callRows);
    const n = r.calls ?? 0;
    out.push({
      issue: 'F',
      target: calls,
      measured: `${ms(w.p95)} ms (worst: ${w.endpoint}, ${w.period}${size(n, 100_000, 'calls')})`,
      ratio: times(w.p95 / r.targetP95),
      met: w.p95 <= r.targetP95 && n >= 100_000,
    });
  } else out.push(missing('F', calls));
  return out;
}

function stormRows(): SummaryRow[] {
  const r = results.storm;
  const target =
    'status-callback storm (50,000 callbacks): every final state right, every callback processed';
  if (!r) return [missing('F', target)];
  return r.drivers.map((d) => ({
    issue: 'F',
    target: `${target} (${driverName(d.driver)})`,
    measured: `${int(d.verify.mismatches)} wrong of ${int(d.verify.checked)}, ${
      d.drain.drained
        ? `all processed ${d.drain.secondsFromStart} s after the first callback`
        : `${int(d.drain.pendingAtTimeout)} never processed`
    }${d.lost ? `, ${int(d.lost)} lost` : ''}${d.callbacks < 50_000 ? ' (reduced size)' : ''}`,
    ratio: '—',
    met: d.verify.mismatches === 0 && d.drain.drained && d.lost === 0 && d.callbacks >= 50_000,
  }));
}

function soakRows(): SummaryRow[] {
  const target = 'soak, 30 min of mixed traffic: no errors, memory growth < 10%, p99 stable';
  const r = results.soak;
  if (!r) return [missing('F', target)];
  return r.drivers.map((d) => {
    const x = d.summary;
    const minutes = Math.round((d.seconds ?? r.minutes * 60) / 60);
    return {
      issue: 'F',
      target: `${target} (${driverName(d.driver)})`,
      measured: `${int(x.errors)} errors of ${int(x.requests)} at ${int(d.rate ?? r.rate)} req/s; RSS ${
        x.rssGrowthPct === null ? '?' : `${x.rssGrowthPct > 0 ? '+' : ''}${x.rssGrowthPct}%`
      } (median of the first → last ${x.compareMinutes ?? 5} min); p99 per window ${ms(x.p99PerWindow.min!)}–${ms(x.p99PerWindow.max!)} ms${
        minutes < 30 ? ` (${minutes} min only)` : ''
      }`,
      ratio: x.rssGrowthPct === null ? '—' : times(Math.max(0, x.rssGrowthPct) / 10),
      met: x.errors === 0 && x.rssGrowthPct !== null && x.rssGrowthPct < 10 && minutes >= 30,
    };
  });
}

function appStartRows(): SummaryRow[] {
  const r = results.appStart;
  const t = r?.targets ?? { warmStartMs: 3000, initialJsGzipBytes: 250 * 1024, dashboardVisibleMs: 1500 };
  const names = [
    `warm start ≤ ${t.warmStartMs / 1000} s (to /readyz)`,
    `initial JavaScript ≤ ${Math.round(t.initialJsGzipBytes / 1024)} KB gzip`,
    `dashboard visible ≤ ${t.dashboardVisibleMs / 1000} s (median of 5)`,
  ];
  if (!r) return names.map((n) => missing('F', n));
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  return [
    {
      issue: 'F',
      target: names[0]!,
      measured: `${(r.warmStartMs / 1000).toFixed(2)} s`,
      ratio: times(r.warmStartMs / t.warmStartMs),
      met: r.warmStartMs <= t.warmStartMs,
    },
    {
      issue: 'F',
      target: names[1]!,
      measured: kb(r.initialJsGzipBytes),
      ratio: times(r.initialJsGzipBytes / t.initialJsGzipBytes),
      met: r.initialJsGzipBytes <= t.initialJsGzipBytes,
    },
    {
      issue: 'F',
      target: names[2]!,
      measured: `${(r.dashboardVisibleMs.median / 1000).toFixed(2)} s`,
      ratio: times(r.dashboardVisibleMs.median / t.dashboardVisibleMs),
      met: r.dashboardVisibleMs.median <= t.dashboardVisibleMs,
    },
  ];
}

function summary() {
  const rows = [
    ...receptionistRows(),
    ...smsHubRows(),
    ...analyticsRows(),
    ...stormRows(),
    ...soakRows(),
    ...appStartRows(),
  ];
  const met = rows.filter((r) => r.met).length;
  const run = rows.filter((r) => r.met !== null).length;
  const dates = Object.entries(results)
    .filter(([, v]) => v)
    .map(([, v]) => (v as { date?: string; at?: string }).date ?? (v as { at?: string }).at ?? '')
    .filter(Boolean)
    .sort();
  return [
    table(
      ['issue', 'target', 'measured', 'measured / target', 'met?'],
      rows.map((r) => [r.issue, r.target, r.measured, r.ratio, verdict(r.met)]),
    ),
    '',
    `<sub>${met} of ${run} targets met${run < rows.length ? ` (${rows.length - run} not run)` : ''}; from \`bench/results/*.json\`, runs of ${when(dates[0])} to ${when(dates.at(-1))}. "measured / target": below 1× is better for a ceiling (ms, s, KB), above 1× for a floor (a share, a rate).</sub>`,
  ].join('\n');
}

// ---------------------------------------------------------------- the detail tables

function requestsTable() {
  const r = results.requests;
  if (!r) return notRun('latest.json', '`tsx run.ts`');
  const base = r.rows[0]!.rps;
  return [
    table(
      ['driver', 'request', 'req/s', 'ratio', 'p50 ms', 'p99 ms'],
      r.rows.map((x) => [
        driverName(x.driver),
        x.scenario,
        int(x.rps),
        `${(x.rps / base).toFixed(2)}×`,
        ms(x.p50),
        ms(x.p99),
      ]),
    ),
    '',
    source('latest.json', r, [`${r.seconds} s per scenario, 10 connections`]),
  ].join('\n');
}

function receptionistTable() {
  const r = results.receptionist;
  if (!r) return notRun('receptionist.json', '`tsx receptionist.ts`');
  const label = (s: string) =>
    s
      .replace(
        /^check_availability: highest rate with p99 ≤ 10 ms$/,
        'highest `check_availability` rate with p99 ≤ 10 ms',
      )
      .replace(/^(check_availability|book_appointment)\b/, 'tool call `$1`')
      .replace(/^end-of-call-report/, 'end-of-call report');
  const rows = r.rows.map((x) => {
    if (x.scenario.startsWith('check_availability: highest rate'))
      return [
        driverName(x.driver),
        label(x.scenario),
        typeof x.rate === 'number' && x.rate > 0 ? `${int(x.rate)}` : 'none from 50 up',
        '',
        '',
        '',
        '',
      ];
    const rate =
      x.rate === 'sequential'
        ? '—'
        : x.achieved !== undefined && x.achieved < x.rate * 0.95
          ? `${int(x.rate)} offered, ${int(x.achieved)} served`
          : int(x.rate);
    return [
      driverName(x.driver),
      label(x.scenario),
      rate,
      ms(x.p50),
      ms(x.p99),
      x.serverCpuMs ? String(x.serverCpuMs) : '—',
      int(x.errors),
    ];
  });
  return [
    table(
      [
        'driver',
        'Vapi webhook',
        'rate (req/s)',
        'p50 ms',
        'p99 ms',
        'server CPU ms/request (incl. background)',
        'errors',
      ],
      rows,
    ),
    '',
    source('receptionist.json', r, [`${r.seconds} s per rate, open loop from its own process`]),
  ].join('\n');
}

function analyticsTable(calls: boolean) {
  const r = results.analytics;
  if (!r) return notRun('sms-analytics.json', '`npm run bench:analytics -w @ava/bench`, PostgreSQL only');
  const rows = r.rows.filter((x) => CALL_ENDPOINTS.has(x.endpoint) === calls);
  if (!rows.length)
    return `_Not run: \`bench/results/sms-analytics.json\` has no ${calls ? 'calls' : 'SMS'} endpoints (from a run before they were timed)._`;
  return [
    table(
      [
        'endpoint',
        'period',
        `${calls ? 'calls' : 'messages'} in the ${calls ? 'periods' : 'two periods'}`,
        'p50 ms',
        'p95 ms',
        'max ms',
      ],
      rows.map((x) => [x.endpoint, x.period, int(x.rows), ms(x.p50), ms(x.p95), ms(x.max)]),
    ),
    '',
    source('sms-analytics.json', r, [
      `PostgreSQL, ${int(r.messages)} messages${r.calls ? `, ${int(r.calls)} calls` : ''}`,
      `${rows[0]!.runs} requests per row, one at a time`,
    ]),
  ].join('\n');
}

function analyticsWritesTable() {
  const r = results.analytics;
  if (!r) return notRun('sms-analytics.json', '`npm run bench:analytics -w @ava/bench`, PostgreSQL only');
  return [
    table(
      [
        'write (as `ava_app` under RLS)',
        'rollup triggers p50 ms',
        'triggers p95 ms',
        'whole statement p50 ms',
      ],
      r.writes.map((w) => [w.write, w.triggerP50, w.triggerP95, w.statementP50]),
    ),
    '',
    source('sms-analytics.json', r, [`PostgreSQL, on ${int(r.messages)} seeded messages`]),
  ].join('\n');
}

function smsIngestTable() {
  const r = results.smsHub;
  if (!r) return notRun('sms-hub.json', '`npm run bench:sms -w @ava/bench`');
  const bare = r.ceilings.bareFastify;
  const pgb = r.ceilings.pgbench?.tps;
  const x = (n: number) => `${n.toFixed(3)}×`;
  return [
    table(
      [
        'measure',
        'req/s',
        'vs bare route',
        'vs pgbench inserts',
        'p50 ms',
        'p99 ms',
        '2xx / rows stored',
        'lost',
      ],
      [
        ['bare Fastify route (no DB)', int(bare.rps), '1×', '—', ms(bare.p50), ms(bare.p99), '—', '—'],
        ...(pgb
          ? [
              [
                `pgbench single-row INSERT, ${r.connections} clients`,
                `${int(pgb)} tx/s`,
                '—',
                '1×',
                '—',
                '—',
                '—',
                '—',
              ],
            ]
          : []),
        ...r.drivers.flatMap((d) => {
          const loads: [string, Load & { stored: number; lost: number }][] = [
            [`ingest on ${driverName(d.driver)}`, d.ingest],
          ];
          if (d.ingestWebRole)
            loads.push([
              `ingest on ${driverName(d.driver)}, web role (no workers in the process)`,
              d.ingestWebRole,
            ]);
          return loads.map(([label, load]) => [
            label,
            int(load.rps),
            x(load.rps / bare.rps),
            pgb ? x(load.rps / pgb) : '—',
            ms(load.p50),
            ms(load.p99),
            `${int(load.ok)} / ${int(load.stored)}`,
            int(load.lost),
          ]);
        }),
      ],
    ),
    '',
    source('sms-hub.json', r, [`${r.connections} connections, about ${r.seconds} s per measure`]),
  ].join('\n');
}

function smsPlanningTable() {
  const r = results.smsHub;
  if (!r) return notRun('sms-hub.json', '`npm run bench:sms -w @ava/bench`');
  const post = r.drivers.find((d) => d.driver === 'postgres');
  return [
    table(
      [
        'bulk of 10,000 contacts (tag `bench`, quiet hours off, 2 rotation numbers)',
        'time to the 201, all texts planned and queued',
        'rows',
        'vs PostgreSQL',
      ],
      r.drivers.map((d) => [
        driverName(d.driver),
        `${int(d.planning.ms)} ms`,
        int(d.planning.rows),
        post ? times(d.planning.ms / post.planning.ms) : '—',
      ]),
    ),
    '',
    source('sms-hub.json', r),
  ].join('\n');
}

function smsSendRateTable() {
  const r = results.smsHub;
  if (!r) return notRun('sms-hub.json', '`npm run bench:sms -w @ava/bench`');
  return [
    table(
      [
        `send rate: bulk of ${r.drivers[0]?.sendRate.texts ?? 150} texts, rotation`,
        'allowed (segments/s)',
        'texts',
        "achieved, from the emulator's `dateCreated`",
        'achieved / allowed',
      ],
      r.drivers.flatMap((d) =>
        d.sendRate.perSender.map((p) => [
          driverName(d.driver),
          p.allowed,
          int(p.texts),
          p.achieved.toFixed(3),
          `${p.ratio.toFixed(3)}×`,
        ]),
      ),
    ),
    '',
    source('sms-hub.json', r),
  ].join('\n');
}

function stormTable() {
  const r = results.storm;
  if (!r) return notRun('status-storm.json', '`npm run bench:storm -w @ava/bench`');
  return [
    table(
      [
        'driver',
        'texts',
        'callbacks (distinct)',
        'out of order / duplicated texts',
        'req/s',
        'p50 ms',
        'p99 ms',
        '2xx',
        'stored / lost',
        'all processed after',
        'final states wrong',
      ],
      r.drivers.map((d) => [
        driverName(d.driver),
        int(d.messages),
        `${int(d.callbacks)} (${int(d.distinctCallbacks)})`,
        `${int(d.outOfOrderTexts)} / ${int(d.duplicatedTexts)}`,
        int(d.ingest.rps),
        ms(d.ingest.p50),
        ms(d.ingest.p99),
        int(d.ingest.ok),
        `${int(d.stored)} / ${int(d.lost)}`,
        d.drain.drained
          ? `${d.drain.secondsFromStart} s (${d.drain.secondsAfterLoad} s after the last answer)`
          : `not drained: ${int(d.drain.pendingAtTimeout)} left`,
        `${int(d.verify.mismatches)} of ${int(d.verify.checked)}`,
      ]),
    ),
    '',
    source('status-storm.json', r, [
      `${r.connections} connections`,
      ...(r.drivers.some((d) => d.callbacks < 50_000)
        ? [`STORM_MESSAGES=${int(r.messages)}, a reduced size`]
        : []),
    ]),
  ].join('\n');
}

function soakTable() {
  const r = results.soak;
  if (!r) return notRun('soak.json', '`npm run bench:soak -w @ava/bench`');
  const mb = (n: number | null | undefined) => (n == null ? '?' : `${int(n)} MB`);
  const signed = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n}%`);
  return [
    table(
      [
        'driver',
        'req/s offered',
        'requests',
        'errors',
        'p50 ms',
        'p99 ms',
        `p99 per ${r.windowSeconds} s window, min–max`,
        'RSS, median of the first → last minutes',
        'RSS growth',
        'heap growth',
        'RSS trend after the first window',
        'waiting at the end (events, texts)',
      ],
      r.drivers.map((d) => {
        const x = d.summary;
        return [
          driverName(d.driver),
          int(d.rate ?? r.rate),
          int(x.requests),
          int(x.errors),
          ms(x.p50),
          ms(x.p99),
          x.p99PerWindow.min === null ? '—' : `${ms(x.p99PerWindow.min)}–${ms(x.p99PerWindow.max!)}`,
          `${mb(x.rssMb.firstMinutesMedian ?? x.rssMb.firstWindow)} → ${mb(x.rssMb.lastMinutesMedian ?? x.rssMb.lastWindow)} (${x.compareMinutes ?? '1 window'} min)`,
          signed(x.rssGrowthPct),
          signed(x.heapGrowthPct),
          x.rssSlopeMbPerMinute === null ? '—' : `${x.rssSlopeMbPerMinute} MB/min`,
          x.backlogAtEnd ? `${int(x.backlogAtEnd.eventsPending)}, ${int(x.backlogAtEnd.textsPending)}` : '—',
        ];
      }),
    ),
    '',
    source('soak.json', r, [
      `${r.minutes} min per driver, open loop`,
      ...(r.minutes < 30 ? [`SOAK_MINUTES=${r.minutes}, a reduced length`] : []),
    ]),
  ].join('\n');
}

function appStartTable() {
  const r = results.appStart;
  if (!r) return notRun('app-start.json', '`tsx app-start.ts`, after `npm run build -w @ava/web`');
  const t = r.targets;
  return [
    table(
      ['measure', 'result', 'target'],
      [
        ['cold start (fresh data folder, migrations) to /readyz', `${int(r.coldStartMs)} ms`, '—'],
        ['warm start to /readyz', `${int(r.warmStartMs)} ms`, t ? `≤ ${int(t.warmStartMs)} ms` : '—'],
        [
          'initial JavaScript (gzip -9)',
          `${(r.initialJsGzipBytes / 1024).toFixed(1)} KB`,
          t ? `≤ ${Math.round(t.initialJsGzipBytes / 1024)} KB` : '—',
        ],
        [
          'dashboard visible in Chromium (median of 5; all runs)',
          `${int(r.dashboardVisibleMs.median)} ms (${r.dashboardVisibleMs.runs.map(int).join(', ')})`,
          t ? `≤ ${int(t.dashboardVisibleMs)} ms` : '—',
        ],
      ],
    ),
    '',
    source('app-start.json', r),
  ].join('\n');
}

// ---------------------------------------------------------------- the README

const blocks: Record<string, () => string> = {
  summary,
  requests: requestsTable,
  receptionist: receptionistTable,
  'sms-analytics': () => analyticsTable(false),
  'calls-analytics': () => analyticsTable(true),
  'sms-analytics-writes': analyticsWritesTable,
  'sms-ingest': smsIngestTable,
  'sms-planning': smsPlanningTable,
  'sms-send-rate': smsSendRateTable,
  'status-storm': stormTable,
  soak: soakTable,
  'app-start': appStartTable,
};

const check = process.argv.includes('--check');
let readme = readFileSync(README, 'utf8');
const skipped: string[] = [];
for (const [name, render] of Object.entries(blocks)) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  const content = render();
  if (check) console.log(`${start}\n${content}\n${end}\n`);
  if (i < 0 || j < i) {
    skipped.push(name);
    continue;
  }
  readme = `${readme.slice(0, i + start.length)}\n${content}\n${readme.slice(j)}`;
}
if (skipped.length)
  console.error(
    `[report] no markers in README.md for: ${skipped.join(', ')} (add <!-- bench:NAME:start/end -->)`,
  );
if (!check) {
  writeFileSync(README, readme);
  console.error(`[report] README.md performance tables rewritten from bench/results/*.json`);
}
