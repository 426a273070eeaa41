import {
  and,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  lt,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { appointments, calls, contacts } from '../../db/schema/index.ts';

// Qualified by hand: inside the subquery an unqualified "id" would be the appointment's own id.
const bookedSql = sql<boolean>`EXISTS (SELECT 1 FROM appointments a WHERE a.call_id = "calls"."id" AND a.status = 'booked')`;

export type CallRow = typeof calls.$inferSelect;

/**
 * What a list shows of a call. Lists select only these: the transcript, messages and tool calls can be
 * kilobytes per call, and PostgreSQL builds every row an OFFSET skips, so page 40 would read 1,000 of them.
 */
const summaryColumns = {
  id: calls.id,
  status: calls.status,
  callerNumber: calls.callerNumber,
  callerName: calls.callerName,
  phoneNumberId: calls.phoneNumberId,
  startedAt: calls.startedAt,
  createdAt: calls.createdAt,
  durationSeconds: calls.durationSeconds,
  summary: calls.summary,
  endedReason: calls.endedReason,
  successEvaluation: calls.successEvaluation,
  cost: calls.cost,
};
export type CallSummaryRow = Pick<CallRow, keyof typeof summaryColumns>;
export type ToolCallEntry = { id: string; name: string; arguments: unknown; result: unknown };

/**
 * AVA's id for a Vapi call, derived from Vapi's id: a tool call can link a booking to its call without
 * a database round trip, and the row created later by the call's events gets the same id.
 */
export function callIdFor(vapiCallId: string): string {
  const h = createHash('sha256').update(`vapi-call:${vapiCallId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
export type CallValues = Partial<
  Omit<typeof calls.$inferInsert, 'id' | 'orgId' | 'vapiCallId' | 'createdAt'>
>;
export type CallsRepository = ReturnType<typeof callsRepository>;

/**
 * How many of the most recent calls (of those the other filters keep) a search reads before it asks the
 * trigram indexes: a term in more than ~3% of them fills a first page there, reading a few dozen calls
 * (1–25 ms over 100,000 calls); a rarer one is looked up in the indexes, where its cost follows the calls
 * that hold its trigrams, not the calls of the org. Either way alone fails somewhere: the indexes make a
 * term in a third of the calls cost a second (every one of them read to sort them), reading calls in
 * order makes a term found nowhere read all 100,000 (0.7 s).
 */
const RECENT_CALLS = 1000;

export type CallFilters = {
  q?: string;
  outcome?: 'answered' | 'missed' | 'booked';
  from?: Date;
  to?: Date;
  phoneNumberId?: string;
  limit: number;
  offset: number;
};

export function callsRepository(db: Db) {
  return {
    /**
     * One row per Vapi call: later events fill it in, a replayed event changes nothing new. One
     * statement, in one round trip (withOrgEach): on PGlite the processor holds the one connection
     * incoming webhooks wait for no longer than it must.
     */
    async upsert(orgId: string, vapiCallId: string, values: CallValues) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(calls)
          .values({ id: callIdFor(vapiCallId), orgId, vapiCallId, ...values })
          .onConflictDoUpdate({
            target: calls.vapiCallId,
            set: {
              ...values,
              // Events may be processed out of order: once a call has ended, a late status update cannot reopen it.
              ...(values.status
                ? { status: sql`CASE WHEN ${calls.status} = 'ended' THEN 'ended' ELSE excluded.status END` }
                : {}),
              updatedAt: new Date(),
            },
            where: eq(calls.orgId, orgId),
          })
          .returning();
        return row;
      });
    },

    /**
     * Appends tool calls to their calls' lists, many calls in one statement. A tool call already listed
     * (same id) is not added again, so a replayed entry changes nothing. The rows travel as one JSON
     * parameter, so the statement is a few chunks of text for drizzle to build whatever the batch
     * (its multi-row insert walked every column of the table for every row: 0.2-0.3 ms of CPU per call
     * at one tool call per batch, right after the caller's answer).
     */
    async appendToolCalls(orgId: string, batch: { vapiCallId: string; entries: ToolCallEntry[] }[]) {
      if (batch.length === 0) return;
      // One row per call, in a fixed order: concurrent writers lock the same rows in the same order.
      const rows = [...batch]
        .sort((a, b) => (a.vapiCallId < b.vapiCallId ? -1 : a.vapiCallId > b.vapiCallId ? 1 : 0))
        .map(({ vapiCallId, entries }) => ({
          id: callIdFor(vapiCallId),
          vapi_call_id: vapiCallId,
          tool_calls: entries.filter((e, i) => entries.findIndex((x) => x.id === e.id) === i),
        }));
      await withOrgEach(db, orgId, (tx) =>
        tx.execute(sql`
          INSERT INTO calls (id, org_id, vapi_call_id, tool_calls)
          SELECT r.id, ${orgId}, r.vapi_call_id, r.tool_calls
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, vapi_call_id text, tool_calls jsonb)
          ON CONFLICT (vapi_call_id) DO UPDATE SET
            tool_calls = coalesce(calls.tool_calls, '[]'::jsonb) || coalesce((
              SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(excluded.tool_calls) WITH ORDINALITY AS t(e, n)
               WHERE NOT coalesce(calls.tool_calls, '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('id', e->'id'))),
              '[]'::jsonb),
            updated_at = now()
          WHERE calls.org_id = ${orgId}`),
      );
    },

    async markNotified(orgId: string, id: string) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .update(calls)
          .set({ ownerNotifiedAt: new Date() })
          .where(and(eq(calls.orgId, orgId), eq(calls.id, id), sql`${calls.ownerNotifiedAt} IS NULL`))
          .returning({ id: calls.id });
        return rows.length > 0;
      });
    },

    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(calls)
          .where(and(eq(calls.orgId, orgId), eq(calls.id, id)));
        return row;
      });
    },

    /** A call with its contact and the appointments booked during it. */
    async detail(orgId: string, id: string) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(calls)
          .where(and(eq(calls.orgId, orgId), eq(calls.id, id)));
        if (!row) return undefined;
        const [contact] = row.contactId
          ? await tx
              .select({ id: contacts.id, e164: contacts.e164, name: contacts.name })
              .from(contacts)
              .where(eq(contacts.id, row.contactId))
          : [];
        const booked = await tx
          .select({
            id: appointments.id,
            startsAt: appointments.startsAt,
            endsAt: appointments.endsAt,
            status: appointments.status,
          })
          .from(appointments)
          .where(and(eq(appointments.orgId, orgId), eq(appointments.callId, id)));
        return { call: row, contact: contact ?? null, appointments: booked };
      });
    },

    async list(orgId: string, f: CallFilters) {
      const where: SQL[] = [eq(calls.orgId, orgId)];
      if (f.from) where.push(gte(calls.startedAt, f.from));
      if (f.to) where.push(lt(calls.startedAt, f.to));
      if (f.phoneNumberId) where.push(eq(calls.phoneNumberId, f.phoneNumberId));
      if (f.outcome === 'missed')
        where.push(
          sql`${calls.endedReason} IN ('customer-did-not-answer', 'customer-busy', 'silence-timed-out', 'pipeline-error-openai-llm-failed')`,
        );
      if (f.outcome === 'answered') where.push(sql`coalesce(${calls.durationSeconds}, 0) > 0`);
      if (f.outcome === 'booked') where.push(bookedSql);
      const like = f.q ? `%${f.q.replace(/[%_\\]/g, '\\$&')}%` : undefined;
      const matching = (c: Record<'callerNumber' | 'callerName' | 'summary' | 'transcript', AnyColumn>) =>
        or(
          ilike(c.callerNumber, like!),
          ilike(c.callerName, like!),
          ilike(c.summary, like!),
          ilike(c.transcript, like!),
        )!;

      // Deeper pages need more calls to fill them.
      const recentCalls = Math.max(RECENT_CALLS, 4 * (f.offset + f.limit + 1));

      return withOrg(db, orgId, async (tx) => {
        const page = async (conditions: SQL[], offset = f.offset) => {
          const rows = await tx
            .select({ call: summaryColumns, booked: bookedSql })
            .from(calls)
            .where(and(...conditions))
            .orderBy(desc(calls.startedAt), desc(calls.createdAt), desc(calls.id))
            .limit(f.limit + 1)
            .offset(offset);
          return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
        };
        // Without three letters or digits in a row the term has no trigram the indexes could look up.
        if (!like || !/[\p{L}\p{N}]{3}/u.test(f.q!)) return page(like ? [...where, matching(calls)] : where);

        // The most recent calls first, read in order until the page is full (the LIMIT keeps the planner
        // from sorting them all: under row-level security it cannot tell how many calls a term matches).
        const recent = tx
          .select({
            id: calls.id,
            startedAt: calls.startedAt,
            createdAt: calls.createdAt,
            callerNumber: calls.callerNumber,
            callerName: calls.callerName,
            summary: calls.summary,
            transcript: calls.transcript,
          })
          .from(calls)
          .where(and(...where))
          .orderBy(desc(calls.startedAt), desc(calls.createdAt), desc(calls.id))
          .limit(recentCalls)
          .as('recent');
        const found = await page(
          [
            eq(calls.orgId, orgId),
            inArray(
              calls.id,
              tx
                .select({ id: recent.id })
                .from(recent)
                .where(matching(recent))
                .orderBy(desc(recent.startedAt), desc(recent.createdAt), desc(recent.id))
                .limit(f.limit + 1)
                .offset(f.offset),
            ),
          ],
          0,
        );
        if (found.hasMore) return found;
        const [held] = await tx.select({ n: count() }).from(
          tx
            .select({ id: calls.id })
            .from(calls)
            .where(and(...where))
            .limit(recentCalls)
            .as('held'),
        );
        // Those calls were all there are: nothing further to find.
        if (held!.n < recentCalls) return found;
        // A term rare among the recent calls: through a function reading as the table's owner, where the
        // planner may use the trigram indexes (row-level security keeps ILIKE from them; migration 0013).
        // With no other filter, the page's calls are among the newest that match.
        const newest = where.length === 1 ? f.offset + f.limit + 1 : null;
        return page([
          ...where,
          sql`${calls.id} IN (SELECT id FROM calls_matching(${like}, ${newest}::int) AS id)`,
        ]);
      });
    },
  };
}
