import { mountSandbox, twilioEmulator, type Sandbox } from '@ava/sandbox';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { defineJob, JobQueue } from '../src/jobs/queue.ts';
import { createLogger } from '../src/lib/logger.ts';
import { freePort, freshDatabase } from './helpers.ts';
import {
  refused,
  sleep,
  spawnAva,
  storeSandboxTwilioCredentials,
  until,
  waitReady,
  type AvaProcess,
} from './processes.ts';

/*
 * Fleet mode (ADR 19): 3 web processes + 2 workers of the real server on one PostgreSQL database, a
 * scheduled bulk send, one web process and one worker killed with SIGKILL mid-send; every text must reach
 * the (shared) Twilio emulator exactly once and every webhook be stored once.
 *
 * It runs once per `npm test`: in the server-postgres project when TEST_DATABASE_URL is set (CI), else in
 * the server project against the machine's PostgreSQL (postgres://postgres@127.0.0.1:5432), and is skipped,
 * saying why, only when that server cannot be reached.
 */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const onPostgresProject = process.env.AVA_TEST_DRIVER === 'postgres';
const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES;

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const skipReason =
  !onPostgresProject && process.env.TEST_DATABASE_URL
    ? 'runs once, in the server-postgres project (TEST_DATABASE_URL is set)'
    : !(await reachable(adminUrl))
      ? `PostgreSQL is unreachable at ${adminUrl}: start it (pg_ctlcluster <version> main start) or set TEST_DATABASE_URL`
      : null;
if (skipReason && !skipReason.startsWith('runs once')) console.warn(`fleet test skipped: ${skipReason}`);

const KEY = randomBytes(32).toString('hex');
const RECIPIENTS = 150;
const BULK_BODY = 'Fleet test: your order is ready for pickup.';
/** Twilio answers slowly (emulated latency), so a worker always has sends in flight when it dies. */
const TWILIO_LATENCY_MS = 400;

type Role = 'web' | 'worker';
type Instance = AvaProcess;

/** CPU seconds a process has used (Linux), to tell a busy loop from an idle one. */
function cpuSeconds(pid: number | undefined) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

