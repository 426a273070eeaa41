import {
  orgParamsSchema,
  smsAnalyticsQuerySchema,
  smsAnalyticsSchema,
  smsCostsQuerySchema,
  smsCostsSchema,
  type SmsAnalyticsPeriod,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SessionResolver } from '../../http/session.ts';
import type { SmsAnalyticsService } from './sms-analytics.service.ts';

const tags = ['analytics'];

/** SMS analytics and cost: read-only, for every member of the org. */
export function smsAnalyticsRoutes(
  app: FastifyInstance,
  service: SmsAnalyticsService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/orgs/:orgId/messaging/analytics',
    {
      schema: {
        tags,
        summary:
          'Texts sent and received, delivery and response rates, first-response times, statuses, busiest hours, per-number usage and insights for 7/30/90/365 days against the previous period',
        params: orgParamsSchema,
        querystring: smsAnalyticsQuerySchema,
        response: { 200: smsAnalyticsSchema },
      },
    },
    async (req) =>
      service.analytics(
        await sessions.requireMember(req, req.params.orgId),
        req.query.days as SmsAnalyticsPeriod,
      ),
  );
  r.get(
    '/api/v1/orgs/:orgId/messaging/costs',
    {
      schema: {
        tags,
        summary:
          "Cost per month and per number: SMS (Twilio's prices, estimated from the price table until reported), number rental, receptionist calls and Twilio voice",
        params: orgParamsSchema,
        querystring: smsCostsQuerySchema,
        response: { 200: smsCostsSchema },
      },
    },
    async (req) => service.costs(await sessions.requireMember(req, req.params.orgId), req.query.months),
  );
}
