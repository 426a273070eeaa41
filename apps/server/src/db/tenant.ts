import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';
import type { Db } from './client.ts';
import { inlineParams } from './inline-params.ts';

/**
 * A transaction withOrg opened for one organisation. Repository methods that accept one run their
 * statements in it instead of opening their own, so a latency-critical path (a Vapi tool call) is one
 * transaction. Inside it, everything must go through it: PGlite has a single connection, so opening
 * another transaction there would wait for this one forever.
 */
export type OrgTx = Db;

// Transactions withOrg opened, with their organisation and what waits for their commit.
const openTransactions = new WeakMap<object, { orgId: string; committed: (() => void)[] }>();

/**
 * Runs `fn` once the transaction `db` belongs to has committed (at once outside one): a text or a job
 * about a write must not go out for a write that is then rolled back. `fn` must not throw.
 */
export function afterCommit(db: Db | OrgTx, fn: () => void): void {
  const open = openTransactions.get(db);
  if (open) open.committed.push(fn);
  else fn();
}

type QueryConfig = pg.QueryConfig & { rowMode?: 'array' };
type Result = pg.QueryResult;
/** What drizzle's node-postgres session calls on its client (a pool or a connection). */
type Queryable = { query(config: QueryConfig, values?: unknown[]): Promise<Result | Result[]> };

/**
 * The organisation's context, as one statement: set_config('role', …, true) is SET LOCAL ROLE, so
 * row-level security applies as the non-owner role, with app.org_id naming the organisation. Both are
 * LOCAL: they end with the transaction and never leak to the next user of a pooled connection.
 */
const contextOf = (orgId: string) =>
  `SELECT set_config('role', 'ava_app', true), set_config('app.org_id', ${pg.escapeLiteral(orgId)}, true)`;

/** The last result of a simple query that may hold several statements. */
const last = (results: Result | Result[]) => (Array.isArray(results) ? results.at(-1)! : results);

/**
 * drizzle's statement as one simple query after `prefix` (one round trip): PostgreSQL runs the
 * statements of one query message in order, each planned after the one before ran, so the statement
 * runs under the role and org the prefix set. Its parameters are written into the text as quoted
 * literals, which PostgreSQL types exactly as it types untyped parameters. Null when its values cannot
 * be written so (binary data, a NUL character).
 */
function prefixed(prefix: string, config: QueryConfig, values: unknown[] | undefined): QueryConfig | null {
  const text = inlineParams(config.text, values ?? [], prepareValue);
  return text === null ? null : { text: `${prefix};\n${text}`, rowMode: config.rowMode, types: config.types };
}

/** A drizzle database whose statements go through `client` (drizzle only calls its query method). */
const dbOver = (client: Queryable) => drizzle(client as unknown as pg.Pool) as unknown as Db;
/** A pooled connection, typed as drizzle uses it (config objects with or without rowMode). */
const queryable = (client: pg.PoolClient) => client as unknown as Queryable & { release(err?: Error): void };
const poolOf = (db: Db) => (db as unknown as { $client: pg.Pool }).$client;

/**
 * Runs fn in a transaction as the non-owner role with app.org_id set, so row-level security refuses
 * other organisations' rows even if a query forgets its org filter.
 *
 * The transaction opens with fn's first statement, in the same round trip (BEGIN, the context and the
 * statement), and a fn that runs none costs none: a one-read transaction is two round trips, not four.
 *
 * Given an OrgTx of the same organisation instead of the database, fn runs in that transaction (no
 * savepoint, no second context); given one of another organisation, it throws.
 */
export async function withOrg<T>(db: Db | OrgTx, orgId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  const joined = openTransactions.get(db);
  if (joined !== undefined) {
    if (joined.orgId !== orgId) throw new Error('withOrg: this transaction belongs to another organisation');
    return fn(db);
  }
  const client = queryable(await poolOf(db).connect());
  const opening = `BEGIN;\n${contextOf(orgId)}`;
  let begun = false;
  const tx = dbOver({
    query(config, values) {
      if (begun) return client.query(config, values);
      begun = true;
      const one = prefixed(opening, config, values);
      if (one) return client.query(one).then(last);
      return client.query({ text: opening }).then(() => client.query(config, values));
    },
  });
  const committed: (() => void)[] = [];
  openTransactions.set(tx, { orgId, committed });
  let broken: Error | undefined;
  try {
    const result = await fn(tx);
    if (begun) await client.query({ text: 'COMMIT' });
    // A finished transaction is joined by nobody (its connection may already serve someone else).
    openTransactions.delete(tx);
    for (const then of committed) then();
    return result;
  } catch (err) {
    openTransactions.delete(tx);
    // A connection that cannot even roll back is closed rather than handed to the next request.
    if (begun) await client.query({ text: 'ROLLBACK' }).catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs fn as the organisation like withOrg, but each statement fn runs is a transaction of its own,
 * sent with the context in one round trip and committed by PostgreSQL when it ends: for reads, and for
 * single statements that need no transaction around them, on the paths where every round trip counts
 * (a Vapi tool call). Two statements see no common snapshot, and run in parallel if fn starts both.
 *
 * Given an OrgTx (withOrg's), fn runs in that transaction instead.
 */
export async function withOrgEach<T>(
  db: Db | OrgTx,
  orgId: string,
  fn: (statements: Db) => Promise<T>,
): Promise<T> {
  if (openTransactions.has(db)) return withOrg(db, orgId, fn);
  const pool = poolOf(db);
  // A simple query's statements are one implicit transaction: the context's LOCAL settings end with it.
  const context = contextOf(orgId);
  return fn(
    dbOver({
      async query(config, values) {
        const client = queryable(await pool.connect());
        let broken: Error | undefined;
        const one = prefixed(context, config, values);
        try {
          if (one) return last(await client.query(one));
          // Values that cannot be inlined: the statement gets a transaction of its own around it.
          await client.query({ text: `BEGIN;\n${context}` });
          try {
            const result = await client.query(config, values);
            await client.query({ text: 'COMMIT' });
            return result;
          } catch (err) {
            await client.query({ text: 'ROLLBACK' });
            throw err;
          }
        } catch (err) {
          // A statement's own error leaves the connection usable; anything else closes it.
          if (!(err instanceof pg.DatabaseError)) broken = err as Error;
          throw err;
        } finally {
          client.release(broken);
        }
      },
    }),
  );
}
