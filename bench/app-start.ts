/**
 * Issue F §2: cold and warm start of the real server (`node apps/server/start.mjs`, as `npm start` runs
 * it; medians of APP_START_RUNS, default 5, with their CPU time and the load average), the web bundle's
 * initial JavaScript (gzip), and the time to a visible dashboard in headless Chromium. Results in
 * bench/results/app-start.json; APP_START_ONLY=1 measures the starts alone and writes nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'apps/web/dist');

const freePort = () =>
  new Promise<number>((ok) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });

/**
 * What `npm start` runs once the SPA is built: the bundled server, rebuilt first if its sources changed
 * (apps/server/start.mjs). APP_START_SOURCES=1 runs the TypeScript sources through tsx instead, as
 * `npm run dev` does (and `npm start` did before the bundle), for comparison.
 */
const serverArgs =
  process.env.APP_START_SOURCES === '1'
    ? ['--import', 'tsx', 'apps/server/src/main.ts']
    : ['apps/server/start.mjs'];
/** APP_START_ROOT starts another checkout's server (e.g. an export of the previous commit) for a before/after. */
const serverRoot = process.env.APP_START_ROOT ?? root;

/**
 * CPU time (user + system, every thread) a process has used so far, in ms, from /proc (Linux; USER_HZ is
 * 100): on a shared machine the wall time depends on the other processes' load, the CPU time much less.
 */
function cpuTimeMs(pid: number | undefined) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Milliseconds from spawn to the first 200 of /readyz (database open, migrations applied, jobs running),
 * and the CPU time the server used until then.
 */
async function start(dataDir: string, port: number) {
  const t0 = performance.now();
  const child = spawn(process.execPath, serverArgs, {
    cwd: serverRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: process.env.APP_START_DEBUG ? 'inherit' : 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 120_000) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuTimeMs(child.pid);
  const stop = () =>
    new Promise<void>((ok) => {
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return { ms, cpuMs, stop };
}

function initialJs() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const sizes = files.map((f) => {
    const raw = readFileSync(join(dist, f));
    return { file: f, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
  return { files: sizes, gzipTotal: sizes.reduce((a, s) => a + s.gzip, 0) };
}

async function dashboardVisible(base: string) {
  const email = `bench.${Date.now()}@example.test`;
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench Owner',
      email,
      password: 'correct horse battery',
      passwordConfirmation: 'correct horse battery',
      acceptTerms: true,
      locale: 'en',
    }),
  });
  if (!signup.ok) throw new Error(`signup ${signup.status}: ${await signup.text()}`);
  const cookies = signup.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    return { name: pair!.slice(0, i), value: pair!.slice(i + 1), url: base };
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const runs: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      // A fresh context each time: no HTTP cache, like a first visit of the day.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies(cookies);
      // Straight to the dashboard: the wizard would otherwise greet a new owner.
      await context.addInitScript("localStorage.setItem('ava.locale', 'en')");
      const page = await context.newPage();
      await page.request.patch(`${base}/api/v1/me/onboarding`, { data: { completed: true } }).catch(() => {});
      const t0 = performance.now();
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor({ timeout: 30_000 });
      runs.push(performance.now() - t0);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  runs.sort((a, b) => a - b);
  return { runs: runs.map((r) => Math.round(r)), median: Math.round(runs[2]!) };
}

/** The median of a sorted copy. */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Cold and warm starts, `runs` of each: a fresh data folder started, stopped and started again. The first
 * cold start's server is handed to `whileUp` (the dashboard measurement) before it stops.
 */
async function startRuns(runs: number, whileUp?: (base: string) => Promise<void>) {
  const runsOf = {
    cold: [] as number[],
    warm: [] as number[],
    coldCpu: [] as number[],
    warmCpu: [] as number[],
  };
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(Number(loadavg()[0]!.toFixed(2)));
    const dataDir = mkdtempSync(join(tmpdir(), 'ava-start-'));
    // Stopped before its data folder is removed, also when a measurement throws: a server still writing
    // there would make the removal fail and hide the measurement's own error.
    let up: { stop(): Promise<void> } | undefined;
    try {
      const port = await freePort();
      const cold = (up = await start(dataDir, port));
      if (i === 0) await whileUp?.(`http://127.0.0.1:${port}`);
      await cold.stop();
      const warm = (up = await start(dataDir, port));
      await warm.stop();
      up = undefined;
      runsOf.cold.push(Math.round(cold.ms));
      runsOf.coldCpu.push(cold.cpuMs);
      runsOf.warm.push(Math.round(warm.ms));
      runsOf.warmCpu.push(warm.cpuMs);
    } finally {
      await up?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { ...runsOf, loads };
}

// A stale bundle is rebuilt by the first start: build it now, so no measured start includes the build.
if (process.env.APP_START_SOURCES !== '1')
  execFileSync(process.execPath, ['apps/server/scripts/bundle.mjs', '--if-needed'], {
    cwd: serverRoot,
    stdio: 'inherit',
  });

const runs = Number(process.env.APP_START_RUNS ?? 5);
const summary = (r: Awaited<ReturnType<typeof startRuns>>) => ({
  [`cold start, fresh data dir (median of ${runs})`]: `${median(r.cold)} ms (CPU ${median(r.coldCpu)} ms)`,
  [`warm start (median of ${runs})`]: `${median(r.warm)} ms (target ≤ 3000; CPU ${median(r.warmCpu)} ms)`,
});

if (process.env.APP_START_ONLY === '1') {
  // Start times alone, printed rather than written: a quick check while working on start-up.
  const r = await startRuns(runs);
  console.log(JSON.stringify({ node: process.version, ...r }));
  console.table(summary(r));
} else {
  let dashboard: Awaited<ReturnType<typeof dashboardVisible>> | undefined;
  const r = await startRuns(runs, async (base) => {
    dashboard = await dashboardVisible(base);
  });
  const bundle = initialJs();
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    // Medians; the machine's 1-minute load average before each run says how busy it was.
    coldStartMs: median(r.cold),
    warmStartMs: median(r.warm),
    coldStartCpuMs: median(r.coldCpu),
    warmStartCpuMs: median(r.warmCpu),
    startRuns: r,
    initialJsGzipBytes: bundle.gzipTotal,
    initialJs: bundle.files,
    dashboardVisibleMs: dashboard,
    targets: { warmStartMs: 3000, initialJsGzipBytes: 250 * 1024, dashboardVisibleMs: 1500 },
  };
  writeFileSync(join(root, 'bench/results/app-start.json'), JSON.stringify(result, null, 2) + '\n');
  console.table({
    ...summary(r),
    'initial JS (gzip)': `${(bundle.gzipTotal / 1024).toFixed(1)} KB (target ≤ 250)`,
    'dashboard visible (median of 5)': `${dashboard!.median} ms (target ≤ 1500)`,
  });
}
