import { dashboardQuerySchema, dashboardSchema, type Dashboard } from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { CallsRepository } from '../calls/calls.repository.ts';
import { toCallSummary } from '../calls/calls.routes.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import type { AnalyticsRepository } from './analytics.repository.ts';

const DAY = 86_400_000;
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The home dashboard: this period against the previous one of the same length. */
export function analyticsRoutes(
  app: FastifyInstance,
  deps: {
    repo: AnalyticsRepository;
    calls: CallsRepository;
    orgs: OrgsRepository;
    sessions: SessionResolver;
  },
) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs/:orgId/dashboard',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Calls, appointments booked, answer rate and satisfaction for 7/30/90/365 days, with the previous period, calls per day and recent calls',
        params: z.object({ orgId: z.string().min(1).max(64) }),
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (req): Promise<Dashboard> => {
      const ctx = await deps.sessions.requireMember(req, req.params.orgId);
      const days = req.query.days;
      const now = new Date();
      const current = { from: new Date(now.getTime() - days * DAY), to: now };
      const previous = { from: new Date(now.getTime() - 2 * days * DAY), to: current.from };
      const tz = (await deps.orgs.getOrg(ctx.orgId))?.timezone ?? 'UTC';
      const [a, b, perDay, recent] = await Promise.all([
        deps.repo.callStats(ctx.orgId, current),
        deps.repo.callStats(ctx.orgId, previous),
        deps.repo.callsPerDay(ctx.orgId, days, tz),
        deps.calls.list(ctx.orgId, { limit: 5, offset: 0 }),
      ]);
      const cur = a as {
        calls: number;
        answered: number;
        evaluated: number;
        successful: number;
        appointments: number;
      };
      const prev = b as typeof cur;
      return {
        days,
        calls: { value: cur.calls, previous: prev.calls },
        appointments: { value: cur.appointments, previous: prev.appointments },
        answerRate: { value: rate(cur.answered, cur.calls), previous: rate(prev.answered, prev.calls) },
        satisfaction: {
          value: rate(cur.successful, cur.evaluated),
          previous: rate(prev.successful, prev.evaluated),
        },
        perDay,
        recentCalls: recent.rows.map((r) => toCallSummary(r.call, r.booked)),
      };
    },
  );
}
