import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
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
    /** One row per Vapi call: later events fill it in, a replayed event changes nothing new. */
    async upsert(orgId: string, vapiCallId: string, values: CallValues) {
      return withOrg(db, orgId, async (tx) => {
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
     * (same id) is not added again, so a replayed entry changes nothing.
     */
    async appendToolCalls(orgId: string, batch: { vapiCallId: string; entries: ToolCallEntry[] }[]) {
      if (batch.length === 0) return;
      // One row per call, in a fixed order: concurrent writers lock the same rows in the same order.
      const rows = [...batch]
        .sort((a, b) => (a.vapiCallId < b.vapiCallId ? -1 : a.vapiCallId > b.vapiCallId ? 1 : 0))
        .map(({ vapiCallId, entries }) => ({
          id: callIdFor(vapiCallId),
          orgId,
          vapiCallId,
          toolCalls: entries.filter((e, i) => entries.findIndex((x) => x.id === e.id) === i),
        }));
      const listed = sql`coalesce(${calls}.${sql.identifier('tool_calls')}, '[]'::jsonb)`;
      await withOrg(db, orgId, (tx) =>
        tx
          .insert(calls)
          .values(rows)
          .onConflictDoUpdate({
            target: calls.vapiCallId,
            set: {
              toolCalls: sql`${listed} || coalesce((
                SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(excluded.tool_calls) WITH ORDINALITY AS t(e, n)
                 WHERE NOT ${listed} @> jsonb_build_array(jsonb_build_object('id', e->'id'))), '[]'::jsonb)`,
            },
            where: eq(calls.orgId, orgId),
          }),
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
      return withOrg(db, orgId, async (tx) => {
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
      if (f.q) {
        const like = `%${f.q.replace(/[%_]/g, '\\$&')}%`;
        where.push(
          or(
            ilike(calls.callerNumber, like),
            ilike(calls.callerName, like),
            ilike(calls.summary, like),
            ilike(calls.transcript, like),
          )!,
        );
      }
      if (f.from) where.push(gte(calls.startedAt, f.from));
      if (f.to) where.push(lt(calls.startedAt, f.to));
      if (f.phoneNumberId) where.push(eq(calls.phoneNumberId, f.phoneNumberId));
      if (f.outcome === 'missed')
        where.push(
          sql`${calls.endedReason} IN ('customer-did-not-answer', 'customer-busy', 'silence-timed-out', 'pipeline-error-openai-llm-failed')`,
        );
      if (f.outcome === 'answered') where.push(sql`coalesce(${calls.durationSeconds}, 0) > 0`);
      if (f.outcome === 'booked') where.push(bookedSql);
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .select({ call: summaryColumns, booked: bookedSql })
          .from(calls)
          .where(and(...where))
          .orderBy(desc(calls.startedAt), desc(calls.createdAt))
          .limit(f.limit + 1)
          .offset(f.offset);
        return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
      });
    },
  };
}
