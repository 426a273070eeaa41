import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Runs fn in a transaction as the non-owner role with app.org_id set, so row-level security refuses
 * other organisations' rows even if a query forgets its org filter. Both settings are LOCAL: they end
 * with the transaction and never leak to the next user of a pooled connection.
 */
export async function withOrg<T>(db: Db, orgId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await tx.execute(
      sql`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', ${orgId}, true)`,
    );
    return fn(tx as unknown as Db);
  });
}
