/**
 * A status-callback storm (issue F §2): the callbacks Twilio sends after a big bulk send, all at once.
 *
 * On each driver (PGlite in a data folder as `npm start` runs it; a throwaway PostgreSQL database when
 * TEST_DATABASE_URL is set, or as BENCH_DRIVERS says) one org holds N outbound texts Twilio accepted
 * (status `queued`, with SIDs; seeded in one statement, and on the emulator's side so the price look-up of
 * a final status finds them). Then every text's status callbacks are posted, signed like Twilio signs them,
 * to POST /webhooks/twilio/status at 50 connections (autocannon in a child process, closed loop):
 *
 * - most texts: queued → sent → delivered; some end undelivered or failed (with an ErrorCode), some stay
 *   `sent` (no delivery report);
 * - a share arrive out of order (the final status before `sent` or `queued`), a share twice (Twilio
 *   retries a callback it thinks failed).
 *
 * Measured: the ingest rate and latency, the time until every stored callback is processed (webhook_events
 * rows with processed_at set: whatever runs them, a job or a polling loop), and the final state of EVERY
 * text against the one expected (statuses only move forward: a late `sent` never overrides `delivered`).
 * Target: 0 mismatches, every callback processed.
 *
 * Env: STORM_MESSAGES (default 17,000: about 50,000 callbacks, issue F's size), STORM_DRAIN_TIMEOUT (seconds to wait for processing, default
 * 3,600), BENCH_DRIVERS, TEST_DATABASE_URL. Writes results/status-storm.json and prints the README table.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startApp, type Driver, type Started } from './harness.ts';
import {
  prng,
  seedSentTexts,
  seededSid,
  seededTo,
  setUpSmsOrg,
  signedTwilioForm,
  statusParams,
  type Settled,
} from './sms-fixtures.ts';

const LOADGEN = '--loadgen';
const CONNECTIONS = 50;
const SHARES = { undelivered: 0.06, failed: 0.04, sentOnly: 0.05, outOfOrder: 0.1, duplicated: 0.05 };
const UNDELIVERED_CODES = [30003, 30005, 30006];
const FAILED_CODES = [30007, 30008];

/** One callback: the text's index, its status, its ErrorCode. */
type Callback = [number, string, number | null];
type LoadSpec = {
  url: string;
  authToken: string;
  account: { sid: string };
  from: string;
  prefix: string;
  firstContact: number;
  callbacks: Callback[];
};
type LoadResult = {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load1 = () => round(loadavg()[0]!, 2);
const log = (...a: unknown[]) => console.error('[status-storm]', ...a);

// ---------------------------------------------------------------- the load generator (child process)

async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  let n = 0;
  const started = performance.now();
  const r = await autocannon({
    url: spec.url,
    connections: CONNECTIONS,
    timeout: 30,
    amount: spec.callbacks.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          // autocannon asks for exactly `amount` requests; the guard only keeps a stray one harmless
          const [i, status, code] = spec.callbacks[Math.min(n++, spec.callbacks.length - 1)]!;
          const params = statusParams(
            spec.account,
            spec.from,
            seededTo(spec.firstContact, i),
            seededSid(spec.prefix, i),
            status,
            code,
          );
          return { ...req, ...signedTwilioForm(spec.authToken, spec.url, params) };
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    seconds: round(seconds, 2),
    rps: Math.round(r.requests.total / seconds),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
  };
}

function runLoad(spec: LoadSpec) {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [LOADGEN], {
      stdio: 'inherit',
      execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    });
    child.once('error', reject);
    child.once('message', (m) => {
      resolve(m as LoadResult);
      child.kill();
    });
    child.send(spec);
  });
}

// ---------------------------------------------------------------- the plan

/**
 * Every text's fate and callbacks, and the order they are posted in: a text's callbacks are a window of
 * texts apart (as a bulk's callbacks interleave), except for the out-of-order ones, whose callbacks are
 * shuffled, and the duplicated ones, one of whose callbacks is posted twice.
 */
