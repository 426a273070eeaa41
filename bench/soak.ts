/**
 * Soak (issue F §7): a steady mix of the traffic AVA lives on, for SOAK_MINUTES (default 30), to see what
 * a long run does that a short benchmark does not: memory that only grows, latency that creeps up,
 * backlogs that never drain, errors that appear after a while.
 *
 * The app runs in this process as `npm start` would run it (PGlite in a data folder, or a throwaway
 * PostgreSQL database), with its background loops and the sandbox's emulators; this process does nothing
 * else meanwhile, so its memory is the server's. The load comes from a child process as a true open loop
 * at SOAK_RPS (default 50; `pglite=20,postgres=50` sets a rate per driver) — request i leaves at i / rate seconds whatever happened to the others — mixed:
 * signed inbound texts, signed status callbacks of texts already sent (queued → sent → delivered), Vapi
 * tool calls and end-of-call reports, API reads (conversations, calls, the dashboard, SMS analytics) and
 * texts sent from the inbox (which the emulator then delivers, calling back with their statuses).
 *
 * Every SOAK_WINDOW seconds (default 30): the server's resident memory and heap from its own /metrics,
 * p50/p99/max of the requests answered in the window (all, and per kind), errors (non-2xx, timeouts), the
 * webhook events and texts still waiting. Memory growth compares the medians of the first and the last
 * SOAK_COMPARE_MINUTES (default 5) of windows. On each of BENCH_DRIVERS (default PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set). Writes results/soak.json. Not part of `npm run bench` (it takes an hour):
 * `npm run bench:soak -w @ava/bench`.
 */
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { KEY, startApp, type Driver, type Started } from './harness.ts';
import {
  inboundParams,
  seedSentTexts,
  seededSid,
  seededTo,
  setUpSmsOrg,
  signedTwilioForm,
  statusParams,
  type SmsOrg,
} from './sms-fixtures.ts';

const LOADGEN = '--loadgen';
type Kind = 'inbound' | 'status' | 'tool-call' | 'call-report' | 'read' | 'send';
/** Shares of the traffic, in requests out of 100. */
const MIX: Record<Exclude<Kind, 'call-report'>, number> = {
  inbound: 25,
  status: 25,
  // one Vapi request in ten is the call's end-of-call report
  'tool-call': 20,
  read: 25,
  send: 5,
};
const READS = ['/conversations', '/calls', '/dashboard?days=30', '/messaging/analytics?days=30'];
const STATUS_WINDOW = 100; // texts whose queued, then sent, then delivered callbacks go out together

type LoadSpec = {
  address: string;
  orgId: string;
  cookie: string;
  account: { sid: string; authToken: string };
  numbers: { id: string; e164: string }[];
  statusPrefix: string;
  statusFirstContact: number;
  statusTexts: number;
  vapiSecret: string;
  assistantId: string;
  rate: number;
  seconds: number;
  windowSeconds: number;
};
type Stats = { n: number; errors: number; p50: number; p99: number; max: number };
type WindowReport = {
  type: 'window';
  index: number;
  /** seconds since the first request, at the window's end */
  t: number;
  sent: number;
  all: Stats;
  byKind: Partial<Record<Kind, Stats>>;
  errorSamples: string[];
};
type DoneReport = {
  type: 'done';
  sent: number;
  achieved: number;
  lagP99: number;
  all: Stats;
  byKind: Partial<Record<Kind, Stats>>;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (...a: unknown[]) => console.error('[soak]', ...a);
const percentile = (sorted: number[], q: number) =>
  sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : 0;

function stats(latencies: number[], errors: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    n: s.length + errors,
    errors,
    p50: percentile(s, 0.5),
    p99: percentile(s, 0.99),
    max: s.length ? round(s.at(-1)!) : 0,
  };
}

// ---------------------------------------------------------------- the load generator (child process)

/** The kinds in the order they are sent: MIX spread evenly over every 100 requests. */
function schedule(): Exclude<Kind, 'call-report'>[] {
  const slots: { kind: Exclude<Kind, 'call-report'>; at: number }[] = [];
  for (const [kind, share] of Object.entries(MIX) as [Exclude<Kind, 'call-report'>, number][])
    for (let k = 0; k < share; k++) slots.push({ kind, at: (k + 0.5) / share });
  return slots.sort((a, b) => a.at - b.at).map((s) => s.kind);
}

