import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';

export type AnalyticsRepository = ReturnType<typeof analyticsRepository>;

type Window = { from: Date; to: Date };

/**
 * A call happened when it started, or was created if it never started. Written on the columns, not on
 * coalesce(started_at, created_at): requests read under row-level security, where the planner only
 * uses an index for expressions it knows leak nothing, and coalesce is not one of them (ADR 26); on the
 * columns, calls_org_started_idx serves both branches (started_at IS NULL is an index condition too).
 */
const calledFrom = (from: SQL | Date, to?: Date) =>
  to
    ? sql`((c.started_at >= ${from} AND c.started_at < ${to}) OR (c.started_at IS NULL AND c.created_at >= ${from} AND c.created_at < ${to}))`
    : sql`(c.started_at >= ${from} OR (c.started_at IS NULL AND c.created_at >= ${from}))`;

export function analyticsRepository(db: Db) {
  return {
    /**
     * Call and appointment counts for one window, in one round trip: one pass over the window's calls,
     * the counts taken with FILTER.
     */
    async callStats(orgId: string, w: Window) {
      return withOrg(db, orgId, async (tx) => {
        const result = await tx.execute(sql`
          SELECT
            count(*)::int AS calls,
            count(*) FILTER (WHERE coalesce(c.duration_seconds, 0) > 0)::int AS answered,
            count(*) FILTER (WHERE c.success_evaluation IS NOT NULL)::int AS evaluated,
            count(*) FILTER (WHERE lower(c.success_evaluation) IN ('true', 'pass', 'success', 'yes'))::int AS successful,
            (SELECT count(*)::int FROM appointments a WHERE a.org_id = ${orgId} AND a.status = 'booked' AND a.created_at >= ${w.from} AND a.created_at < ${w.to}) AS appointments
          FROM calls c
          WHERE c.org_id = ${orgId} AND ${calledFrom(w.from, w.to)}
        `);
        return rowsOf<{
          calls: number;
          answered: number;
          evaluated: number;
          successful: number;
          appointments: number;
        }>(result)[0]!;
      });
    },

    /** Calls per local day of the org's time zone, every day present (zero-filled). */
    async callsPerDay(orgId: string, days: number, timezone: string) {
      return withOrg(db, orgId, async (tx) => {
        const result = await tx.execute(sql`
          WITH d AS (
            SELECT generate_series((now() AT TIME ZONE ${timezone})::date - (${days}::int - 1), (now() AT TIME ZONE ${timezone})::date, interval '1 day')::date AS day
          ), c AS (
            SELECT (coalesce(c.started_at, c.created_at) AT TIME ZONE ${timezone})::date AS day, count(*)::int AS n
            FROM calls c
            WHERE c.org_id = ${orgId} AND ${calledFrom(sql`now() - make_interval(days => ${days}::int + 1)`)}
            GROUP BY 1
          )
          SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(c.n, 0) AS calls FROM d LEFT JOIN c ON c.day = d.day ORDER BY d.day
        `);
        return rowsOf<{ date: string; calls: number }>(result);
      });
    },
  };
}
