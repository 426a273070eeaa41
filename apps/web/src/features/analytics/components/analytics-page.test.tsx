import type { SmsAnalytics, SmsCosts } from '@ava/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { AnalyticsPage } from './analytics-page';
import { computeChange } from '../../../components/metric-card';
import { formatSeconds } from '../../../lib/format';

const base = '/api/v1/orgs/org1/messaging';
const zero = { value: 0, previous: 0 };
const analytics: SmsAnalytics = {
  days: 30,
  timezone: 'Europe/Paris',
  from: '2026-10-24T22:00:00.000Z',
  to: '2026-11-22T10:00:00.000Z',
  sent: { value: 120, previous: 100 },
  received: { value: 80, previous: 80 },
  aiReplies: zero,
  segments: { value: 230, previous: 200 },
  deliveryRate: { value: 0.8, previous: 0.95 },
  responseRate: { value: 0.9, previous: 0.85 },
  firstResponse: {
    average: { value: 900, previous: 600 },
    median: { value: 420, previous: 300 },
    answered: 60,
  },
  optOuts: zero,
  statuses: [
    { status: 'delivered', count: 96 },
    { status: 'failed', count: 24 },
  ],
  hours: Array.from({ length: 24 }, (_, hour) => ({ hour, sent: 5, received: hour === 14 ? 20 : 2 })),
  weekdays: Array.from({ length: 7 }, (_, weekday) => ({ weekday, sent: 17, received: 11 })),
  perDay: Array.from({ length: 30 }, (_, i) => ({
    date: `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
    sent: 4,
    received: 3,
  })),
  numbers: [
    {
      id: 'n1',
      e164: '+14155550100',
      label: 'Main line',
      sent: 120,
      received: 80,
      segments: 230,
      cost: 1.9,
      estimatedCost: 0.4,
    },
  ],
  insights: [
    { key: 'deliveryDropped', tone: 'bad', params: { value: 0.8, previous: 0.95 } },
    { key: 'busiestHour', tone: 'neutral', params: { hour: 14, weekday: 2, inbound: 1 } },
  ],
};
const costs: SmsCosts = {
  currency: 'USD',
  timezone: 'Europe/Paris',
  priceTable: { asOf: '2026-10-01', currency: 'USD' },
  months: Array.from({ length: 12 }, (_, i) => ({
    month: `2026-${String(i + 1).padStart(2, '0')}`,
    sms: 1,
    smsEstimated: i === 11 ? 0.5 : 0,
    segments: 100,
    rental: 1.15,
    calls: 0.5,
    voice: 0,
    total: 2.65,
  })),
  numbers: [
    {
      id: 'n1',
      e164: '+14155550100',
      label: 'Main line',
      sms: 12,
      smsEstimated: 0.5,
      segments: 1200,
      rental: 13.8,
      calls: 6,
      voice: 0,
      total: 31.8,
    },
  ],
  totals: { sms: 12, smsEstimated: 0.5, segments: 1200, rental: 13.8, calls: 6, voice: 0, total: 31.8 },
  estimatedShare: 0.5 / 12,
};

describe('AnalyticsPage', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('shows the period’s figures against the previous one, insights in words, and costs with their estimate', async () => {
    mockFetch({ [`GET ${base}/analytics`]: { body: analytics }, [`GET ${base}/costs`]: { body: costs } });
    renderWithApp(() => <AnalyticsPage orgId="org1" />);
    const sent = await screen.findByTestId('metric-sent');
    expect(within(sent).getByTestId('metric-value').textContent).toBe('120');
    expect(within(sent).getByTestId('metric-change').textContent).toContain('20%');
    const delivery = screen.getByTestId('metric-delivery');
    expect(within(delivery).getByTestId('metric-value').textContent).toBe('80%');
    expect(within(delivery).getByTestId('metric-change').textContent).toContain('15 pts');
    expect(within(delivery).getByTestId('metric-change').className).toContain('text-red-600');
    // a slower answer is bad news even though the number went up
    const median = screen.getByTestId('metric-median-response');
    expect(within(median).getByTestId('metric-value').textContent).toBe('7 min');
    expect(within(median).getByTestId('metric-change').className).toContain('text-red-600');

    const insights = screen.getByTestId('insights');
    expect(insights.textContent).toContain('80% delivered, down from 95%');
    expect(insights.textContent).toContain('Customers text you most around 2:00 PM, and on Tuesdays.');
    expect(screen.getByTestId('statuses').textContent).toContain('Failed');
    const numbers = screen.getByTestId('numbers');
    expect(within(numbers).getByText('Main line')).toBeTruthy();
    expect(within(numbers).getByTestId('estimated')).toBeTruthy();

    expect((await screen.findByTestId('cost-total')).textContent).toBe('$31.80');
    expect(screen.getByTestId('estimated-share').textContent).toContain(
      '4.2% of the SMS cost is estimated from the price table of October 1, 2026',
    );
  });

  it('asks for the chosen period', async () => {
    const calls = mockFetch({
      [`GET ${base}/analytics`]: { body: analytics },
      [`GET ${base}/costs`]: { body: costs },
    });
    renderWithApp(() => <AnalyticsPage orgId="org1" />);
    await screen.findByTestId('metric-sent');
    expect(calls.some((c) => c.url.endsWith('/analytics?days=30'))).toBe(true);
    await userEvent.setup().click(screen.getByRole('radio', { name: '7 days' }));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/analytics?days=7'))).toBe(true));
    expect(screen.getByRole('radio', { name: '7 days' }).getAttribute('aria-checked')).toBe('true');
  });

  it('says what will appear when there is nothing yet', async () => {
    mockFetch({
      [`GET ${base}/analytics`]: {
        body: {
          ...analytics,
          sent: zero,
          received: zero,
          deliveryRate: { value: null, previous: null },
          responseRate: { value: null, previous: null },
          firstResponse: {
            average: { value: null, previous: null },
            median: { value: null, previous: null },
            answered: 0,
          },
          statuses: [],
          numbers: [],
          insights: [],
        },
      },
      [`GET ${base}/costs`]: {
        body: {
          ...costs,
          months: costs.months.map((m) => ({ ...m, sms: 0, smsEstimated: 0, rental: 0, calls: 0, total: 0 })),
          numbers: [],
          totals: { sms: 0, smsEstimated: 0, segments: 0, rental: 0, calls: 0, voice: 0, total: 0 },
          estimatedShare: null,
        },
      },
    });
    renderWithApp(() => <AnalyticsPage orgId="org1" />);
    expect(await screen.findByText('No texts in this period')).toBeTruthy();
    expect(await screen.findByText(/No costs yet/)).toBeTruthy();
    expect(within(screen.getByTestId('metric-delivery')).getByTestId('metric-value').textContent).toBe('—');
  });

  it('speaks Hebrew right to left', async () => {
    await setLocale('he');
    mockFetch({ [`GET ${base}/analytics`]: { body: analytics }, [`GET ${base}/costs`]: { body: costs } });
    renderWithApp(() => <AnalyticsPage orgId="org1" />);
    expect(await screen.findByText('ניתוח SMS')).toBeTruthy();
    expect(document.documentElement.dir).toBe('rtl');
    expect((await screen.findByTestId('insights')).textContent).toContain('ביום שלישי');
  });
});

describe('analytics formatting', () => {
  it('treats a longer response time as bad news', () => {
    expect(computeChange(600, 300, 'duration')).toEqual({ direction: 'up', percent: 100, good: false });
    expect(computeChange(150, 300, 'duration')).toEqual({ direction: 'down', percent: 50, good: true });
    expect(computeChange(0.9, 0.8, 'rate')).toEqual({ direction: 'up', percent: 10, good: true });
  });
  it('writes durations a person reads at a glance', () => {
    expect(formatSeconds(45, 'en')).toBe('45 sec');
    expect(formatSeconds(420, 'en')).toBe('7 min');
    expect(formatSeconds(3 * 3600 + 1800, 'en')).toBe('3.5 hr');
    expect(formatSeconds(3 * 86400, 'en')).toBe('3 days');
  });
});