async function generate(spec: LoadSpec, report: (m: WindowReport | DoneReport) => void) {
  // Twilio and Vapi open as many connections as they need: sockets are not what limits an open loop.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
  const order = schedule();
  const base = new URL(spec.address);
  const api = `/api/v1/orgs/${spec.orgId}`;
  const counters = { inbound: 0, status: 0, vapi: 0, read: 0, send: 0 };
  // Repeat customers: inbound texts come from, and sends go to, a pool of 2,000 handsets.
  const handset = (n: number) => `+336${String(20_000_000 + ((n * 7919) % 2000)).padStart(8, '0')}`;
  const twilioForm = (path: string, params: Record<string, string>) => ({
    path,
    ...signedTwilioForm(spec.account.authToken, `${spec.address}${path}`, params),
  });
  const vapiCall = (call: number) => ({
    id: `soak-${process.pid}-${call}`,
    assistantId: spec.assistantId,
    customer: { number: '+33612345678' },
  });

  /** The i-th request: kind, method, path, headers, body. */
  function build(kind: Exclude<Kind, 'call-report'>) {
    if (kind === 'inbound') {
      const n = counters.inbound++;
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const to = spec.numbers[n % spec.numbers.length]!.e164;
      const body = `Bonjour, vous avez un créneau jeudi ? (${n})`;
      return {
        kind: 'inbound' as Kind,
        method: 'POST',
        ...twilioForm('/webhooks/twilio/messages', inboundParams(spec.account, to, handset(n), sid, body)),
      };
    }
    if (kind === 'status') {
      // callbacks c of STATUS_WINDOW texts: queued for all of them, then sent, then delivered
      const c = counters.status++;
      const block = Math.floor(c / (3 * STATUS_WINDOW));
      const i = 1 + ((block * STATUS_WINDOW + (c % STATUS_WINDOW)) % spec.statusTexts);
      const status = (['queued', 'sent', 'delivered'] as const)[Math.floor(c / STATUS_WINDOW) % 3]!;
      const params = statusParams(
        spec.account,
        spec.numbers[0]!.e164,
        seededTo(spec.statusFirstContact, i),
        seededSid(spec.statusPrefix, i),
        status,
      );
      return { kind: 'status' as Kind, method: 'POST', ...twilioForm('/webhooks/twilio/status', params) };
    }
    if (kind === 'tool-call') {
      const v = counters.vapi++;
      const call = Math.floor(v / 10);
      const message =
        v % 10 === 9
          ? {
              type: 'end-of-call-report',
              timestamp: Date.now() * 1000 + v,
              endedReason: 'customer-ended-call',
              call: vapiCall(call),
              artifact: {
                transcript: 'AI: Bonjour !\nUser: Je voudrais un rendez-vous jeudi.',
                messages: [
                  { role: 'bot', message: 'Bonjour !', time: 0 },
                  { role: 'user', message: 'Je voudrais un rendez-vous jeudi.', time: 2000 },
                ],
              },
              analysis: { summary: 'Asked for an appointment on Thursday.', successEvaluation: 'true' },
              startedAt: new Date(Date.now() - 90_000).toISOString(),
              endedAt: new Date().toISOString(),
              cost: 0.08,
            }
          : {
              type: 'tool-calls',
              timestamp: Date.now() * 1000 + v,
              call: vapiCall(call),
              toolCallList: [
                {
                  id: `tc-${process.pid}-${v}`,
                  type: 'function',
                  function: { name: 'check_availability', arguments: '{}' },
                },
              ],
            };
      return {
        kind: (v % 10 === 9 ? 'call-report' : 'tool-call') as Kind,
        method: 'POST',
        path: '/webhooks/vapi',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': spec.vapiSecret },
        body: JSON.stringify({ message }),
      };
    }
    if (kind === 'read') {
      const r = counters.read++;
      return {
        kind: 'read' as Kind,
        method: 'GET',
        path: `${api}${READS[r % READS.length]!}`,
        headers: { cookie: spec.cookie },
        body: undefined,
      };
    }
    const n = counters.send++;
    return {
      kind: 'send' as Kind,
      method: 'POST',
      path: `${api}/messages`,
      headers: { cookie: spec.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: handset(n * 13),
        body: `Merci pour votre message, nous vous confirmons jeudi à 10 h. (${n})`,
        phoneNumberId: spec.numbers[n % spec.numbers.length]!.id,
        idempotencyKey: randomUUID(),
      }),
    };
  }

  const windowLat = new Map<Kind, number[]>();
  const windowErr = new Map<Kind, number>();
  const allLat = new Map<Kind, number[]>();
  const allErr = new Map<Kind, number>();
  let errorSamples: string[] = [];
  const lags: number[] = [];
  const done = (kind: Kind, ok: boolean, ms: number, why?: string) => {
    if (ok) {
      for (const m of [windowLat, allLat]) {
        const list = m.get(kind);
        if (list) list.push(ms);
        else m.set(kind, [ms]);
      }
    } else {
      windowErr.set(kind, (windowErr.get(kind) ?? 0) + 1);
      allErr.set(kind, (allErr.get(kind) ?? 0) + 1);
      if (errorSamples.length < 5) errorSamples.push(`${kind}: ${why}`);
    }
  };
  const summarise = (lat: Map<Kind, number[]>, err: Map<Kind, number>) => {
    const kinds = new Set([...lat.keys(), ...err.keys()]);
    const byKind: Partial<Record<Kind, Stats>> = {};
    for (const k of kinds) byKind[k] = stats(lat.get(k) ?? [], err.get(k) ?? 0);
    return {
      all: stats(
        [...lat.values()].flat(),
        [...err.values()].reduce((a, b) => a + b, 0),
      ),
      byKind,
    };
  };

  const send = () => {
    const kind = order[sent % order.length]!;
    const r = build(kind);
    const t0 = performance.now();
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: r.path,
        method: r.method,
        agent,
        headers: {
          ...r.headers,
          ...(r.body === undefined ? {} : { 'content-length': Buffer.byteLength(r.body) }),
        },
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ok = (res.statusCode ?? 500) < 300;
          inFlight -= 1;
          done(r.kind, ok, performance.now() - t0, ok ? undefined : `HTTP ${res.statusCode}`);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', (err) => {
      inFlight -= 1;
      done(r.kind, false, performance.now() - t0, err.message);
    });
    inFlight += 1;
    req.end(r.body);
  };

  const total = Math.round(spec.rate * spec.seconds);
  const interval = 1000 / spec.rate;
  let sent = 0;
  let inFlight = 0;
  let index = 0;
  const started = performance.now();
  const flush = () => {
    const w = summarise(windowLat, windowErr);
    report({
      type: 'window',
      index: index++,
      t: round((performance.now() - started) / 1000),
      sent,
      ...w,
      errorSamples,
    });
    windowLat.clear();
    windowErr.clear();
    errorSamples = [];
  };
  const windows = setInterval(flush, spec.windowSeconds * 1000);
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) {
        lags.push(now - (started + sent * interval));
        send();
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  const elapsed = (performance.now() - started) / 1000;
  // the last requests finish (or time out) before the last window is reported
  const deadline = performance.now() + 35_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(windows);
  if ([...windowLat.values()].some((l) => l.length) || windowErr.size) flush();
  agent.destroy();
  lags.sort((a, b) => a - b);
  report({
    type: 'done',
    sent,
    achieved: round(sent / elapsed, 1),
    lagP99: percentile(lags, 0.99),
    ...summarise(allLat, allErr),
  });
}

