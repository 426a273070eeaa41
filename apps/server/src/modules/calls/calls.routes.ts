import {
  callDetailSchema,
  callsPageSchema,
  callsQuerySchema,
  type CallDetail,
  type CallSummary,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { CallsRepository, CallSummaryRow } from './calls.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toCallSummary = (c: CallSummaryRow, booked: boolean): CallSummary => ({
  id: c.id,
  status: c.status,
  callerNumber: c.callerNumber,
  callerName: c.callerName,
  phoneNumberId: c.phoneNumberId,
  startedAt: iso(c.startedAt ?? c.createdAt),
  durationSeconds: c.durationSeconds,
  summary: c.summary,
  endedReason: c.endedReason,
  successEvaluation: c.successEvaluation,
  cost: c.cost,
  booked,
});

/** Reading calls has no rules beyond membership, so the routes read the repository directly. */
export function callsRoutes(app: FastifyInstance, repo: CallsRepository, sessions: SessionResolver) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ orgId: z.string().min(1).max(64) });
  r.get(
    '/api/v1/orgs/:orgId/calls',
    {
      schema: {
        tags: ['calls'],
        summary: 'Calls, newest first: search by number, name or text; filter by outcome, dates, number',
        params,
        querystring: callsQuerySchema,
        response: { 200: callsPageSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const q = req.query;
      const page = await repo.list(ctx.orgId, {
        ...(q.q ? { q: q.q } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.numberId ? { phoneNumberId: q.numberId } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return { calls: page.rows.map((r) => toCallSummary(r.call, r.booked)), hasMore: page.hasMore };
    },
  );
  r.get(
    '/api/v1/orgs/:orgId/calls/:callId',
    {
      schema: {
        tags: ['calls'],
        summary: 'One call: transcript, recording, summary, cost, tool calls, contact and appointment',
        params: params.extend({ callId: z.string().min(1).max(64) }),
        response: { 200: callDetailSchema },
      },
    },
    async (req): Promise<CallDetail> => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const found = await repo.detail(ctx.orgId, req.params.callId);
      if (!found) throw new AppError('NOT_FOUND');
      const { call, contact, appointments } = found;
      return {
        ...toCallSummary(
          call,
          appointments.some((a) => a.status === 'booked'),
        ),
        transcript: call.transcript,
        messages: call.messages ?? [],
        recordingUrl: call.recordingUrl,
        costBreakdown: call.costBreakdown ?? null,
        toolCalls: call.toolCalls ?? [],
        contact,
        appointments: appointments.map((a) => ({
          id: a.id,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          status: a.status,
        })),
        endedAt: iso(call.endedAt),
      };
    },
  );
}