function plan(count: number) {
  const random = prng(count);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const expected: Settled[] = [{ status: 'sent', errorCode: null }]; // 1-based
  const keyed: { key: number; cb: Callback }[] = [];
  const window = Math.max(50, Math.round(count / 20));
  let outOfOrder = 0;
  let duplicated = 0;
  for (let i = 1; i <= count; i++) {
    const r = random();
    let end: Settled;
    let seq: Callback[];
    if (r < SHARES.undelivered) {
      end = { status: 'undelivered', errorCode: pick(UNDELIVERED_CODES) };
      seq = [
        [i, 'queued', null],
        [i, 'sent', null],
        [i, 'undelivered', end.errorCode],
      ];
    } else if (r < SHARES.undelivered + SHARES.failed) {
      end = { status: 'failed', errorCode: pick(FAILED_CODES) };
      seq = [
        [i, 'queued', null],
        [i, 'failed', end.errorCode],
      ];
    } else if (r < SHARES.undelivered + SHARES.failed + SHARES.sentOnly) {
      end = { status: 'sent', errorCode: null };
      seq = [
        [i, 'queued', null],
        [i, 'sent', null],
      ];
    } else {
      end = { status: 'delivered', errorCode: null };
      seq = [
        [i, 'queued', null],
        [i, 'sent', null],
        [i, 'delivered', null],
      ];
    }
    expected.push(end);
    if (random() < SHARES.outOfOrder) {
      outOfOrder += 1;
      // the final status first, then the others in a random order: a late "sent" after "delivered"
      const [last] = seq.splice(-1, 1);
      seq.sort(() => random() - 0.5);
      seq.unshift(last!);
    }
    if (random() < SHARES.duplicated) {
      duplicated += 1;
      const k = Math.floor(random() * seq.length);
      seq.splice(k + 1, 0, seq[k]!);
    }
    seq.forEach((cb, k) => keyed.push({ key: i + k * window + random() * window * 0.5, cb }));
  }
  keyed.sort((a, b) => a.key - b.key);
  const callbacks = keyed.map((k) => k.cb);
  const unique = new Set(callbacks.map(([i, s]) => `${i}:${s}`)).size;
  return { expected, callbacks, unique, outOfOrder, duplicated };
}

// ---------------------------------------------------------------- one driver

async function count(s: Started, text: string, values: unknown[]) {
  return Number((await s.database.executeSql(text, values)).rows[0]!.n);
}