// ---------------------------------------------------------------- the server side

/** The server's own gauges, as an operator's Prometheus would scrape them. */
async function scrape(address: string) {
  const text = await (await fetch(`${address}/metrics`)).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const mb = (v: number | null) => (v === null ? null : round(v / 1024 / 1024));
  return {
    rssMb: mb(value('ava_process_resident_memory_bytes')),
    heapUsedMb: mb(value('ava_nodejs_heap_size_used_bytes')),
    externalMb: mb(value('ava_nodejs_external_memory_bytes')),
    eventLoopLagP99Ms:
      value('ava_nodejs_eventloop_lag_p99_seconds') === null
        ? null
        : round(value('ava_nodejs_eventloop_lag_p99_seconds')! * 1000),
  };
}

async function backlog(s: Started, orgId: string) {
  const n = async (sql: string) => Number((await s.database.executeSql(sql, [orgId])).rows[0]!.n);
  return {
    eventsPending: await n(
      `SELECT count(*) AS n FROM webhook_events WHERE org_id = $1 AND processed_at IS NULL`,
    ),
    textsPending: await n(`SELECT count(*) AS n FROM messages WHERE org_id = $1 AND status = 'pending'`),
  };
}

async function setUp(s: Started, rate: number, seconds: number) {
  // Sends from the inbox go out at one segment a second per long code: enough numbers for the send share.
  const sendRate = (rate * MIX.send) / 100;
  const org: SmsOrg = await setUpSmsOrg(s, Math.max(1, Math.ceil(sendRate * 1.5)));
  const statusTexts = Math.max(
    STATUS_WINDOW,
    Math.ceil((rate * seconds * MIX.status) / 100 / 3) + STATUS_WINDOW,
  );
  const statusPrefix = `soak-${Date.now()}`;
  const statusFirstContact = 40_000_000;
  await seedSentTexts(s, org, {
    count: statusTexts,
    prefix: statusPrefix,
    firstContact: statusFirstContact,
    from: org.numbers[0]!,
    settled: () => ({ status: 'delivered', errorCode: null }),
  });
  // The receptionist: sandbox Vapi credentials and an assistant, its webhook secret.
  await org.api('POST', '/credentials/vapi/sandbox', {});
  const assistant = (
    await org.api<{ vapiAssistantId: string }>('POST', '/assistants', {
      name: 'Soak',
      firstMessage: 'Bonjour',
      systemPrompt: 'Receptionist.',
    })
  ).json;
  const { decrypt, keyringFromString } = await import('../apps/server/src/lib/secrets.ts');
  const { credentialsRepository } =
    await import('../apps/server/src/modules/credentials/credentials.repository.ts');
  const vapiSecret = decrypt(
    keyringFromString(KEY),
    (await credentialsRepository(s.database.db).getWebhookSecret(org.orgId))!,
  );
  return {
    org,
    statusPrefix,
    statusFirstContact,
    statusTexts,
    vapiSecret,
    assistantId: assistant.vapiAssistantId,
  };
}

