import {
  smsPriceTable,
  smsSegmentPrice,
  type SmsAnalytics,
  type SmsAnalyticsPeriod,
  type SmsCosts,
  type SmsInsight,
} from '@ava/contracts';
import type { OrgContext } from '../../http/session.ts';
import type {
  CostRow,
  CounterGroup,
  Counters,
  ResponseStats,
  SmsAnalyticsRepository,
} from './sms-analytics.repository.ts';

export type SmsAnalyticsService = ReturnType<typeof smsAnalyticsService>;

const NOT_SENT = new Set(['pending', 'canceled', 'scheduled']);
const FINAL = ['delivered', 'undelivered', 'failed'];
const money = (n: number) => Math.round(n * 1e5) / 1e5;
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

type Totals = {
  sent: number;
  received: number;
  segments: number;
  ai: number;
  finals: number;
  delivered: number;
};

function totals(groups: CounterGroup[], cur: boolean): Totals {
  const t: Totals = { sent: 0, received: 0, segments: 0, ai: 0, finals: 0, delivered: 0 };
  for (const g of groups) {
    if (g.cur !== cur) continue;
    t.segments += g.segments;
    if (g.direction === 'inbound') {
      t.received += g.n;
      continue;
    }
    if (!NOT_SENT.has(g.status)) t.sent += g.n;
    t.ai += g.ai;
    if (FINAL.includes(g.status)) t.finals += g.n;
    if (g.status === 'delivered') t.delivered += g.n;
  }
  return t;
}

/** Twilio's price where reported; the rest from the price table by destination (inbound: the number's country). */
function estimate(
  row: { direction?: string; country?: string | null; unpriced: number },
  numberCountry?: string | null,
) {
  const country = row.direction === 'inbound' ? (numberCountry ?? row.country) : row.country;
  return row.unpriced * smsSegmentPrice(country);
}

export type Analysis = Omit<SmsAnalytics, 'insights'>;

/**
 * Plain-language findings, worst news first. Thresholds ask for enough volume that a change means
 * something: a few texts more or less is not a trend.
 */
export function insightsFor(a: Analysis): SmsInsight[] {
  const bad: SmsInsight[] = [];
  const good: SmsInsight[] = [];
  const neutral: SmsInsight[] = [];
  const d = a.deliveryRate;
  if (d.value !== null && d.previous !== null && a.sent.value >= 20 && a.sent.previous >= 20) {
    if (d.previous - d.value >= 0.05)
      bad.push({ key: 'deliveryDropped', tone: 'bad', params: { value: d.value, previous: d.previous } });
    else if (d.value - d.previous >= 0.05)
      good.push({ key: 'deliveryImproved', tone: 'good', params: { value: d.value, previous: d.previous } });
  }
  const median = a.firstResponse.median;
  if (median.value !== null && a.firstResponse.answered >= 3) {
    const slower =
      median.previous !== null &&
      median.value >= median.previous * 1.5 &&
      median.value - median.previous >= 300;
    if (median.value > 3600 || slower)
      bad.push({
        key: 'slowResponses',
        tone: 'bad',
        params: {
          median: Math.round(median.value),
          ...(median.previous !== null ? { previous: Math.round(median.previous) } : {}),
        },
      });
    else if (median.value <= 300)
      good.push({ key: 'fastResponses', tone: 'good', params: { median: Math.round(median.value) } });
  }
  if (a.responseRate.value !== null && a.responseRate.value < 0.8 && a.received.value >= 5)
    bad.push({ key: 'unanswered', tone: 'bad', params: { rate: a.responseRate.value } });
  if (a.optOuts.value >= 3 && a.optOuts.value > a.optOuts.previous)
    bad.push({
      key: 'optOutsRose',
      tone: 'bad',
      params: { value: a.optOuts.value, previous: a.optOuts.previous },
    });
  const volume = a.sent.value + a.received.value;
  const before = a.sent.previous + a.received.previous;
  if (before >= 20 && Math.abs(volume - before) / before >= 0.25)
    neutral.push({
      key: volume > before ? 'volumeUp' : 'volumeDown',
      tone: 'neutral',
      params: { change: Math.abs(volume - before) / before },
    });
  const byHour = a.hours.map((h) => h.received || 0);
  const inbound = byHour.reduce((s, n) => s + n, 0);
  const weight =
    inbound >= 10
      ? (x: { sent: number; received: number }) => x.received
      : (x: { sent: number; received: number }) => x.sent + x.received;
  if (inbound >= 10 || volume >= 10) {
    const hour = a.hours.reduce((best, h) => (weight(h) > weight(best) ? h : best), a.hours[0]!);
    const day = a.weekdays.reduce((best, w) => (weight(w) > weight(best) ? w : best), a.weekdays[0]!);
    neutral.push({
      key: 'busiestHour',
      tone: 'neutral',
      params: { hour: hour.hour, weekday: day.weekday, inbound: inbound >= 10 ? 1 : 0 },
    });
  }
  if (a.aiReplies.value >= 5 && a.sent.value > 0 && a.aiReplies.value / a.sent.value >= 0.1)
    neutral.push({
      key: 'aiReplies',
      tone: 'neutral',
      params: { count: a.aiReplies.value, share: a.aiReplies.value / a.sent.value },
    });
  const active = a.numbers.filter((n) => n.sent + n.received > 0);
  if (active.length >= 2 && volume > 0) {
    const top = active[0]!;
    const share = (top.sent + top.received) / volume;
    if (share >= 0.6)
      neutral.push({
        key: 'topNumber',
        tone: 'neutral',
        params: { number: top.label ?? top.e164 ?? '', share },
      });
  }
  return [...bad, ...good, ...neutral];
}

