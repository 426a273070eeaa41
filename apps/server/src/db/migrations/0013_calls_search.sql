-- The calls search (calls.repository list()): ILIKE '%term%' over the caller's number and name, the
-- summary and the transcript, served by trigram indexes (migration 0014). PostgreSQL ships pg_trgm in
-- contrib (a trusted extension: the database owner may create it); PGlite loads it in
-- db/pglite-thread.mjs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Under row-level security the planner may not use those indexes: ILIKE is not leakproof, so it has to
-- run after the policy's filter, on each of the org's rows (and the columns' statistics are hidden from
-- the planner too). This function reads as its owner, to whom no policy applies, and returns only calls of
-- the org the transaction is scoped to (app.org_id, what the policies check): rows a request may see.
-- The `newest` most recent of them (all when null), in the calls list's order. EXECUTE plans the query
-- for the pattern at hand, with the statistics: a term most calls hold is read newest first until enough
-- are found, a rare one looked up in the indexes.
CREATE FUNCTION calls_matching(pattern text, newest integer DEFAULT NULL) RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100 AS $$
BEGIN
  IF newest IS NULL THEN
    RETURN QUERY EXECUTE
      'SELECT id FROM calls
       WHERE org_id = current_setting(''app.org_id'', true)
         AND (caller_number ILIKE $1 OR caller_name ILIKE $1 OR summary ILIKE $1 OR transcript ILIKE $1)'
      USING pattern;
  ELSE
    RETURN QUERY EXECUTE
      'SELECT id FROM calls
       WHERE org_id = current_setting(''app.org_id'', true)
         AND (caller_number ILIKE $1 OR caller_name ILIKE $1 OR summary ILIKE $1 OR transcript ILIKE $1)
       ORDER BY started_at DESC, created_at DESC, id DESC
       LIMIT $2'
      USING pattern, newest;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION calls_matching(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION calls_matching(text, integer) TO ava_app;
