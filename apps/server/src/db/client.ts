import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Either driver, or a transaction of either: repositories only need this surface. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Raw SQL for pg-boss and bootstrap statements; returns rows like node-postgres does. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  executeSql: ExecuteSql;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

/** Set by the production bundle (scripts/bundle.mjs), whose import.meta.url is dist/main.js, not this file. */
declare const AVA_MIGRATIONS_URL: string | undefined;
export const migrationsFolder = fileURLToPath(
  new URL(typeof AVA_MIGRATIONS_URL === 'string' ? AVA_MIGRATIONS_URL : './migrations', import.meta.url),
);

export type DatabaseOptions = {
  /** postgres:// URL; when absent an embedded PGlite is used */
  url?: string;
  /** PGlite data folder; undefined means in memory (tests) */
  dataDir?: string;
  /** pool size for node-postgres */
  poolSize?: number;
};

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

/** Set by the production bundle, whose own folder (dist/) does not hold the thread's file. */
declare const AVA_PGLITE_THREAD_URL: string | undefined;
const pgliteThreadFile = new URL(
  typeof AVA_PGLITE_THREAD_URL === 'string' ? AVA_PGLITE_THREAD_URL : './pglite-thread.mjs',
  import.meta.url,
);

/** The database thread, once PGlite in it is open (exported for the thread's own tests). */
export async function startPgliteThread(dataDir?: string): Promise<Worker> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const thread = new Worker(pgliteThreadFile, { workerData: { dataDir } });
  await new Promise<void>((resolve, reject) => {
    const exited = (code: number) => reject(new Error(`the PGlite thread exited (${code}) while opening`));
    thread.once('error', reject).once('exit', exited);
    thread.once('message', () => {
      thread.off('error', reject).off('exit', exited);
      resolve();
    });
  });
  return thread;
}

/**
 * Embedded PostgreSQL in its own thread (pglite-thread.mjs, ADR 25), reached through node-postgres like a
 * server: the app and the database use both cores, and both drivers run the same client code.
 */
async function openPglite(dataDir?: string): Promise<Database> {
  const thread = await startPgliteThread(dataDir);
  // The thread dying leaves the process without its database: crash loudly rather than hang.
  thread.on('error', (err) => {
    throw err;
  });
  // PGlite has one backend, so one connection: a second would only queue behind the first in the thread,
  // and a transaction on one would make statements of the other wait or interleave.
  const pool = new pg.Pool({
    max: 1,
    idleTimeoutMillis: 0,
    user: 'postgres',
    database: 'postgres',
    stream: () => new ThreadStream(thread),
  });
  return fromPool('pglite', pool, async () => {
    await pool.end();
    await new Promise<void>((resolve) => {
      thread.once('exit', () => resolve());
      thread.once('message', () => void thread.terminate());
      thread.postMessage({ type: 'close' });
    });
  });
}

/** A node-postgres connection as a MessagePort to the PGlite thread, in place of a TCP socket. */
export class ThreadStream extends Duplex {
  private readonly port: MessagePort;
  constructor(thread: Worker) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (data: Uint8Array) =>
      this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
    );
    port1.on('close', () => this.push(null));
    thread.postMessage({ type: 'connect', port: port2 }, [port2]);
  }
  connect() {
    queueMicrotask(() => this.emit('connect'));
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  ref() {
    this.port.ref();
    return this;
  }
  unref() {
    this.port.unref();
    return this;
  }
  override _read() {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void) {
    this.port.postMessage(chunk);
    done();
  }
  /** A corked query (Parse, Bind, Describe, Execute, Sync) crosses to the thread as one message. */
  override _writev(chunks: { chunk: Buffer }[], done: (err?: Error | null) => void) {
    this.port.postMessage(Buffer.concat(chunks.map((c) => c.chunk)));
    done();
  }
  override _final(done: (err?: Error | null) => void) {
    this.port.close();
    done();
  }
  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    this.port.close();
    done(err);
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The pool only listens while a client is idle. A connection ended while checked out (a server restart
  // between two statements of a transaction) emits 'error' on its client, which unheard would crash the
  // process; heard, the client is left unqueryable, its next statement fails and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => {}));
  return fromPool('postgres', pool, () => pool.end());
}

function fromPool(kind: Database['kind'], pool: pg.Pool, close: () => Promise<void>): Database {
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const executeSql: ExecuteSql = async (text, values) => {
    const r = await pool.query(text, values as unknown[] | undefined);
    return { rows: (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as Record<string, unknown>[] };
  };
  return {
    kind,
    db,
    executeSql,
    async migrate() {
      if (!(await migrationsPending(executeSql))) return;
      await bootstrapRoles(executeSql);
      await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
      await grantAppRole(executeSql);
    },
    close,
  };
}

/**
 * Whether migrate() has work to do. A restart finds the database as it left it: one query tells whether
 * the newest migration of the journal drizzle-kit writes is applied and the app role usable, and the
 * migrator (which reads and hashes every migration file and runs a dozen statements) is skipped (issue F,
 * warm start). Drizzle records each migration under its journal timestamp and applies those newer than
 * the last one recorded: the same test.
 */
export async function migrationsPending(exec: ExecuteSql): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const { rows } = await exec(
      `SELECT (SELECT max(created_at) FROM drizzle.__drizzle_migrations)::text AS last,
              CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ava_app')
                   THEN pg_has_role('ava_app', 'MEMBER') ELSE false END AS role`,
    );
    return !(Number(rows[0]?.last) >= newest && rows[0]?.role === true);
  } catch {
    // A fresh database has no migrations table yet.
    return true;
  }
}

/**
 * Roles are cluster-wide, so several databases (or test files running in parallel) may race to create
 * the role: both "already exists" errors are taken as success.
 */
async function bootstrapRoles(exec: ExecuteSql) {
  await exec(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ava_app') THEN CREATE ROLE ava_app NOLOGIN; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`);
  await exec(`DO $$ BEGIN
    EXECUTE format('GRANT ava_app TO %I', current_user);
  EXCEPTION WHEN others THEN NULL; END $$;`);
}

async function grantAppRole(exec: ExecuteSql) {
  await exec(`GRANT USAGE ON SCHEMA public TO ava_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ava_app;`);
}

/** Fails unless every table that has an org_id column has row-level security enabled and a policy. */
export async function unprotectedTenantTables(exec: ExecuteSql): Promise<string[]> {
  const { rows } = await exec(
    `SELECT c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
      WHERE c.relkind = 'r'
        AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname))
      ORDER BY 1`,
  );
  return rows.map((r) => String(r.name));
}

export { sql };

/** The rows of a raw `db.execute(sql…)` result (both drivers answer `{ rows }`). */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
