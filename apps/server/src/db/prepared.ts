import { is, Param, Placeholder } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db } from './client.ts';
import type { OrgTx } from './tenant.ts';

/** What drizzle's prepare() returns, as far as this file uses it. */
type PreparedQuery<R> = {
  execute(values?: Record<string, unknown>): Promise<R>;
  /** the built parameters: placeholders, or values fixed at build time */
  params: unknown[];
};
type Queryable = { query(config: pg.QueryConfig, values?: unknown[]): Promise<unknown> };

/** The database statements are built on: it never runs one (each execution names its own client). */
const unbound = drizzle({
  query() {
    throw new Error(
      'a prepared statement runs on the database it is given, never on the one it was built on',
    );
  },
} as unknown as pg.Pool) as unknown as Db;

/**
 * A statement on a hot path, built by drizzle once instead of on every call. Building is drizzle's
 * largest cost there: 0.2–0.4 ms for an insert or select of a 30-column table (every chunk's kind is
 * checked by walking class chains), more than the database takes to run it.
 *
 * Every value that varies must be `sql.placeholder(name)` — and so is every other value: `build` may
 * leave no parameter fixed. That rule is what keeps a column's JS default (a `$defaultFn` id, an
 * `$onUpdate` timestamp) from being computed once at build time and reused for ever: such columns must
 * be given, as placeholders or as SQL (`sql\`now()\``). Constants go in as SQL or placeholders too.
 *
 * The statement runs through `db`'s own client, so it runs in the transaction or with the organisation
 * context that `db` stands for (withOrg, withOrgEach), exactly as the same query built in place would.
 */
export function prepared<R>(
  name: string,
  build: (db: Db) => { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } },
): (db: Db | OrgTx, values: Record<string, unknown>) => Promise<R> {
  let statement: PreparedQuery<R> | undefined;
  return async (db, values) => {
    if (!statement) {
      const built = build(unbound).prepare(name) as unknown as PreparedQuery<R>;
      const fixed = built.params.findIndex(
        (p) => !is(p, Placeholder) && !(is(p, Param) && is(p.value, Placeholder)),
      );
      if (fixed !== -1)
        throw new Error(
          `prepared statement "${name}": parameter ${fixed + 1} is fixed at build time, not a placeholder`,
        );
      statement = built;
    }
    const client = (db as unknown as { $client: Queryable }).$client;
    // drizzle's prepared query sends through its `client` field: the same statement with db's client.
    // The name is dropped so the statement stays an ordinary one (it may travel inlined with the
    // organisation's context, tenant.ts), not a server-side prepared statement of one connection.
    const bound = Object.create(statement, {
      client: {
        value: {
          query: (config: pg.QueryConfig, params?: unknown[]) =>
            client.query({ ...config, name: undefined }, params),
        },
      },
    }) as PreparedQuery<R>;
    return bound.execute(values);
  };
}
