import { sql } from 'drizzle-orm';
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
const calledFrom = (from: Date, to: Date) =>
  sql`((c.started_at >= ${from} AND c.started_at < ${to}) OR (c.started_at IS NULL AND c.created_at >= ${from} AND c.created_at < ${to}))`;

// The rollup's quarter hours, from 2000-01-01 UTC (migration 0019).
const QUARTER_MS = 900_000;
const EPOCH_MS = Date.UTC(2000, 0, 1);
const quarterAt = (ms: number, round: typeof Math.ceil) =>
  new Date(EPOCH_MS + round((ms - EPOCH_MS) / QUARTER_MS) * QUARTER_MS);

/**
 * The dashboard reads call_rollups, kept exact by triggers on `calls` (ADR 0027): the whole quarter hours
 * of a window from the rollup, the minutes before its first and after its last from the calls themselves.
 * The cost then depends on the window's length, not on how many calls it holds.
 */
export function analyticsRepository(db: Db) {
  return {
    /** Call and appointment counts for one window, in one round trip. */
    async callStats(orgId: string, w: Window) {
      const lo = quarterAt(w.from.getTime(), Math.ceil);
      const hi = quarterAt(w.to.getTime(), Math.floor);
      // A window shorter than a quarter hour holds no whole one: all of it is read from the calls.
      const [whole, edges] =
        lo < hi
          ? [sql`at >= ${lo} AND at < ${hi}`, sql`(${calledFrom(w.from, lo)} OR ${calledFrom(hi, w.to)})`]
          : [sql`false`, calledFrom(w.from, w.to)];
      return withOrg(db, orgId, async (tx) => {
        const result = await tx.execute(sql`
          WITH c AS (
            SELECT calls, answered, evaluated, successful FROM call_rollups
            WHERE org_id = ${orgId} AND ${whole}
            UNION ALL
            SELECT 1, (coalesce(c.duration_seconds, 0) > 0)::int, (c.success_evaluation IS NOT NULL)::int,
                   coalesce(call_successful(c.success_evaluation), false)::int
            FROM calls c
            WHERE c.org_id = ${orgId} AND ${edges}
          )
          SELECT
            coalesce(sum(calls), 0)::int AS calls,
            coalesce(sum(answered), 0)::int AS answered,
            coalesce(sum(evaluated), 0)::int AS evaluated,
            coalesce(sum(successful), 0)::int AS successful,
            (SELECT count(*)::int FROM appointments a WHERE a.org_id = ${orgId} AND a.status = 'booked' AND a.created_at >= ${w.from} AND a.created_at < ${w.to}) AS appointments
          FROM c
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

    /**
     * Calls per local day of the org's time zone, every day present (zero-filled): every zone's midnight
     * starts a quarter hour, so each quarter of the rollup lies in one local day.
     */
    async callsPerDay(orgId: string, days: number, timezone: string) {
      return withOrg(db, orgId, async (tx) => {
        const result = await tx.execute(sql`
          WITH d AS (
            SELECT generate_series((now() AT TIME ZONE ${timezone})::date - (${days}::int - 1), (now() AT TIME ZONE ${timezone})::date, interval '1 day')::date AS day
          ), c AS (
            SELECT (r.at AT TIME ZONE ${timezone})::date AS day, sum(r.calls)::int AS n
            FROM call_rollups r
            WHERE r.org_id = ${orgId}
              AND r.at >= (((now() AT TIME ZONE ${timezone})::date - (${days}::int - 1))::timestamp AT TIME ZONE ${timezone})
            GROUP BY 1
          )
          SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(c.n, 0) AS calls FROM d LEFT JOIN c ON c.day = d.day ORDER BY d.day
        `);
        return rowsOf<{ date: string; calls: number }>(result);
      });
    },
  };
}
