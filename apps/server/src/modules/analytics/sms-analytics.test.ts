import { smsSegmentPrice, type SmsAnalytics, type SmsCosts } from '@ava/contracts';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  contacts,
  messages,
  organizations,
  phoneNumbers,
  twilioCalls,
} from '../../db/schema/index.ts';
import { withOrg } from '../../db/tenant.ts';
import { createTestApp, driverName, signUp, type SignedUp, type TestApp } from '../../../test/helpers.ts';
import { insightsFor, type Analysis } from './sms-analytics.service.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Kolkata is UTC+05:30: an hour of the day there is not an hour in UTC, which is what the busiest-hour
// test needs to tell a right answer from a naive one.
const TZ = 'Asia/Kolkata';

/** 14:15 in Kolkata, two local days ago (08:45 UTC). */
function t0(): number {
  const local = new Date(Date.now() + 330 * MIN);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 2, 8, 45);
}

type Msg = Partial<typeof messages.$inferInsert> & {
  contactId: string;
  direction: 'inbound' | 'outbound';
  status: string;
  at: number;
};

describe(`SMS analytics and cost on ${driverName}`, () => {
  let t: TestApp;
  let a: SignedUp;
  let b: SignedUp;
  const T0 = t0();
  const now = Date.now();
  const ids: Record<string, string> = {};
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const analytics = async (who: SignedUp, days = 7) => {
    const res = await as(who, {
      method: 'GET',
      url: `/api/v1/orgs/${who.orgId}/messaging/analytics?days=${days}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SmsAnalytics;
  };

  /** Numbers, contacts, texts and calls of one org, written as the app would, inside its tenant scope. */
  async function seed(orgId: string, prefix: string) {
    const db = t.database.db;
    const tag = randomBytes(3).toString('hex');
    await withOrg(db, orgId, async (tx) => {
      await tx.update(organizations).set({ timezone: TZ }).where(eq(organizations.id, orgId));
      const [n1, n2] = await tx
        .insert(phoneNumbers)
        .values([
          {
            orgId,
            e164: `+1415${randomInt(1_000_000, 9_999_999)}`,
            source: 'twilio' as const,
            label: `${prefix} main`,
            country: 'US',
            capabilities: { voice: true, sms: true, mms: false },
            monthlyPrice: '1.15',
            createdAt: new Date(now - 400 * DAY),
          },
          {
            orgId,
            e164: `+3361${randomInt(1_000_000, 9_999_999)}`,
            source: 'twilio' as const,
            label: `${prefix} Paris`,
            country: 'FR',
            capabilities: { voice: true, sms: true, mms: false },
            monthlyPrice: '2.00',
          },
        ])
        .returning();
      ids[`${prefix}n1`] = n1!.id;
      ids[`${prefix}n2`] = n2!.id;
      const people = await tx
        .insert(contacts)
        .values(
          [1, 2, 3, 4, 5].map((i) => ({
            orgId,
            e164: `+1212555${prefix === 'a' ? 1 : 2}${String(i).padStart(3, '0')}`,
            name: `Contact ${i}`,
            // c3 opted out yesterday (this period), c4 nine days ago (the previous one)
            optedOutAt: i === 3 ? new Date(now - DAY) : i === 4 ? new Date(now - 9 * DAY) : null,
          })),
        )
        .returning();
      people.forEach((p, i) => (ids[`${prefix}c${i + 1}`] = p.id));
      const c = (i: number) => ids[`${prefix}c${i}`]!;
      const rows: Msg[] = [
        // ---- this period: two local days ago, from 14:15 in Kolkata
        { contactId: c(1), direction: 'inbound', status: 'received', at: T0, segments: 1, price: '0.0079' },
        {
          contactId: c(1),
          direction: 'outbound',
          status: 'delivered',
          at: T0 + MIN,
          segments: 1,
          price: '0.0079',
          country: 'US',
        },
        { contactId: c(1), direction: 'inbound', status: 'received', at: T0 + HOUR, segments: 1 },
        // the contact writes again while waiting: still the same wait
        { contactId: c(1), direction: 'inbound', status: 'received', at: T0 + HOUR + 30_000, segments: 1 },
        {
          contactId: c(1),
          direction: 'outbound',
          status: 'delivered',
          at: T0 + HOUR + 5 * MIN,
          segments: 1,
          country: 'US',
          ai: true,
        },
        {
          contactId: c(2),
          direction: 'inbound',
          status: 'received',
          at: T0 + 10 * MIN,
          segments: 1,
          phoneNumberId: n2!.id,
        },
        {
          contactId: c(2),
          direction: 'outbound',
          status: 'undelivered',
          at: T0 + 20 * MIN,
          segments: 2,
          country: 'FR',
          phoneNumberId: n2!.id,
        },
        // never answered
        { contactId: c(3), direction: 'inbound', status: 'received', at: T0 + 20 * MIN, segments: 1 },
        {
          contactId: c(4),
          direction: 'outbound',
          status: 'delivered',
          at: T0 + 5 * MIN,
          segments: 1,
          price: '0.0079',
          country: 'US',
          source: 'bulk',
        },
        {
          contactId: c(4),
          direction: 'outbound',
          status: 'failed',
          at: T0 + 6 * MIN,
          segments: 1,
          country: 'US',
        },
        {
          contactId: c(4),
          direction: 'outbound',
          status: 'pending',
          at: T0 + 7 * MIN,
          segments: 1,
          country: 'US',
        },
        {
          contactId: c(5),
          direction: 'outbound',
          status: 'delivered',
          at: T0 + 2 * HOUR,
          segments: 1,
          price: '0.0079',
          country: 'US',
        },
        // ---- the previous period (eight days ago)
        {
          contactId: c(1),
          direction: 'inbound',
          status: 'received',
          at: now - 8 * DAY,
          segments: 1,
          price: '0.0079',
        },
        {
          contactId: c(1),
          direction: 'outbound',
          status: 'delivered',
          at: now - 8 * DAY + 2 * MIN,
          segments: 1,
          price: '0.0079',
          country: 'US',
        },
        // answered only in this period (the c5 reply above): unanswered for the previous one
        {
          contactId: c(5),
          direction: 'inbound',
          status: 'received',
          at: now - 8 * DAY + 5 * MIN,
          segments: 1,
        },
        // ---- thirty days ago: in neither period, in the costs
        {
          contactId: c(2),
          direction: 'outbound',
          status: 'delivered',
          at: now - 30 * DAY,
          segments: 3,
          price: '0.2574',
          country: 'FR',
          phoneNumberId: n2!.id,
        },
      ];
      await tx.insert(messages).values(
        rows.map(({ at, ...m }) => ({
          orgId,
          phoneNumberId: n1!.id,
          from: m.direction === 'inbound' ? '+12125550000' : n1!.e164,
          to: m.direction === 'inbound' ? n1!.e164 : '+12125550000',
          body: 'Hello',
          ...m,
          createdAt: new Date(at),
          sentAt: m.direction === 'outbound' ? new Date(at) : null,
        })),
      );
      await tx.insert(calls).values([
        {
          orgId,
          vapiCallId: `${prefix}-${tag}-1`,
          phoneNumberId: n1!.id,
          cost: '0.25',
          startedAt: new Date(now - DAY),
        },
        {
          orgId,
          vapiCallId: `${prefix}-${tag}-2`,
          phoneNumberId: n2!.id,
          cost: '0.1',
          startedAt: new Date(now - 2 * DAY),
        },
        {
          orgId,
          vapiCallId: `${prefix}-${tag}-3`,
          phoneNumberId: n1!.id,
          cost: null,
          startedAt: new Date(now - DAY),
        },
      ]);
      await tx.insert(twilioCalls).values({
        orgId,
        twilioSid: `CA${tag}${prefix}`,
        from: '+12125550000',
        to: n1!.e164,
        direction: 'inbound',
        status: 'completed',
        price: '-0.01400',
        startedAt: new Date(now - DAY),
      });
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    a = await signUp(t.app);
    b = await signUp(t.app);
    await seed(a.orgId, 'a');
    // Org B has the same traffic at the same times: none of it may show up in A's figures.
    await seed(b.orgId, 'b');
    await withOrg(t.database.db, b.orgId, (tx) =>
      tx.insert(messages).values(
        Array.from({ length: 20 }, () => ({
          orgId: b.orgId,
          contactId: ids.bc1,
          phoneNumberId: ids.bn1,
          direction: 'outbound' as const,
          from: '+1',
          to: '+2',
          body: 'B only',
          status: 'failed',
          createdAt: new Date(T0),
        })),
      ),
    );
  });
  afterAll(async () => t?.close());

  it('counts sent and received, delivery and statuses for the period and the previous one', async () => {
    const r = await analytics(a);
    expect(r.timezone).toBe(TZ);
    expect(r.sent).toEqual({ value: 6, previous: 1 }); // the pending one has not been sent
    expect(r.aiReplies).toEqual({ value: 1, previous: 0 });
    expect(r.received).toEqual({ value: 5, previous: 2 });
    expect(r.deliveryRate.value).toBeCloseTo(4 / 6, 6); // 4 delivered, 1 undelivered, 1 failed
    expect(r.deliveryRate.previous).toBe(1);
    expect(r.statuses).toEqual([
      { status: 'delivered', count: 4 },
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
    ]);
    expect(r.statuses.map((s) => s.status).sort()).toEqual(['delivered', 'failed', 'pending', 'undelivered']);
    expect(r.optOuts).toEqual({ value: 1, previous: 1 });
    expect(r.perDay).toHaveLength(7);
    const day = new Date(T0 + 330 * MIN).toISOString().slice(0, 10);
    expect(r.perDay.find((d) => d.date === day)).toEqual({ date: day, sent: 6, received: 5 });
    expect(r.perDay.reduce((s, d) => s + d.sent + d.received, 0)).toBe(11);
  });

  it('response rate per wait and first-response times: a wait starts at the first unanswered text', async () => {
    const r = await analytics(a);
    // four waits: c1's two and c2's answered, c3's not (c4 only got a bulk send, c5 only wrote in the
    // previous period). Per wait, not per contact, since ADR 0018: waits add up across days, contacts do not.
    expect(r.responseRate.value).toBeCloseTo(3 / 4, 6);
    // waits of 60 s, 300 s (from the first of two texts) and 600 s
    expect(r.firstResponse.answered).toBe(3);
    expect(r.firstResponse.average.value).toBeCloseTo(320, 3);
    expect(r.firstResponse.median.value).toBeCloseTo(300, 3);
    // previous period: c1 answered in 120 s; c5's answer came only in this period
    expect(r.responseRate.previous).toBe(0.5);
    expect(r.firstResponse.median.previous).toBeCloseTo(120, 3);
  });

  it("finds the busiest hour and weekday in the org's time zone, and usage and cost per number", async () => {
    const r = await analytics(a);
    // received at 14:15, 14:25, 14:35 in Kolkata (08:45-09:05 UTC) against two at 15:15
    expect(r.hours).toHaveLength(24);
    expect(r.hours[14]).toEqual({ hour: 14, sent: 4, received: 3 });
    expect(r.hours[15]).toEqual({ hour: 15, sent: 1, received: 2 });
    expect(r.hours[8]).toEqual({ hour: 8, sent: 0, received: 0 });
    const weekday = new Date(T0 + 330 * MIN).getUTCDay();
    expect(r.weekdays[weekday]).toEqual({ weekday, sent: 6, received: 5 });
    expect(r.insights).toContainEqual({
      key: 'busiestHour',
      tone: 'neutral',
      params: { hour: 14, weekday, inbound: 0 },
    });
    const [n1, n2] = [r.numbers.find((n) => n.id === ids.an1)!, r.numbers.find((n) => n.id === ids.an2)!];
    expect(n1).toMatchObject({ label: 'a main', sent: 5, received: 4, segments: 8 });
    // Twilio's price on four texts; three inbound and one outbound priced from the table (US)
    expect(n1.estimatedCost).toBeCloseTo(4 * smsSegmentPrice('US'), 5);
    expect(n1.cost).toBeCloseTo(4 * 0.0079 + 4 * smsSegmentPrice('US'), 5);
    expect(n2).toMatchObject({ sent: 1, received: 1, segments: 3 });
    expect(n2.cost).toBeCloseTo(3 * smsSegmentPrice('FR'), 5);
    expect(r.numbers.every((n) => n.id !== null)).toBe(true);
  });

  it('costs per month and per number: reported prices, estimates, rental, calls and voice', async () => {
    const res = await as(a, { method: 'GET', url: `/api/v1/orgs/${a.orgId}/messaging/costs?months=12` });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as SmsCosts;
    expect(c.priceTable).toEqual({ asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), currency: 'USD' });
    expect(c.months).toHaveLength(12);
    expect(c.months.map((m) => m.month)).toEqual([...c.months.map((m) => m.month)].sort());
    const reported = 6 * 0.0079 + 0.2574;
    const estimated = 5 * smsSegmentPrice('US') + 3 * smsSegmentPrice('FR');
    expect(c.totals.sms).toBeCloseTo(reported + estimated, 4);
    expect(c.totals.smsEstimated).toBeCloseTo(estimated, 4);
    expect(c.estimatedShare).toBeCloseTo(estimated / (reported + estimated), 4);
    // the US number all twelve months, the Paris one since this month
    expect(c.totals.rental).toBeCloseTo(12 * 1.15 + 2, 4);
    expect(c.months.at(-1)!.rental).toBeCloseTo(3.15, 4);
    expect(c.months[0]!.rental).toBeCloseTo(1.15, 4);
    expect(c.totals.calls).toBeCloseTo(0.35, 4);
    expect(c.totals.voice).toBeCloseTo(0.014, 4);
    expect(c.totals.total).toBeCloseTo(c.totals.sms + c.totals.rental + c.totals.calls + c.totals.voice, 4);
    expect(c.months.reduce((s, m) => s + m.total, 0)).toBeCloseTo(c.totals.total, 4);
    const n1 = c.numbers.find((n) => n.id === ids.an1)!;
    expect(n1.sms).toBeCloseTo(6 * 0.0079 + 5 * smsSegmentPrice('US'), 4);
    expect(n1).toMatchObject({ e164: expect.any(String), label: 'a main' });
    expect(n1.calls).toBeCloseTo(0.25, 4);
    expect(n1.voice).toBeCloseTo(0.014, 4);
    expect(c.numbers.find((n) => n.id === ids.an2)!.sms).toBeCloseTo(0.2574 + 3 * smsSegmentPrice('FR'), 4);
    expect(c.numbers.reduce((s, n) => s + n.total, 0)).toBeCloseTo(c.totals.total, 4);
  });

  it("never counts another org's messages: B sees its own traffic, with its 20 extra failures", async () => {
    const rb = await analytics(b);
    expect(rb.sent.value).toBe(26);
    expect(rb.received.value).toBe(5);
    expect(rb.deliveryRate.value).toBeCloseTo(4 / 26, 6);
    expect(rb.numbers.map((n) => n.id).sort()).toEqual([ids.bn1, ids.bn2].sort());
    const ra = await analytics(a);
    expect(ra.sent.value).toBe(6);
  });

  it('longer periods include older texts; a bad period or month count is a 400', async () => {
    const r30 = await analytics(a, 30);
    expect(r30.perDay).toHaveLength(30);
    expect(r30.sent.value).toBe(7); // the thirty-days-ago text is the first day's
    expect((await analytics(a, 365)).perDay).toHaveLength(365);
    for (const q of ['days=5', 'days=abc', 'days=-7']) {
      const res = await as(a, { method: 'GET', url: `/api/v1/orgs/${a.orgId}/messaging/analytics?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    for (const q of ['months=0', 'months=25', 'months=x']) {
      const res = await as(a, { method: 'GET', url: `/api/v1/orgs/${a.orgId}/messaging/costs?${q}` });
      expect(res.statusCode, q).toBe(400);
    }
  });

  it('tenant floor: another org’s member gets 404, no session gets 401', async () => {
    for (const path of ['/messaging/analytics?days=7', '/messaging/costs?months=12']) {
      const url = `/api/v1/orgs/${a.orgId}${path}`;
      expect((await as(b, { method: 'GET', url })).statusCode, url).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('documents both routes in the OpenAPI', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.paths['/api/v1/orgs/{orgId}/messaging/analytics'].get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'days', in: 'query' })]),
    );
    expect(spec.paths['/api/v1/orgs/{orgId}/messaging/costs'].get.tags).toEqual(['analytics']);
  });

  it('an org without texts gets zeros and empty series, not errors', async () => {
    const c = await signUp(t.app);
    const r = await analytics(c, 30);
    expect(r).toMatchObject({
      sent: { value: 0, previous: 0 },
      deliveryRate: { value: null, previous: null },
      responseRate: { value: null, previous: null },
      numbers: [],
      statuses: [],
      insights: [],
    });
    expect(r.perDay).toHaveLength(30);
    const costs = (
      await as(c, { method: 'GET', url: `/api/v1/orgs/${c.orgId}/messaging/costs` })
    ).json() as SmsCosts;
    expect(costs).toMatchObject({ estimatedShare: null, numbers: [], totals: { total: 0 } });
  });
});

