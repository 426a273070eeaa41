import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';

export type AnalyticsRepository = ReturnType<typeof analyticsRepository>;

type Window = { from: Date; to: Date };

export function analyticsRepository(db: Db) {
  return {
    /**
     * Call and appointment counts for one window, in one round trip: one pass over the window's calls
     * through calls_org_at_idx (the same coalesce expression), the counts taken with FILTER.
     */
    async callStats(orgId: string, w: Window) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx.execute<{
          calls: number;
          answered: number;
          evaluated: number;
          successful: number;
          appointments: number;
        }>(sql`
          SELECT
            count(*)::int AS calls,
            count(*) FILTER (WHERE coalesce(c.duration_seconds, 0) > 0)::int AS answered,
            count(*) FILTER (WHERE c.success_evaluation IS NOT NULL)::int AS evaluated,
            count(*) FILTER (WHERE lower(c.success_evaluation) IN ('true', 'pass', 'success', 'yes'))::int AS successful,
            (SELECT count(*)::int FROM appointments a WHERE a.org_id = ${orgId} AND a.status = 'booked' AND a.created_at >= ${w.from} AND a.created_at < ${w.to}) AS appointments
          FROM calls c
          WHERE c.org_id = ${orgId} AND coalesce(c.started_at, c.created_at) >= ${w.from} AND coalesce(c.started_at, c.created_at) < ${w.to}
        `);
        return (rows as unknown as { rows?: unknown[] }).rows?.[0] ?? (rows as unknown as unknown[])[0];
      });
    },

    /** Calls per local day of the org's time zone, every day present (zero-filled). */
    async callsPerDay(orgId: string, days: number, timezone: string) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx.execute<{ date: string; calls: number }>(sql`
          WITH d AS (
            SELECT generate_series((now() AT TIME ZONE ${timezone})::date - (${days}::int - 1), (now() AT TIME ZONE ${timezone})::date, interval '1 day')::date AS day
          ), c AS (
            SELECT (coalesce(started_at, created_at) AT TIME ZONE ${timezone})::date AS day, count(*)::int AS n
            FROM calls
            WHERE org_id = ${orgId} AND coalesce(started_at, created_at) >= now() - make_interval(days => ${days}::int + 1)
            GROUP BY 1
          )
          SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(c.n, 0) AS calls FROM d LEFT JOIN c ON c.day = d.day ORDER BY d.day
        `);
        return (
          (rows as unknown as { rows?: { date: string; calls: number }[] }).rows ??
          (rows as unknown as { date: string; calls: number }[])
        );
      });
    },
  };
}