function runLoad(spec: LoadSpec, onWindow: (w: WindowReport) => Promise<void>) {
  return new Promise<DoneReport>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [LOADGEN], {
      stdio: 'inherit',
      execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    });
    let pending = Promise.resolve();
    child.on('message', (m: WindowReport | DoneReport) => {
      if (m.type === 'window') pending = pending.then(() => onWindow(m));
      else
        void pending.then(() => {
          child.kill();
          resolve(m);
        });
    });
    child.once('error', reject);
    child.send(spec);
  });
}

async function soak(
  driver: Driver,
  rate: number,
  seconds: number,
  windowSeconds: number,
  compareMinutes: number,
) {
  const s = await startApp(driver, { pgliteDataDir: true });
  try {
    const setup = await setUp(s, rate, seconds);
    log(
      driver,
      `org ready: ${setup.org.numbers.length} numbers, ${setup.statusTexts} texts awaiting callbacks`,
    );
    const windows: (Omit<WindowReport, 'type' | 'errorSamples'> & {
      errorSamples?: string[];
      server: Awaited<ReturnType<typeof scrape>>;
      backlog: Awaited<ReturnType<typeof backlog>>;
      load1: number;
    })[] = [];
    const before = { server: await scrape(s.address), backlog: await backlog(s, setup.org.orgId) };
    const done = await runLoad(
      {
        address: s.address,
        orgId: setup.org.orgId,
        cookie: setup.org.cookie,
        account: setup.org.account,
        numbers: setup.org.numbers,
        statusPrefix: setup.statusPrefix,
        statusFirstContact: setup.statusFirstContact,
        statusTexts: setup.statusTexts,
        vapiSecret: setup.vapiSecret,
        assistantId: setup.assistantId,
        rate,
        seconds,
        windowSeconds,
      },
      async (w) => {
        const row = {
          index: w.index,
          t: w.t,
          sent: w.sent,
          all: w.all,
          byKind: w.byKind,
          ...(w.errorSamples.length ? { errorSamples: w.errorSamples } : {}),
          server: await scrape(s.address),
          backlog: await backlog(s, setup.org.orgId),
          load1: round(loadavg()[0]!, 2),
        };
        windows.push(row);
        log(
          driver,
          `t=${row.t}s n=${w.all.n} p50=${w.all.p50} p99=${w.all.p99} errors=${w.all.errors} rss=${row.server.rssMb}MB heap=${row.server.heapUsedMb}MB events waiting=${row.backlog.eventsPending} texts waiting=${row.backlog.textsPending} load=${row.load1}`,
        );
      },
    );
    // Only full windows describe the steady state (the last one may be a short remainder).
    const full = windows.filter((w, k) => w.t - (k ? windows[k - 1]!.t : 0) >= windowSeconds * 0.9);
    const first = full[0] ?? windows[0];
    const last = full.at(-1) ?? windows.at(-1);
    const growth = (a: number | null | undefined, b: number | null | undefined) =>
      a && b ? round(((b - a) / a) * 100) : null;
    // Least-squares slope of RSS over the windows after the first (warm-up), in MB a minute.
    const steady = full.slice(1);
    const slope = (() => {
      const pts = steady
        .filter((w) => w.server.rssMb !== null)
        .map((w) => [w.t / 60, w.server.rssMb!] as const);
      if (pts.length < 3) return null;
      const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
      const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
      const num = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
      const den = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
      return den ? round(num / den, 2) : null;
    })();
    // One sample of RSS swings by a few hundred MB with the garbage collectors (V8's and the WASM heap's
    // growth): growth compares the median of the first and of the last few minutes of windows (ADR 24).
    const span = Math.max(1, Math.round((compareMinutes * 60) / windowSeconds));
    const median = (xs: (number | null | undefined)[]) => {
      const v = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)]! : null;
    };
    const head = full.slice(0, span);
    const tail = full.slice(-span);
    const rssHead = median(head.map((w) => w.server.rssMb));
    const rssTail = median(tail.map((w) => w.server.rssMb));
    const heapHead = median(head.map((w) => w.server.heapUsedMb));
    const heapTail = median(tail.map((w) => w.server.heapUsedMb));
    const p99s = full.map((w) => w.all.p99);
    const summary = {
      requests: done.sent,
      achievedRps: done.achieved,
      generatorLagP99Ms: done.lagP99,
      errors: done.all.errors,
      p50: done.all.p50,
      p99: done.all.p99,
      p99PerWindow: {
        min: p99s.length ? Math.min(...p99s) : null,
        max: p99s.length ? Math.max(...p99s) : null,
      },
      rssMb: {
        before: before.server.rssMb,
        firstWindow: first?.server.rssMb,
        lastWindow: last?.server.rssMb,
        firstMinutesMedian: rssHead,
        lastMinutesMedian: rssTail,
      },
      compareMinutes,
      rssGrowthPct: growth(rssHead, rssTail),
      rssWindowGrowthPct: growth(first?.server.rssMb, last?.server.rssMb),
      heapUsedMb: {
        firstWindow: first?.server.heapUsedMb,
        lastWindow: last?.server.heapUsedMb,
        firstMinutesMedian: heapHead,
        lastMinutesMedian: heapTail,
      },
      heapGrowthPct: growth(heapHead, heapTail),
      rssSlopeMbPerMinute: slope,
      backlogAtEnd: last?.backlog,
      byKind: done.byKind,
    };
    log(driver, summary);
    return { driver, rate, seconds, windowSeconds, summary, windows };
  } finally {
    await s.close();
  }
}