describe('SMS insights and time buckets', () => {
  const base: Analysis = {
    days: 30,
    timezone: 'UTC',
    from: '',
    to: '',
    sent: { value: 100, previous: 100 },
    received: { value: 50, previous: 50 },
    aiReplies: { value: 0, previous: 0 },
    segments: { value: 150, previous: 150 },
    deliveryRate: { value: 0.95, previous: 0.95 },
    responseRate: { value: 0.9, previous: 0.9 },
    firstResponse: {
      average: { value: 600, previous: 600 },
      median: { value: 600, previous: 600 },
      answered: 40,
    },
    optOuts: { value: 0, previous: 0 },
    statuses: [],
    hours: Array.from({ length: 24 }, (_, hour) => ({ hour, sent: 0, received: hour === 10 ? 30 : 1 })),
    weekdays: Array.from({ length: 7 }, (_, weekday) => ({
      weekday,
      sent: 0,
      received: weekday === 2 ? 30 : 3,
    })),
    perDay: [],
    numbers: [],
  };
  const keys = (a: Analysis) => insightsFor(a).map((i) => i.key);

  it('a steady month says only when customers write', () => {
    expect(insightsFor(base)).toEqual([
      { key: 'busiestHour', tone: 'neutral', params: { hour: 10, weekday: 2, inbound: 1 } },
    ]);
  });

  it('bad news first: delivery drop, slow and missed replies, more opt-outs', () => {
    const i = insightsFor({
      ...base,
      deliveryRate: { value: 0.8, previous: 0.95 },
      firstResponse: { ...base.firstResponse, median: { value: 5000, previous: 600 } },
      responseRate: { value: 0.5, previous: 0.9 },
      optOuts: { value: 5, previous: 1 },
    });
    expect(i.map((x) => x.key)).toEqual([
      'deliveryDropped',
      'slowResponses',
      'unanswered',
      'optOutsRose',
      'busiestHour',
    ]);
    expect(i[0]!.params).toEqual({ value: 0.8, previous: 0.95 });
    expect(i[1]!.params).toEqual({ median: 5000, previous: 600 });
  });

  it('good news and volume changes need enough texts to mean something', () => {
    expect(keys({ ...base, deliveryRate: { value: 0.99, previous: 0.9 } })).toContain('deliveryImproved');
    expect(
      keys({ ...base, firstResponse: { ...base.firstResponse, median: { value: 90, previous: 600 } } }),
    ).toContain('fastResponses');
    expect(keys({ ...base, sent: { value: 200, previous: 100 } })).toContain('volumeUp');
    expect(insightsFor({ ...base, aiReplies: { value: 20, previous: 0 } })).toContainEqual({
      key: 'aiReplies',
      tone: 'neutral',
      params: { count: 20, share: 0.2 },
    });
    // 10 texts instead of 5 is not a trend; a 2-point delivery change is noise
    expect(
      keys({
        ...base,
        sent: { value: 10, previous: 5 },
        received: { value: 0, previous: 0 },
        deliveryRate: { value: 0.5, previous: 1 },
      }),
    ).not.toContain('deliveryDropped');
    expect(keys({ ...base, deliveryRate: { value: 0.93, previous: 0.95 } })).not.toContain('deliveryDropped');
  });
});
