import { z } from 'zod';

// ---- SMS analytics (PRODUCT §7): one period against the previous one of the same length ---------

export const smsAnalyticsPeriods = [7, 30, 90, 365] as const;
export type SmsAnalyticsPeriod = (typeof smsAnalyticsPeriods)[number];

export const smsAnalyticsQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => (smsAnalyticsPeriods as readonly number[]).includes(d), { message: 'validation.invalid' })
    .default(30),
});

const count = z.object({ value: z.number(), previous: z.number() });
const ratio = z.object({ value: z.number().nullable(), previous: z.number().nullable() });

/**
 * Insights are facts the web app words in the user's language; `params` are the numbers a sentence
 * needs (rates 0..1, durations in seconds, hours 0-23 and weekdays 0-6 with Sunday = 0, in the org's
 * time zone).
 */
export const smsInsightKeys = [
  'deliveryDropped',
  'deliveryImproved',
  'busiestHour',
  'slowResponses',
  'fastResponses',
  'unanswered',
  'optOutsRose',
  'volumeUp',
  'volumeDown',
  'topNumber',
  'aiReplies',
] as const;
export type SmsInsightKey = (typeof smsInsightKeys)[number];

export const smsInsightSchema = z.object({
  key: z.enum(smsInsightKeys),
  tone: z.enum(['good', 'bad', 'neutral']),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type SmsInsight = z.infer<typeof smsInsightSchema>;

export const smsAnalyticsSchema = z.object({
  days: z.number(),
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  /** outbound messages handed to Twilio (not pending, scheduled or canceled) */
  sent: count,
  received: count,
  /** outbound texts written by the AI auto-replies */
  aiReplies: count,
  segments: count,
  /** delivered / (delivered + undelivered + failed); null without any final outcome */
  deliveryRate: ratio,
  /** share of the waits (see firstResponse) started in the period that got an answer before it ended */
  responseRate: ratio,
  /** seconds from an inbound text that starts a wait to the next outbound text to that contact */
  firstResponse: z.object({
    average: ratio,
    median: ratio,
    /** waits that got an answer in the period */
    answered: z.number(),
  }),
  optOuts: count,
  /** outbound messages of the period per status */
  statuses: z.array(z.object({ status: z.string(), count: z.number() })),
  /** the current period by local hour 0-23 and weekday 0-6 (Sunday = 0) */
  hours: z.array(z.object({ hour: z.number(), sent: z.number(), received: z.number() })),
  weekdays: z.array(z.object({ weekday: z.number(), sent: z.number(), received: z.number() })),
  /** every local day of the period, zero-filled */
  perDay: z.array(z.object({ date: z.string(), sent: z.number(), received: z.number() })),
  numbers: z.array(
    z.object({
      /** null: messages not tied to a number of the org (e.g. a number since released) */
      id: z.string().nullable(),
      e164: z.string().nullable(),
      label: z.string().nullable(),
      sent: z.number(),
      received: z.number(),
      segments: z.number(),
      /** USD: Twilio's price where reported, else segments × the price table */
      cost: z.number(),
      estimatedCost: z.number(),
    }),
  ),
  insights: z.array(smsInsightSchema),
});
export type SmsAnalytics = z.infer<typeof smsAnalyticsSchema>;

// ---- cost per month and per number -------------------------------------------------------------

export const smsCostsQuerySchema = z.object({
  months: z.coerce
    .number()
    .int()
    .min(1, { message: 'validation.invalid' })
    .max(24, { message: 'validation.invalid' })
    .default(12),
});

const costParts = {
  /** SMS in USD: Twilio's reported prices plus estimates for messages without one yet */
  sms: z.number(),
  /** the part of `sms` estimated from the price table */
  smsEstimated: z.number(),
  segments: z.number(),
  /** monthly rental of the numbers, for each month they were owned */
  rental: z.number(),
  /** the receptionist's calls as Vapi reports them */
  calls: z.number(),
  /** Twilio's voice charges from the synced call log */
  voice: z.number(),
  total: z.number(),
};

export const smsCostsSchema = z.object({
  currency: z.literal('USD'),
  timezone: z.string(),
  /** the price table estimates come from, so the UI can say how current it is */
  priceTable: z.object({ asOf: z.string(), currency: z.string() }),
  /** oldest first, `YYYY-MM` in the org's time zone */
  months: z.array(z.object({ month: z.string(), ...costParts })),
  numbers: z.array(
    z.object({
      id: z.string().nullable(),
      e164: z.string().nullable(),
      label: z.string().nullable(),
      ...costParts,
    }),
  ),
  totals: z.object(costParts),
  /** share of the SMS cost that is estimated (0..1); null without SMS cost */
  estimatedShare: z.number().nullable(),
});
export type SmsCosts = z.infer<typeof smsCostsSchema>;
