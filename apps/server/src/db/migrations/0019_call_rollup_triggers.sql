-- Calls per quarter hour and what became of them (ADR 0027): statement-level triggers on calls keep
-- call_rollups exact in the writer's transaction, like the cost rollup (migration 0015) and the message
-- rollups (0009). They run with the writer's rights: every row derived belongs to the writer's org.

-- Whether Vapi's analysis judged the call a success: the one definition the triggers and the dashboard's
-- reading of the calls between whole quarters share.
CREATE FUNCTION call_successful(evaluation text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(evaluation) IN ('true', 'pass', 'success', 'yes')
$$;
--> statement-breakpoint
-- The columns the rollup depends on, as the triggers hand them to the shared function.
CREATE TYPE call_outcome AS (
  id text,
  org_id text,
  at timestamptz,
  answered boolean,
  evaluated boolean,
  successful boolean
);
--> statement-breakpoint
-- An old version of a call counts -1, a new one +1, netted per key in one upsert; keys go in a fixed order
-- so that concurrent writers lock rollup rows in the same order. Rows back at zero calls go (every other
-- counter is then zero too), while the writer still holds their locks.
CREATE FUNCTION call_rollups_apply(olds call_outcome[], news call_outcome[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  zero call_rollups[];
BEGIN
  WITH d AS (
    SELECT -1 AS sign, o.* FROM unnest(olds) o
    UNION ALL
    SELECT 1, n.* FROM unnest(news) n
  ), delta AS (
    SELECT org_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') AS at,
           sum(sign)::int AS calls,
           sum(sign * answered::int)::int AS answered,
           sum(sign * evaluated::int)::int AS evaluated,
           sum(sign * coalesce(successful, false)::int)::int AS successful
    FROM d
    GROUP BY 1, 2
  ), up AS (
    INSERT INTO call_rollups AS r (org_id, at, calls, answered, evaluated, successful)
    SELECT * FROM delta WHERE calls <> 0 OR answered <> 0 OR evaluated <> 0 OR successful <> 0
    ORDER BY 1, 2
    ON CONFLICT (org_id, at) DO UPDATE SET
      calls = r.calls + excluded.calls,
      answered = r.answered + excluded.answered,
      evaluated = r.evaluated + excluded.evaluated,
      successful = r.successful + excluded.successful
    RETURNING r.*
  )
  SELECT array_agg(ROW(x.*)::call_rollups) INTO zero FROM up x WHERE x.calls = 0;
  IF zero IS NOT NULL THEN
    DELETE FROM call_rollups r USING unnest(zero) z
    WHERE (r.org_id, r.at) = (z.org_id, z.at) AND r.calls = 0;
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION calls_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  news call_outcome[];
BEGIN
  SELECT array_agg(ROW(n.id, n.org_id, coalesce(n.started_at, n.created_at), coalesce(n.duration_seconds, 0) > 0,
                       n.success_evaluation IS NOT NULL, call_successful(n.success_evaluation))::call_outcome)
  INTO news FROM new_rows n;
  IF news IS NOT NULL THEN
    PERFORM call_rollups_apply('{}', news);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The old and new versions of the rows whose time or outcome changed: set differences, not a join (see
-- migration 0009). Updates of other columns (status, transcript, cost, tool calls …) stop here.
CREATE FUNCTION calls_rollup_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  olds call_outcome[];
  news call_outcome[];
BEGIN
  WITH o AS (
    SELECT id, org_id, coalesce(started_at, created_at) AS at, coalesce(duration_seconds, 0) > 0 AS answered,
           success_evaluation IS NOT NULL AS evaluated, coalesce(call_successful(success_evaluation), false) AS successful
    FROM old_rows
  ), n AS (
    SELECT id, org_id, coalesce(started_at, created_at), coalesce(duration_seconds, 0) > 0,
           success_evaluation IS NOT NULL, coalesce(call_successful(success_evaluation), false)
    FROM new_rows
  )
  SELECT (SELECT array_agg(ROW(x.*)::call_outcome) FROM (SELECT * FROM o EXCEPT ALL SELECT * FROM n) x),
         (SELECT array_agg(ROW(x.*)::call_outcome) FROM (SELECT * FROM n EXCEPT ALL SELECT * FROM o) x)
  INTO olds, news;
  IF olds IS NOT NULL OR news IS NOT NULL THEN
    PERFORM call_rollups_apply(coalesce(olds, '{}'), coalesce(news, '{}'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION calls_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  olds call_outcome[];
BEGIN
  SELECT array_agg(ROW(o.id, o.org_id, coalesce(o.started_at, o.created_at), coalesce(o.duration_seconds, 0) > 0,
                       o.success_evaluation IS NOT NULL, call_successful(o.success_evaluation))::call_outcome)
  INTO olds FROM old_rows o;
  IF olds IS NOT NULL THEN
    PERFORM call_rollups_apply(olds, '{}');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION calls_rollup_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE call_rollups;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes the rollup from calls: the backfill below, and the repair if it was ever bypassed (triggers
-- disabled for a bulk load). Writers wait while it runs.
CREATE FUNCTION call_rollups_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE calls IN SHARE MODE;
  TRUNCATE call_rollups;
  INSERT INTO call_rollups (org_id, at, calls, answered, evaluated, successful)
  SELECT org_id, date_bin('15 minutes', coalesce(started_at, created_at), timestamptz '2000-01-01 00:00:00+00'),
         count(*), count(*) FILTER (WHERE coalesce(duration_seconds, 0) > 0),
         count(*) FILTER (WHERE success_evaluation IS NOT NULL),
         count(*) FILTER (WHERE call_successful(success_evaluation))
  FROM calls
  GROUP BY 1, 2;
END
$$;
--> statement-breakpoint
SELECT call_rollups_rebuild();
--> statement-breakpoint
CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER calls_rollup_update AFTER UPDATE ON calls
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_rollup_update();
--> statement-breakpoint
CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_rollup_delete();
--> statement-breakpoint
CREATE TRIGGER calls_rollup_truncate AFTER TRUNCATE ON calls
  FOR EACH STATEMENT EXECUTE FUNCTION calls_rollup_truncate();
