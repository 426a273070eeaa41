import { z } from 'zod';

export const callOutcomes = ['answered', 'missed', 'booked'] as const;

export const callsQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  outcome: z.enum(callOutcomes).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  numberId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CallsQuery = z.input<typeof callsQuerySchema>;

export const callSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  callerNumber: z.string().nullable(),
  callerName: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  startedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  summary: z.string().nullable(),
  endedReason: z.string().nullable(),
  successEvaluation: z.string().nullable(),
  cost: z.string().nullable(),
  booked: z.boolean(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

export const callsPageSchema = z.object({ calls: z.array(callSummarySchema), hasMore: z.boolean() });

export const callDetailSchema = callSummarySchema.extend({
  transcript: z.string().nullable(),
  messages: z.array(z.object({ role: z.string(), message: z.string(), time: z.number().optional() })),
  recordingUrl: z.string().nullable(),
  costBreakdown: z.unknown().nullable(),
  toolCalls: z.array(
    z.object({ id: z.string(), name: z.string(), arguments: z.unknown(), result: z.unknown() }),
  ),
  contact: z.object({ id: z.string(), e164: z.string(), name: z.string().nullable() }).nullable(),
  appointments: z.array(
    z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), status: z.string() }),
  ),
  endedAt: z.string().nullable(),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

export const dashboardQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => [7, 30, 90, 365].includes(d), { message: 'validation.period' })
    .default(7),
});

const metric = z.object({ value: z.number(), previous: z.number() });
export const dashboardSchema = z.object({
  days: z.number(),
  calls: metric,
  appointments: metric,
  /** share of calls that were answered (0..1); null without calls */
  answerRate: z.object({ value: z.number().nullable(), previous: z.number().nullable() }),
  /** share of ended calls the success evaluation marked successful (0..1) */
  satisfaction: z.object({ value: z.number().nullable(), previous: z.number().nullable() }),
  perDay: z.array(z.object({ date: z.string(), calls: z.number() })),
  recentCalls: z.array(callSummarySchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const onboardingSchema = z.object({
  step: z.number().int().min(1).max(5),
  completed: z.boolean(),
  skipped: z.array(z.number().int().min(1).max(5)),
});
export type Onboarding = z.infer<typeof onboardingSchema>;
export const updateOnboardingBodySchema = onboardingSchema.partial();