async function main() {
  const minutes = Number(process.env.SOAK_MINUTES ?? 30);
  // One rate for every driver ("50") or one each ("pglite=20,postgres=50"): the embedded database is
  // for one business on a laptop, PostgreSQL for a fleet, so each can be soaked at the rate it is for.
  const rates = new Map<string, number>();
  let rate = 50;
  for (const part of (process.env.SOAK_RPS ?? '50').split(',')) {
    const [k, v] = part.includes('=') ? part.split('=') : ['', part];
    if (k) rates.set(k!.trim(), Number(v));
    else rate = Number(v);
  }
  const rateOf = (driver: Driver) => rates.get(driver) ?? rate;
  const windowSeconds = Number(process.env.SOAK_WINDOW ?? 30);
  const compareMinutes = Number(process.env.SOAK_COMPARE_MINUTES ?? 5);
  const drivers = (
    process.env.BENCH_DRIVERS?.split(',') ??
    (process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])
  ).filter((d): d is Driver => d === 'pglite' || d === 'postgres');
  const startedAt = new Date();
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const results = [];
  for (const driver of drivers)
    results.push(await soak(driver, rateOf(driver), minutes * 60, windowSeconds, compareMinutes));
  const out = {
    date: startedAt.toISOString(),
    node: process.version,
    cpus: cpus().length,
    minutes,
    rate: Math.max(...drivers.map(rateOf)),
    windowSeconds,
    mix: MIX,
    load: { start: loadAtStart, end: loadavg().map((l) => round(l, 2)) },
    drivers: results,
  };
  mkdirSync(new URL('./results', import.meta.url), { recursive: true });
  // SOAK_OUT names another results file, so two drivers can soak in separate processes at the same time.
  const file = process.env.SOAK_OUT ?? 'soak.json';
  writeFileSync(new URL(`./results/${file}`, import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    '| driver | minutes at req/s | requests | errors | p50 ms | p99 ms | p99 per window, min–max | RSS median, first → last minutes | growth | heap growth |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const x = r.summary;
    console.log(
      `| ${r.driver} | ${minutes} at ${r.rate} | ${x.requests} | ${x.errors} | ${x.p50} | ${x.p99} | ${x.p99PerWindow.min}–${x.p99PerWindow.max} | ${x.rssMb.firstMinutesMedian} → ${x.rssMb.lastMinutesMedian} MB | ${x.rssGrowthPct}% | ${x.heapGrowthPct}% |`,
    );
  }
}

if (process.argv[2] === LOADGEN) {
  process.once('message', (spec: LoadSpec) => {
    void generate(spec, (m) => process.send!(m)).then(() => {});
  });
} else {
  await main();
}
