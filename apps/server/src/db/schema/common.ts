import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Requests run as this role (SET LOCAL ROLE inside withOrg); the migration owner keeps bypassing RLS,
 * which is what better-auth and job bookkeeping need.
 */
export const appRole = pgRole('ava_app').existing();

/** The RLS backstop every tenant table carries: rows are visible and writable only inside their org. */
export const tenantPolicy = (table: string) =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`org_id = current_setting('app.org_id', true)`,
    withCheck: sql`org_id = current_setting('app.org_id', true)`,
  });

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
