-- Whichever write overflows a GIN pending list merges it (60–100 ms), often a tool call's INSERT while a
-- caller waits: each write pays for its own entries instead (ADR 26). The indexes are not rebuilt.
ALTER INDEX "calls_caller_number_trgm_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "calls_caller_name_trgm_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "calls_summary_trgm_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "calls_transcript_trgm_idx" SET (fastupdate = off);
