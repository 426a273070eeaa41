import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

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

/**
 * Runs fn in a transaction as the non-owner role with app.org_id set, so row-level security refuses
 * other organisations' rows even if a query forgets its org filter. Both settings are LOCAL: they end
 * with the transaction and never leak to the next user of a pooled connection.
 *
 * Given an OrgTx of the same organisation instead of the database, fn runs in that transaction (no
 * savepoint, no second set_config); given one of another organisation, it throws.
 */
export async function withOrg<T>(db: Db | OrgTx, orgId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  const joined = openTransactions.get(db);
  if (joined !== undefined) {
    if (joined.orgId !== orgId) throw new Error('withOrg: this transaction belongs to another organisation');
    return fn(db);
  }
  const committed: (() => void)[] = [];
  const result = await db.transaction(async (tx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await tx.execute(
      sql`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', ${orgId}, true)`,
    );
    openTransactions.set(tx, { orgId, committed });
    try {
      return await fn(tx as unknown as Db);
    } finally {
      // A finished transaction is joined by nobody (its connection may already serve someone else).
      openTransactions.delete(tx);
    }
  });
  for (const then of committed) then();
  return result;
}