async function storm(driver: Driver, messages: number, drainTimeoutS: number) {
  const s = await startApp(driver, { pgliteDataDir: true });
  try {
    const org = await setUpSmsOrg(s, 1);
    const from = org.numbers[0]!;
    const prefix = `storm-${driver}-${Date.now()}`;
    const firstContact = 30_000_000;
    const p = plan(messages);
    log(driver, `seeding ${messages} texts`);
    const seeded = await seedSentTexts(s, org, {
      count: messages,
      prefix,
      firstContact,
      from,
      settled: (i) => p.expected[i]!,
    });
    log(driver, `seeded in ${seeded.ms} ms; ${p.callbacks.length} callbacks (${p.unique} distinct)`);

    const events = `SELECT count(*) AS n FROM webhook_events WHERE org_id = $1 AND kind = 'message.status'`;
    const pending = `${events} AND processed_at IS NULL`;
    const url = `${s.address}/webhooks/twilio/status`;
    const loadBefore = load1();
    const t0 = performance.now();
    // Processing progress every 2 s while the storm lasts (one indexed count, cheap for the server).
    const timeline: { s: number; stored: number; pending: number }[] = [];
    let loading = true;
    const sampler = (async () => {
      while (loading) {
        await sleep(2000);
        if (!loading) break;
        timeline.push({
          s: round((performance.now() - t0) / 1000),
          stored: await count(s, events, [org.orgId]),
          pending: await count(s, pending, [org.orgId]),
        });
      }
    })();
    const r = await runLoad({
      url,
      authToken: org.account.authToken,
      account: org.account,
      from: from.e164,
      prefix,
      firstContact,
      callbacks: p.callbacks,
    });
    loading = false;
    await sampler;
    const loadEnd = performance.now();
    const loadAfter = load1();
    const stored = await count(s, events, [org.orgId]);
    const pendingAtEnd = await count(s, pending, [org.orgId]);
    log(driver, r, { stored, pendingAtEnd });

    // Drain: every stored callback processed (or the timeout).
    const deadline = loadEnd + drainTimeoutS * 1000;
    let left = pendingAtEnd;
    while (left > 0 && performance.now() < deadline) {
      await sleep(250);
      left = await count(s, pending, [org.orgId]);
      const since = round((performance.now() - t0) / 1000);
      if (timeline.length === 0 || since - timeline.at(-1)!.s >= 2)
        timeline.push({ s: since, stored, pending: left });
    }
    const drained = left === 0;
    const drainEnd = performance.now();
    // The clock starts with the first request, not with the load process's start-up.
    const loadStart = loadEnd - r.seconds * 1000;
    const offset = (loadStart - t0) / 1000;
    const shifted = timeline.map((x) => ({ ...x, s: round(x.s - offset) })).filter((x) => x.s >= 0);
    const failedEvents = await count(s, `${events} AND last_error IS NOT NULL`, [org.orgId]);
    log(
      driver,
      drained ? 'drained' : `NOT drained: ${left} pending`,
      `${round((drainEnd - loadStart) / 1000)} s`,
    );

    // Every text against its expected final state.
    const { rows } = await s.database.executeSql(
      `SELECT twilio_sid, status, error_code, price FROM messages WHERE org_id = $1 AND twilio_sid IS NOT NULL`,
      [org.orgId],
    );
    const bySid = new Map(rows.map((row) => [String(row.twilio_sid), row]));
    const kinds = new Map<string, number>();
    const samples: { sid: string; expected: Settled; got: { status: string; errorCode: number | null } }[] =
      [];
    let mismatches = 0;
    let priced = 0;
    for (let i = 1; i <= messages; i++) {
      const sid = seededSid(prefix, i);
      const want = p.expected[i]!;
      const row = bySid.get(sid);
      const got = row
        ? {
            status: String(row.status),
            errorCode: row.error_code === null ? null : Number(row.error_code),
          }
        : { status: 'missing', errorCode: null };
      if (row?.price != null) priced += 1;
      if (got.status !== want.status || got.errorCode !== want.errorCode) {
        mismatches += 1;
        const kind = `expected ${want.status}, got ${got.status}${got.status === want.status ? ' (error code)' : ''}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (samples.length < 5) samples.push({ sid, expected: want, got });
      }
    }
    const finals = Object.fromEntries(
      ['delivered', 'undelivered', 'failed', 'sent'].map((st) => [
        st,
        p.expected.slice(1).filter((e) => e.status === st).length,
      ]),
    );
    return {
      driver,
      messages,
      seedMs: seeded.ms,
      callbacks: p.callbacks.length,
      distinctCallbacks: p.unique,
      outOfOrderTexts: p.outOfOrder,
      duplicatedTexts: p.duplicated,
      expectedFinals: finals,
      ingest: { ...r, load: [loadBefore, loadAfter] },
      stored,
      // callbacks answered 2xx whose event is not stored (duplicates are answered and not stored again)
      lost: Math.max(0, p.unique - stored),
      drain: {
        drained,
        pendingAtLoadEnd: pendingAtEnd,
        pendingAtTimeout: drained ? 0 : left,
        secondsAfterLoad: round((drainEnd - loadEnd) / 1000, 2),
        secondsFromStart: round((drainEnd - loadStart) / 1000, 2),
        processedPerSecond: round((stored - (drained ? 0 : left)) / ((drainEnd - loadStart) / 1000), 1),
        eventsWithError: failedEvents,
      },
      verify: {
        checked: messages,
        mismatches,
        byKind: Object.fromEntries(kinds),
        samples,
        pricedAfter: priced,
      },
      timeline: shifted,
    };
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------- the run

async function main() {
  const messages = Number(process.env.STORM_MESSAGES ?? 17_000);
  const drainTimeoutS = Number(process.env.STORM_DRAIN_TIMEOUT ?? 3600);
  const drivers = (
    process.env.BENCH_DRIVERS?.split(',') ??
    (process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])
  ).filter((d): d is Driver => d === 'pglite' || d === 'postgres');
  const startedAt = new Date();
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const results = [];
  for (const driver of drivers) results.push(await storm(driver, messages, drainTimeoutS));
  const out = {
    date: startedAt.toISOString(),
    node: process.version,
    cpus: cpus().length,
    connections: CONNECTIONS,
    messages,
    shares: SHARES,
    load: { start: loadAtStart, end: loadavg().map((l) => round(l, 2)) },
    drivers: results,
    met: {
      finalStates: Object.fromEntries(
        results.map((r) => [r.driver, r.verify.mismatches === 0 && r.drain.drained && r.lost === 0]),
      ),
    },
  };
  mkdirSync(new URL('./results', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/status-storm.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    '| driver | texts | callbacks (distinct) | req/s | p50 ms | p99 ms | 2xx | stored / lost | all processed after | final states wrong |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.driver} | ${r.messages} | ${r.callbacks} (${r.distinctCallbacks}) | ${r.ingest.rps} | ${r.ingest.p50} | ${r.ingest.p99} | ${r.ingest.ok} | ${r.stored} / ${r.lost} | ${r.drain.drained ? `${r.drain.secondsFromStart} s` : `not drained (${r.drain.pendingAtTimeout} left)`} | ${r.verify.mismatches} |`,
    );
}

if (process.argv[2] === LOADGEN) {
  process.once('message', (spec: LoadSpec) => {
    void generateLoad(spec).then((r) => process.send!(r));
  });
} else {
  await main();
}
