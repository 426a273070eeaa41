import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const executeSql: ExecuteSql = async (text, values) => {
    // pg-boss sends multi-statement scripts without parameters; exec runs those, query the rest.
    if (!values || values.length === 0) {
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    }
    const r = await client.query<Record<string, unknown>>(text, values);
    return { rows: r.rows };
  };
  return {
    kind: 'pglite',
    db,
    executeSql,
    async migrate() {
      if (!(await migrationsPending(executeSql))) return;
      await bootstrapRoles(executeSql);
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
      await grantAppRole(executeSql);
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The pool only listens while a client is idle. A connection ended while checked out (a server restart
  // between two statements of a transaction) emits 'error' on its client, which unheard would crash the
  // process; heard, the client is left unqueryable, its next statement fails and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const executeSql: ExecuteSql = async (text, values) => {
    const r = await pool.query(text, values as unknown[] | undefined);
    return { rows: (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as Record<string, unknown>[] };
  };
  return {
    kind: 'postgres',
    db,
    executeSql,
    async migrate() {
      if (!(await migrationsPending(executeSql))) return;
      await bootstrapRoles(executeSql);
      await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
      await grantAppRole(executeSql);
    },
    close: () => pool.end(),
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