export function smsAnalyticsService(repo: SmsAnalyticsRepository) {
  return {
    async analytics(ctx: OrgContext, days: SmsAnalyticsPeriod): Promise<SmsAnalytics> {
      const clock = await repo.clock(ctx.orgId, days);
      const to = new Date(clock.now);
      const curFrom = new Date(clock.curFrom);
      // The previous period lasts exactly as long as the current one (today is not over yet).
      const prevFrom = new Date(curFrom.getTime() - (to.getTime() - curFrom.getTime()));
      const periods = {
        prevFrom: prevFrom.toISOString(),
        curFrom: curFrom.toISOString(),
        to: to.toISOString(),
      };
      // Two independent reads on two connections: the message counters, and the waits.
      const [counters, responses] = await Promise.all([
        repo.counters(ctx.orgId, periods, clock.timezone),
        repo.responses(ctx.orgId, periods),
      ]);
      const analysis = assemble(days, clock.timezone, periods, counters, responses);
      return { ...analysis, insights: insightsFor(analysis) };
    },

    async costs(ctx: OrgContext, months: number): Promise<SmsCosts> {
      const clock = await repo.clock(ctx.orgId, 1);
      const [sms, other] = await Promise.all([
        repo.smsCosts(ctx.orgId, months, clock.timezone),
        repo.otherCosts(ctx.orgId, months, clock.timezone),
      ]);
      return assembleCosts(months, clock.timezone, new Date(clock.now), sms, other);
    },
  };
}

function assemble(
  days: number,
  timezone: string,
  p: { curFrom: string; to: string },
  c: Counters,
  responses: ResponseStats[],
): Analysis {
  const cur = totals(c.groups, true);
  const prev = totals(c.groups, false);
  const rc = responses.find((r) => r.cur);
  const rp = responses.find((r) => !r.cur);
  const statuses = new Map<string, number>();
  const numbers = new Map<string | null, SmsAnalytics['numbers'][number]>();
  const known = new Map(c.numbers.map((n) => [n.id, n]));
  for (const n of c.numbers)
    numbers.set(n.id, {
      id: n.id,
      e164: n.e164,
      label: n.label,
      sent: 0,
      received: 0,
      segments: 0,
      cost: 0,
      estimatedCost: 0,
    });
  for (const g of c.groups) {
    if (!g.cur) continue;
    if (g.direction === 'outbound') statuses.set(g.status, (statuses.get(g.status) ?? 0) + g.n);
    const id = g.num && known.has(g.num) ? g.num : null;
    const row = numbers.get(id) ?? {
      id,
      e164: null,
      label: null,
      sent: 0,
      received: 0,
      segments: 0,
      cost: 0,
      estimatedCost: 0,
    };
    numbers.set(id, row);
    if (g.direction === 'inbound') row.received += g.n;
    else if (!NOT_SENT.has(g.status)) row.sent += g.n;
    row.segments += g.segments;
    const est = estimate(g, id ? known.get(id)?.country : null);
    row.cost += g.price + est;
    row.estimatedCost += est;
  }
  return {
    days,
    timezone,
    from: p.curFrom,
    to: p.to,
    sent: { value: cur.sent, previous: prev.sent },
    received: { value: cur.received, previous: prev.received },
    aiReplies: { value: cur.ai, previous: prev.ai },
    segments: { value: cur.segments, previous: prev.segments },
    deliveryRate: { value: ratio(cur.delivered, cur.finals), previous: ratio(prev.delivered, prev.finals) },
    responseRate: {
      value: rc ? ratio(rc.answered, rc.waits) : null,
      previous: rp ? ratio(rp.answered, rp.waits) : null,
    },
    firstResponse: {
      average: { value: rc?.average ?? null, previous: rp?.average ?? null },
      median: { value: rc?.median ?? null, previous: rp?.median ?? null },
      answered: rc?.answered ?? 0,
    },
    optOuts: { value: Number(c.optOuts.cur), previous: Number(c.optOuts.prev) },
    statuses: [...statuses].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count),
    hours: c.hours.map((h) => ({ hour: h.hour, sent: Number(h.sent), received: Number(h.received) })),
    weekdays: c.weekdays.map((w) => ({
      weekday: w.weekday,
      sent: Number(w.sent),
      received: Number(w.received),
    })),
    perDay: c.perDay.map((d) => ({ date: d.date, sent: Number(d.sent), received: Number(d.received) })),
    numbers: [...numbers.values()]
      .filter((n) => n.id !== null || n.sent + n.received > 0)
      .map((n) => ({ ...n, cost: money(n.cost), estimatedCost: money(n.estimatedCost) }))
      .sort((a, b) => b.sent + b.received - (a.sent + a.received)),
  };
}

