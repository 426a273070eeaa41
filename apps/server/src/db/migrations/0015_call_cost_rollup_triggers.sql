-- Vapi call costs per UTC day and number (ADR 0026): statement-level triggers on calls keep
-- call_cost_rollups exact in the writer's transaction, as migration 0009 does for the message rollups.
-- The functions run with the writer's rights: a request writes as ava_app under row-level security, and
-- every row it derives belongs to the org it is allowed to write (grantAppRole grants the table).

-- What the costs page counts of a call's cost (text, as Vapi reports it): a decimal number, unsigned;
-- anything else counts 0. The one definition the triggers and the costs query share.
CREATE FUNCTION call_cost_amount(cost text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN trim(cost) ~ '^-?[0-9]+(\.[0-9]+)?$' THEN abs(trim(cost)::numeric) ELSE 0 END
$$;
--> statement-breakpoint
-- The columns the rollup depends on, as the triggers hand them to the shared function.
CREATE TYPE call_cost_change AS (
  id text,
  org_id text,
  at timestamptz,
  phone_number_id text,
  cost text
);
--> statement-breakpoint
-- An old version of a costed call counts -1, a new one +1, netted per key in one upsert; keys go in a
-- fixed order so that concurrent writers lock rollup rows in the same order. Rows back at zero calls go
-- (their cost is then exactly zero too), while the writer still holds their locks.
CREATE FUNCTION call_cost_rollups_apply(olds call_cost_change[], news call_cost_change[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  zero call_cost_rollups[];
BEGIN
  WITH d AS (
    SELECT -1 AS sign, o.* FROM unnest(olds) o
    UNION ALL
    SELECT 1, n.* FROM unnest(news) n
  ), delta AS (
    SELECT org_id, date_bin('1 day', at, timestamptz '2000-01-01 00:00:00+00') AS day,
           coalesce(phone_number_id, '') AS num,
           sum(sign)::int AS calls, sum(sign * call_cost_amount(cost)) AS cost
    FROM d WHERE cost IS NOT NULL
    GROUP BY 1, 2, 3
  ), up AS (
    INSERT INTO call_cost_rollups AS r (org_id, day, phone_number_id, calls, cost)
    SELECT * FROM delta WHERE calls <> 0 OR cost <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (org_id, day, phone_number_id) DO UPDATE SET
      calls = r.calls + excluded.calls,
      cost = r.cost + excluded.cost
    RETURNING r.*
  )
  SELECT array_agg(ROW(x.*)::call_cost_rollups) INTO zero FROM up x WHERE x.calls = 0;
  IF zero IS NOT NULL THEN
    DELETE FROM call_cost_rollups r USING unnest(zero) z
    WHERE (r.org_id, r.day, r.phone_number_id) = (z.org_id, z.day, z.phone_number_id) AND r.calls = 0;
  END IF;
END
$$;
--> statement-breakpoint
-- Most calls are created without a cost (a status update, a tool call): those stop at the filter.
CREATE FUNCTION calls_cost_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  news call_cost_change[];
BEGIN
  SELECT array_agg(ROW(n.id, n.org_id, coalesce(n.started_at, n.created_at), n.phone_number_id, n.cost)::call_cost_change)
  INTO news FROM new_rows n WHERE n.cost IS NOT NULL;
  IF news IS NOT NULL THEN
    PERFORM call_cost_rollups_apply('{}', news);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The old and new versions of the costed rows whose time, number or cost changed: set differences, not a
-- join (see migration 0009). Updates of other columns (status, transcript, tool calls …) stop here.
CREATE FUNCTION calls_cost_rollup_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  olds call_cost_change[];
  news call_cost_change[];
BEGIN
  SELECT array_agg(ROW(x.*)::call_cost_change) INTO olds FROM (
    SELECT id, org_id, coalesce(started_at, created_at), phone_number_id, cost FROM old_rows WHERE cost IS NOT NULL
    EXCEPT ALL
    SELECT id, org_id, coalesce(started_at, created_at), phone_number_id, cost FROM new_rows WHERE cost IS NOT NULL) x;
  SELECT array_agg(ROW(x.*)::call_cost_change) INTO news FROM (
    SELECT id, org_id, coalesce(started_at, created_at), phone_number_id, cost FROM new_rows WHERE cost IS NOT NULL
    EXCEPT ALL
    SELECT id, org_id, coalesce(started_at, created_at), phone_number_id, cost FROM old_rows WHERE cost IS NOT NULL) x;
  IF olds IS NOT NULL OR news IS NOT NULL THEN
    PERFORM call_cost_rollups_apply(coalesce(olds, '{}'), coalesce(news, '{}'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION calls_cost_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  olds call_cost_change[];
BEGIN
  SELECT array_agg(ROW(o.id, o.org_id, coalesce(o.started_at, o.created_at), o.phone_number_id, o.cost)::call_cost_change)
  INTO olds FROM old_rows o WHERE o.cost IS NOT NULL;
  IF olds IS NOT NULL THEN
    PERFORM call_cost_rollups_apply(olds, '{}');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION calls_cost_rollup_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE call_cost_rollups;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes the rollup from calls: the backfill below, and the repair if it was ever bypassed (triggers
-- disabled for a bulk load). Writers wait while it runs.
CREATE FUNCTION call_cost_rollups_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE calls IN SHARE MODE;
  TRUNCATE call_cost_rollups;
  INSERT INTO call_cost_rollups (org_id, day, phone_number_id, calls, cost)
  SELECT org_id, date_bin('1 day', coalesce(started_at, created_at), timestamptz '2000-01-01 00:00:00+00'),
         coalesce(phone_number_id, ''), count(*), sum(call_cost_amount(cost))
  FROM calls WHERE cost IS NOT NULL
  GROUP BY 1, 2, 3;
END
$$;
--> statement-breakpoint
SELECT call_cost_rollups_rebuild();
--> statement-breakpoint
CREATE TRIGGER calls_cost_rollup_insert AFTER INSERT ON calls
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_cost_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER calls_cost_rollup_update AFTER UPDATE ON calls
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_cost_rollup_update();
--> statement-breakpoint
CREATE TRIGGER calls_cost_rollup_delete AFTER DELETE ON calls
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_cost_rollup_delete();
--> statement-breakpoint
CREATE TRIGGER calls_cost_rollup_truncate AFTER TRUNCATE ON calls
  FOR EACH STATEMENT EXECUTE FUNCTION calls_cost_rollup_truncate();