describe('fleet configuration', () => {
  const fleet = {
    DATABASE_URL: 'postgres://db/ava',
    ENCRYPTION_KEY: 'b'.repeat(64),
    PUBLIC_URL: 'https://ava.example.com',
    SANDBOX: 'off',
  };

  it('takes the role from ROLE or --role (the flag wins); all is the default', () => {
    expect(loadConfig({}).role).toBe('all');
    expect(loadConfig({ ...fleet, ROLE: 'web' }).role).toBe('web');
    expect(loadConfig({ ...fleet, ROLE: 'web' }, ['--role', 'worker']).role).toBe('worker');
    expect(loadConfig(fleet, ['--role=web']).role).toBe('web');
    expect(() => loadConfig(fleet, ['--role', 'boss'])).toThrow(/ROLE/);
    expect(() => loadConfig(fleet, ['--roles', 'web'])).toThrow(/command line/);
  });

  it('refuses a fleet process that would not share its state, naming every missing key', () => {
    try {
      loadConfig({ ROLE: 'worker' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['DATABASE_URL', 'ENCRYPTION_KEY', 'PUBLIC_URL', 'SANDBOX'])
        expect(problems).toContain(key);
    }
  });

  it('SANDBOX_URL points sandbox credentials at a shared sandbox, only with SANDBOX=off', () => {
    expect(loadConfig({ ...fleet, SANDBOX_URL: 'http://127.0.0.1:4010/' }).internalUrl).toBe(
      'http://127.0.0.1:4010',
    );
    expect(loadConfig({ PORT: '3100' }).internalUrl).toBe('http://127.0.0.1:3100');
    expect(() => loadConfig({ SANDBOX_URL: 'http://127.0.0.1:4010' })).toThrow(/SANDBOX=off/);
  });
});

describe("a web process's job queue", () => {
  it('sends jobs but runs none and starts no loop; a worker runs them', async () => {
    const database = await freshDatabase();
    const ran: number[] = [];
    const job = defineJob({
      name: 'fleet.roles',
      schema: z.object({ n: z.number() }),
      handler: async ({ n }) => void ran.push(n),
    });
    const loop = { starts: 0, start: () => void loop.starts++, stop: async () => undefined };
    const queue = () => {
      const q = new JobQueue(database, createLogger('silent'), 0.5);
      q.register(job);
      q.addLoop(loop);
      return q;
    };
    const web = queue();
    const worker = queue();
    try {
      await web.start({ handlers: false });
      expect(web.isStarted).toBe(true);
      await web.send(job, { n: 1 });
      // Absence needs a window: three polling intervals with nobody running the job.
      await sleep(1_500);
      expect(ran).toEqual([]);
      expect(loop.starts).toBe(0);
      await worker.start();
      expect(loop.starts).toBe(1);
      await until('the worker ran the job', async () => ran.length === 1, 15_000);
    } finally {
      await worker.stop();
      await web.stop();
      await database.dispose();
    }
  });
});

describe.skipIf(skipReason !== null)(
  `fleet mode: 3 web + 2 workers on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const t0 = Date.now();
    const timings: Record<string, number> = {};
    const mark = (label: string) => (timings[label] = Math.round((Date.now() - t0) / 100) / 10);
    const dbName = `ava_fleet_${randomBytes(5).toString('hex')}`;
    const dataDirs: string[] = [];
    const instances: Instance[] = [];
    const webs = () => instances.filter((i) => i.role === 'web');
    let databaseUrl: string;
    let database: Database;
    let emulator: FastifyInstance;
    let sandbox: Sandbox;
    let proxy: http.Server;
    let cookie = '';
    let orgId = '';
    let accountSid = '';

    const sql = async (text: string, values: unknown[] = []) =>
      (await database.executeSql(text, values)).rows;

    async function start(name: string, role: Role, env: Record<string, string>): Promise<Instance> {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), `ava-fleet-${name}-`));
      dataDirs.push(dataDir);
      const instance = spawnAva(name, env, { port, dataDir, role });
      instances.push(instance);
      return instance;
    }

    const ready = (instance: Instance) => waitReady(instance, 90_000);

    /**
     * Round-robin over the web processes, as nginx does: a process that refuses connections is marked
     * down and the request goes to the next one. Used for the API and for webhook deliveries.
     */
    let turn = 0;
    async function toWeb(path: string, init: RequestInit = {}): Promise<Response> {
      const all = webs();
      for (let k = 0; k < all.length; k++) {
        const web = all[turn++ % all.length]!;
        if (!web.up) continue;
        try {
          return await fetch(`${web.url}${path}`, init);
        } catch (err) {
          if (refused(err)) web.up = false;
          // A request that may have reached the process is only retried when it changes nothing.
          else if ((init.method ?? 'GET') !== 'GET') throw err;
        }
      }
      throw new Error(`no web process answered ${path}`);
    }
    async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
      const res = await toWeb(`/api/v1/orgs/${orgId}${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => null)) as T;
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    }

    /** Twilio's sends in flight, per worker (each worker reaches the emulator under its own path). */
    const inFlight = new Map<string, Set<string>>([
      ['w1', new Set()],
      ['w2', new Set()],
    ]);

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();

      // One Twilio emulator for the whole fleet, in this process (its ledger is the test's truth). The
      // web processes reach it under /sandbox/twilio, each worker under /<worker>/sandbox/twilio: same
      // state, so the test can see which worker has a send in flight and kill it exactly then.
      emulator = Fastify();
      emulator.addHook('preHandler', async (req) => {
        const m = /^\/(w\d)\/sandbox\/twilio\/.*\/Messages\.json$/.exec(req.url);
        if (m && req.method === 'POST') inFlight.get(m[1]!)!.add((req.body as { To: string }).To);
      });
      const settle = async (req: { url: string; method: string; body?: unknown }) => {
        const m = /^\/(w\d)\/sandbox\/twilio\/.*\/Messages\.json$/.exec(req.url);
        if (m && req.method === 'POST') inFlight.get(m[1]!)!.delete((req.body as { To: string }).To);
      };
      emulator.addHook('onResponse', settle);
      emulator.addHook('onRequestAbort', settle);
      const sandboxPort = await freePort();
      const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
      sandbox = await mountSandbox(emulator, '/sandbox', { publicBaseUrl: sandboxUrl });
      for (const w of ['w1', 'w2'])
        await emulator.register(twilioEmulator, {
          prefix: `/${w}/sandbox/twilio`,
          state: sandbox.twilio,
          sandboxRoutes: false,
        });
      await emulator.listen({ port: sandboxPort, host: '127.0.0.1' });

      // PUBLIC_URL: what Twilio calls (status callbacks, inbound texts). A round-robin proxy with nginx's
      // defaults: the next web process when one refuses the connection, never a replay of a sent POST.
      const proxyPort = await freePort();
      const publicUrl = `http://127.0.0.1:${proxyPort}`;
      let next = 0;
      proxy = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const all = webs();
          for (let k = 0; k < all.length; k++) {
            const web = all[next++ % all.length]!;
            try {
              const r = await fetch(`${web.url}${req.url}`, {
                method: req.method!,
                headers: Object.fromEntries(
                  ['content-type', 'x-twilio-signature', 'user-agent', 'i-twilio-idempotency-token']
                    .filter((h) => req.headers[h])
                    .map((h) => [h, String(req.headers[h])]),
                ),
                ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
              });
              res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
              res.end(Buffer.from(await r.arrayBuffer()));
              return;
            } catch (err) {
              if (!refused(err)) break;
            }
          }
          res.writeHead(502).end();
        });
      });
      await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));

      const env = {
        DATABASE_URL: databaseUrl,
        ENCRYPTION_KEY: KEY,
        PUBLIC_URL: publicUrl,
        SANDBOX: 'off',
        SANDBOX_URL: sandboxUrl,
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      };
      mark('emulator and proxy up');
      // All five at once on an empty database: they race to migrate (the advisory lock serialises them).
      await Promise.all([
        start('web-1', 'web', env),
        start('web-2', 'web', env),
        start('web-3', 'web', env),
        start('worker-1', 'worker', { ...env, SANDBOX_URL: `${sandboxUrl}/w1` }),
        start('worker-2', 'worker', { ...env, SANDBOX_URL: `${sandboxUrl}/w2` }),
      ]);
      await Promise.all(instances.map(ready));
      mark('5 processes ready');
      database = await openDatabase({ url: databaseUrl, poolSize: 2 });
    }, 150_000);

    afterAll(async () => {
      for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
      await Promise.all(instances.map((i) => i.exited));
      await database?.close();
      await emulator?.close();
      await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      console.log(`fleet test timings (s since start): ${JSON.stringify(timings)}`);
    }, 60_000);

    it('web processes serve the API with shared sessions; workers answer health checks only', async () => {
      const signup = await toWeb('/api/v1/auth/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Fleet Owner',
          email: `owner.${randomBytes(3).toString('hex')}@example.test`,
          password: 'correct horse battery',
          passwordConfirmation: 'correct horse battery',
          acceptTerms: true,
        }),
      });
      expect(signup.status).toBe(201);
      cookie = signup.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      // The session made on one process is valid on every other one.
      for (const web of webs()) {
        const me = await fetch(`${web.url}/api/v1/me`, { headers: { cookie } });
        expect(me.status, web.name).toBe(200);
        orgId = ((await me.json()) as { activeOrgId: string }).activeOrgId;
      }
      for (const worker of instances.filter((i) => i.role === 'worker')) {
        expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
        expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
        expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
        const me = await fetch(`${worker.url}/api/v1/me`, { headers: { cookie } });
        expect(me.status).toBe(404);
      }
      // Declared by both workers, stored once; the web processes declared none.
      const schedules = await sql(`SELECT name FROM pgboss.schedule`);
      expect(schedules.map((s) => s.name)).toEqual(['auth.prune-rate-limits']);
    });

    it('sends a scheduled bulk exactly once and stores every webhook once, through SIGKILLs', async () => {
      // Sandbox-labelled Twilio credentials of the shared emulator (SANDBOX_URL routes them there).
      accountSid = await storeSandboxTwilioCredentials(database.db, orgId, sandbox, KEY, 'Fleet');
      expect(await api('POST', '/credentials/twilio/verify')).toMatchObject({ ok: true });
      const [pick] = await api<{ phoneNumber: string }[]>('GET', '/numbers/available?country=FR&type=mobile');
      const number = await api<{ id: string; e164: string }>('POST', '/numbers', {
        phoneNumber: pick!.phoneNumber,
      });
      await api('PATCH', `/numbers/${number.id}`, { smsRate: 20 });
      await api('PATCH', '/messaging/settings', { quietHoursEnabled: false });
      mark('org, credentials, number ready');

      /**
       * A handset texts the number: the emulator posts the signed webhook to PUBLIC_URL (the proxy), then
       * the very same delivery is replayed to every web process directly (as Twilio retries would).
       */
      const inbound: string[] = [];
      const duplicates = { sent: 0, refused: 0 };
      async function textIn(i: number) {
        const r = await sandbox.twilio.receiveFromHandset({
          from: `+3361200${String(i).padStart(4, '0')}`,
          to: number.e164,
          body: `Bonjour, message ${i}`,
        });
        expect(r.webhook?.response?.status, JSON.stringify(r.webhook)).toBe(200);
        inbound.push(r.message.sid);
        const path = new URL(r.webhook!.url).pathname;
        await Promise.all(
          webs().map(async (web) => {
            duplicates.sent++;
            const res = await fetch(`${web.url}${path}`, {
              method: 'POST',
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'x-twilio-signature': r.webhook!.signature,
              },
              body: new URLSearchParams(r.webhook!.params as Record<string, string>).toString(),
            }).catch((err: unknown) => {
              if (refused(err)) duplicates.refused++;
              else throw err;
              return null;
            });
            if (res) expect(res.status).toBe(200);
          }),
        );
      }
      for (let i = 0; i < 20; i++) await textIn(i);

      // Slow Twilio from now on: sends are in flight long enough to be cut by a SIGKILL.
      sandbox.twilio.faults.set({ latencyMs: TWILIO_LATENCY_MS }, accountSid);
      const recipients = Array.from({ length: RECIPIENTS }, (_, i) => `+3367${String(i).padStart(7, '0')}`);
      const sendAt = new Date(Date.now() + 4_000);
      const bulk = await api<{ id: string }>('POST', '/bulk', {
        name: 'Fleet',
        body: BULK_BODY,
        recipients: { numbers: recipients },
        phoneNumberId: number.id,
        sendAt: sendAt.toISOString(),
      });
      mark('bulk planned');
      const sentToTwilio = () =>
        sandbox.twilio
          .listMessages(accountSid)
          .filter((m) => m.direction !== 'inbound' && m.body === BULK_BODY);
      // Nothing leaves before its time.
      await sleep(Math.max(0, sendAt.getTime() - Date.now() - 500));
      expect(sentToTwilio()).toHaveLength(0);

      // Mid-send: kill worker-1 while it holds sends in flight at Twilio, and web-2 at the same moment.
      await until('40% sent', async () => sentToTwilio().length >= RECIPIENTS * 0.4, 60_000);
      const worker1 = instances.find((i) => i.name === 'worker-1')!;
      const web2 = instances.find((i) => i.name === 'web-2')!;
      await until('worker-1 sending', async () => inFlight.get('w1')!.size > 0, 10_000);
      const cutOff = [...inFlight.get('w1')!];
      worker1.child.kill('SIGKILL');
      web2.child.kill('SIGKILL');
      await Promise.all([worker1.exited, web2.exited]);
      mark('worker-1 and web-2 killed');
      const sentAtKill = sentToTwilio().length;
      for (let i = 20; i < 40; i++) await textIn(i);

      // The survivors finish: texts claimed by the dead worker are reclaimed after 60 s and reconciled
      // against Twilio before any resend.
      const worker2 = instances.find((i) => i.name === 'worker-2')!;
      const cpuBefore = cpuSeconds(worker2.child.pid);
      const cpuFrom = Date.now();
      const [commitsBefore] = await sql(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [
        dbName,
      ]);
      await until(
        'bulk completed',
        async () => {
          const s = await api<{ send: { status: string; counts: Record<string, number> } }>(
            'GET',
            `/bulk/${bulk.id}`,
          );
          return s.send.status === 'completed' && s;
        },
        110_000,
      );
      mark('bulk completed');
      const windowS = (Date.now() - cpuFrom) / 1000;
      const [commitsAfter] = await sql(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [
        dbName,
      ]);
      const cpu = cpuSeconds(worker2.child.pid) - cpuBefore;
      // The same measures once nothing is pending (status callbacks still arrive): the baseline.
      const idleFrom = Date.now();
      const idleCpuBefore = cpuSeconds(worker2.child.pid);
      await sleep(5_000);
      const [commitsIdle] = await sql(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [
        dbName,
      ]);
      const idleS = (Date.now() - idleFrom) / 1000;
      const idleCpu = cpuSeconds(worker2.child.pid) - idleCpuBefore;
      const rate = (a: unknown, b: unknown, seconds: number) =>
        ((Number(b) - Number(a)) / seconds).toFixed(0);

      // Every recipient got exactly one text at Twilio.
      const sent = sentToTwilio();
      const perRecipient = new Map<string, number>();
      for (const m of sent) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
      expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect([...perRecipient.keys()].sort()).toEqual([...recipients].sort());
      // AVA agrees: one row per recipient, each with Twilio's SID for it.
      const rows = await sql(
        `SELECT to_number, twilio_sid, status, attempts FROM messages WHERE bulk_id = $1 ORDER BY to_number`,
        [bulk.id],
      );
      expect(rows).toHaveLength(RECIPIENTS);
      const sidByTo = new Map(sent.map((m) => [m.to, m.sid]));
      expect(rows.filter((r) => r.twilio_sid !== sidByTo.get(String(r.to_number)))).toEqual([]);
      expect(rows.filter((r) => ['pending', 'failed', 'canceled'].includes(String(r.status)))).toEqual([]);
      // The texts the dead worker had in flight were reclaimed and adopted, not sent again.
      const cut = rows.filter((r) => cutOff.includes(String(r.to_number)));
      expect(cut).toHaveLength(cutOff.length);
      for (const r of cut) expect(Number(r.attempts), String(r.to_number)).toBeGreaterThan(1);

      // Webhooks: every inbound text stored once, though delivered to every web process.
      const events = await sql(`SELECT event_key, kind, processed_at FROM webhook_events`);
      const inboundKeys = events.filter((e) => e.kind === 'message.inbound').map((e) => String(e.event_key));
      expect(inboundKeys.sort()).toEqual(inbound.map((sid) => `in:${sid}`).sort());
      // Every status callback Twilio got a 2xx for is stored, once (the unique key allows no more).
      const callbacks = sandbox.twilio.ledger
        .entries()
        .filter((e) => e.kind === 'webhook' && e.purpose === 'message-status') as {
        params: Record<string, string>;
        response: { status: number } | null;
      }[];
      const acknowledged = new Set(
        callbacks
          .filter((c) => c.response && c.response.status < 300)
          .map((c) => `status:${c.params.MessageSid}:${c.params.MessageStatus}`),
      );
      const storedStatus = new Set(events.filter((e) => e.kind === 'message.status').map((e) => e.event_key));
      expect([...acknowledged].filter((k) => !storedStatus.has(k))).toEqual([]);
      // Inbound texts are processed by the surviving worker: one inbox message each.
      await until(
        'inbound texts processed',
        async () => {
          const [row] = await sql(
            `SELECT count(*)::int AS n FROM webhook_events WHERE kind = 'message.inbound' AND processed_at IS NULL`,
          );
          return row!.n === 0;
        },
        30_000,
      ).catch(() => undefined);
      const [unprocessed] = await sql(
        `SELECT count(*)::int AS n FROM webhook_events WHERE kind = 'message.inbound' AND processed_at IS NULL`,
      );
      const [inboxed] = await sql(
        `SELECT count(*)::int AS n, count(DISTINCT twilio_sid)::int AS d FROM messages WHERE direction = 'inbound'`,
      );

      // Jobs a SIGKILLed worker had started stay "active" until pg-boss expires them (reported, not asserted).
      const stuck = await sql(
        `SELECT name, count(*)::int AS n FROM pgboss.job
          WHERE state = 'active' AND started_on < now() - interval '10 seconds' GROUP BY name`,
      );
      const notAcknowledged = callbacks.filter((c) => !c.response || c.response.status >= 300).length;
      console.log(
        `fleet test: ${JSON.stringify(
          {
            texts: { recipients: RECIPIENTS, atTwilio: sent.length, sentWhenKilled: sentAtKill },
            cutOffOnWorker1: cut.map((r) => ({ to: r.to_number, attempts: r.attempts })),
            inbound: {
              texts: inbound.length,
              deliveries: inbound.length + duplicates.sent,
              refusedByDeadWeb: duplicates.refused,
              stored: inboundKeys.length,
              unprocessed: unprocessed!.n,
              inboxRows: inboxed!.n,
            },
            statusCallbacks: {
              sent: callbacks.length,
              notAcknowledged,
              acknowledged: acknowledged.size,
              stored: storedStatus.size,
            },
            whileTheDeadClaimWaits: {
              seconds: Math.round(windowS),
              worker2CpuSeconds: Number(cpu.toFixed(1)),
              dbCommitsPerSecond: Number(
                rate(commitsBefore!.xact_commit, commitsAfter!.xact_commit, windowS),
              ),
            },
            nothingPending: {
              seconds: Math.round(idleS),
              worker2CpuSeconds: Number(idleCpu.toFixed(1)),
              dbCommitsPerSecond: Number(rate(commitsAfter!.xact_commit, commitsIdle!.xact_commit, idleS)),
            },
            jobsStuckActive: stuck,
          },
          null,
          1,
        )}`,
      );
      expect(unprocessed!.n).toBe(0);
      expect(inboxed).toEqual({ n: inbound.length, d: inbound.length });
    }, 180_000);

    it('the survivors shut down cleanly on SIGTERM', async () => {
      const alive = instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
      expect(alive.map((i) => i.name).sort()).toEqual(['web-1', 'web-3', 'worker-2']);
      const from = Date.now();
      for (const i of alive) i.child.kill('SIGTERM');
      const codes = await Promise.all(alive.map((i) => i.exited));
      mark('survivors stopped');
      expect(codes).toEqual([0, 0, 0]);
      expect(Date.now() - from).toBeLessThan(20_000);
      for (const i of alive) expect(i.output.join(''), i.name).not.toContain('"level":50');
    }, 30_000);
  },
);