type Parts = Omit<SmsCosts['totals'], never>;
const emptyParts = (): Parts => ({
  sms: 0,
  smsEstimated: 0,
  segments: 0,
  rental: 0,
  calls: 0,
  voice: 0,
  total: 0,
});

/** `YYYY-MM` of the last `months` local months, oldest first. */
function monthKeys(months: number, timezone: string, now: Date): string[] {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return Array.from({ length: months }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (months - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function assembleCosts(
  months: number,
  timezone: string,
  now: Date,
  sms: CostRow[],
  other: Awaited<ReturnType<SmsAnalyticsRepository['otherCosts']>>,
): SmsCosts {
  const keys = monthKeys(months, timezone, now);
  const byMonth = new Map(keys.map((k) => [k, emptyParts()]));
  const known = new Map(other.numbers.map((n) => [n.id, n]));
  const byNumber = new Map<string | null, Parts>(other.numbers.map((n) => [n.id, emptyParts()]));
  const totals = emptyParts();
  const add = (month: string, num: string | null, part: keyof Parts, amount: number) => {
    const id = num && known.has(num) ? num : null;
    const inMonth = byMonth.get(month);
    if (!inMonth) return;
    const perNumber = byNumber.get(id) ?? emptyParts();
    byNumber.set(id, perNumber);
    for (const cell of [inMonth, perNumber, totals]) {
      cell[part] += amount;
      if (part !== 'segments' && part !== 'smsEstimated') cell.total += amount;
    }
  };
  for (const r of sms) {
    const est = estimate(r, r.num ? known.get(r.num)?.country : null);
    add(r.month, r.num, 'sms', r.price + est);
    add(r.month, r.num, 'smsEstimated', est);
    add(r.month, r.num, 'segments', r.segments);
  }
  for (const r of other.rental) add(r.month, r.num, 'rental', r.price);
  for (const r of other.calls) add(r.month, r.num, 'calls', r.price);
  for (const r of other.voice) add(r.month, r.num, 'voice', r.price);
  const round = (p: Parts): Parts =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, k === 'segments' ? v : money(v)])) as Parts;
  return {
    currency: 'USD',
    timezone,
    priceTable: { asOf: smsPriceTable.asOf, currency: smsPriceTable.currency },
    months: keys.map((month) => ({ month, ...round(byMonth.get(month)!) })),
    numbers: [...byNumber]
      .filter(([id, p]) => id !== null || p.total > 0)
      .map(([id, p]) => ({
        id,
        e164: known.get(id ?? '')?.e164 ?? null,
        label: known.get(id ?? '')?.label ?? null,
        ...round(p),
      }))
      .sort((a, b) => b.total - a.total),
    totals: round(totals),
    estimatedShare: totals.sms > 0 ? totals.smsEstimated / totals.sms : null,
  };
}
