import { smsAnalyticsPeriods, type SmsAnalytics, type SmsAnalyticsPeriod } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MetricCard } from '../../../components/metric-card';
import { SegmentedChoice } from '../../../components/segmented-choice';
import { Alert } from '../../../components/ui/alert';
import { Card, CardHeader } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { translateError } from '../../../lib/translate-error';
import { useSmsAnalytics } from '../api/get-sms-analytics';
import { hourPoints, perDayPoints, TrafficChart, weekdayPoints } from './charts';
import { CostSection, EstimatedBadge, NumberName } from './cost-section';
import { formatNumber, formatPercent } from '../../../lib/format';
import { formatUsd, insightText } from './format';

const toneIcon = { bad: 'alert', good: 'check-circle', neutral: 'info' } as const;
const toneColor = { bad: 'text-red-500', good: 'text-emerald-500', neutral: 'text-indigo-500' } as const;

function Insights({ insights }: { insights: SmsAnalytics['insights'] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card>
      <CardHeader title={t('analytics.insights.title')} />
      {insights.length === 0 ? (
        <p className="px-5 pt-2 pb-5 text-sm text-zinc-500 sm:px-6">{t('analytics.insights.none')}</p>
      ) : (
        <ul className="space-y-3 px-5 pt-3 pb-5 sm:px-6" data-testid="insights">
          {insights.map((insight) => (
            <li key={insight.key} className="flex gap-3 text-sm text-zinc-700" data-insight={insight.key}>
              <Icon
                name={toneIcon[insight.tone]}
                className={cn('mt-0.5 size-4 shrink-0', toneColor[insight.tone])}
              />
              <span>{insightText(t, insight, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Statuses({ statuses }: { statuses: SmsAnalytics['statuses'] }) {
  const { t, i18n } = useTranslation();
  const total = statuses.reduce((s, x) => s + x.count, 0);
  const color = (status: string) =>
    status === 'delivered'
      ? 'bg-emerald-500'
      : status === 'failed' || status === 'undelivered'
        ? 'bg-red-500'
        : 'bg-zinc-400';
  return (
    <Card>
      <CardHeader title={t('analytics.statuses.title')} description={t('analytics.statuses.subtitle')} />
      {total === 0 ? (
        <p className="px-5 pt-3 pb-5 text-sm text-zinc-500 sm:px-6">{t('analytics.statuses.empty')}</p>
      ) : (
        <ul className="space-y-3 px-5 pt-4 pb-5 sm:px-6" data-testid="statuses">
          {statuses.map((s) => (
            <li key={s.status}>
              <div className="flex items-baseline justify-between gap-3 text-sm">
                <span className="text-zinc-700">
                  {t(`analytics.status.${s.status}`, { defaultValue: t('analytics.status.other') })}
                </span>
                <span className="text-zinc-500 tabular-nums">
                  {formatNumber(s.count, i18n.language)} · {formatPercent(s.count / total, i18n.language)}
                </span>
              </div>
              <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-zinc-100">
                <div
                  className={cn('h-full rounded-full', color(s.status))}
                  style={{ width: `${Math.max(1, (s.count / total) * 100)}%` }}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function NumbersTable({ numbers }: { numbers: SmsAnalytics['numbers'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card>
      <CardHeader title={t('analytics.numbers.title')} />
      {numbers.length === 0 ? (
        <p className="px-5 pt-3 pb-5 text-sm text-zinc-500 sm:px-6">{t('analytics.numbers.empty')}</p>
      ) : (
        <div className="mt-3 overflow-x-auto pb-2">
          <table className="w-full min-w-[30rem] text-sm" data-testid="numbers">
            <thead>
              <tr className="border-b border-zinc-200 text-xs text-zinc-500">
                <th className="px-5 py-2 text-start font-medium sm:ps-6">{t('analytics.numbers.number')}</th>
                <th className="px-2 py-2 text-end font-medium">{t('analytics.numbers.sent')}</th>
                <th className="px-2 py-2 text-end font-medium">{t('analytics.numbers.received')}</th>
                <th className="px-2 py-2 text-end font-medium">{t('analytics.numbers.segments')}</th>
                <th className="px-5 py-2 text-end font-medium sm:pe-6">{t('analytics.numbers.cost')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {numbers.map((n) => (
                <tr key={n.id ?? 'other'}>
                  <td className="max-w-[12rem] px-5 py-2.5 sm:ps-6">
                    <NumberName label={n.label} e164={n.e164} />
                  </td>
                  <td className="px-2 py-2.5 text-end tabular-nums">{formatNumber(n.sent, lang)}</td>
                  <td className="px-2 py-2.5 text-end tabular-nums">{formatNumber(n.received, lang)}</td>
                  <td className="px-2 py-2.5 text-end tabular-nums">{formatNumber(n.segments, lang)}</td>
                  <td className="px-5 py-2.5 text-end tabular-nums sm:pe-6">
                    <span className="inline-flex flex-wrap items-center justify-end gap-1.5">
                      {n.estimatedCost > 0 && <EstimatedBadge />}
                      {formatUsd(n.cost, lang)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function AnalyticsPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<SmsAnalyticsPeriod>(30);
  const analytics = useSmsAnalytics(orgId, days);
  const data = analytics.data;
  const lang = i18n.language;
  const empty =
    data && data.sent.value + data.received.value === 0 && data.sent.previous + data.received.previous === 0;

  return (
    <div>
      <PageHeader
        title={t('analytics.title')}
        description={t('analytics.subtitle')}
        action={
          <SegmentedChoice
            label={t('analytics.period')}
            options={smsAnalyticsPeriods}
            value={days}
            onChange={setDays}
            labelOf={(p) => t(`analytics.periods.${p}`)}
          />
        }
      />
      {analytics.error && <Alert tone="error">{translateError(t, analytics.error)}</Alert>}
      {!data && !analytics.error && <Spinner label={t('app.loading')} />}
      <div className={cn('space-y-6', analytics.isPlaceholderData && 'opacity-60 transition-opacity')}>
        {data && (
          <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3">
            <MetricCard
              testId="metric-sent"
              label={t('analytics.cards.sent')}
              icon="send"
              value={data.sent.value}
              previous={data.sent.previous}
              kind="count"
            />
            <MetricCard
              testId="metric-received"
              label={t('analytics.cards.received')}
              icon="inbox"
              value={data.received.value}
              previous={data.received.previous}
              kind="count"
            />
            <MetricCard
              testId="metric-delivery"
              label={t('analytics.cards.deliveryRate')}
              icon="check-circle"
              value={data.deliveryRate.value}
              previous={data.deliveryRate.previous}
              kind="rate"
            />
            <MetricCard
              testId="metric-response"
              label={t('analytics.cards.responseRate')}
              icon="message"
              value={data.responseRate.value}
              previous={data.responseRate.previous}
              kind="rate"
            />
            <MetricCard
              testId="metric-average-response"
              label={t('analytics.cards.averageResponse')}
              icon="clock"
              value={data.firstResponse.average.value}
              previous={data.firstResponse.average.previous}
              kind="duration"
            />
            <MetricCard
              testId="metric-median-response"
              label={t('analytics.cards.medianResponse')}
              icon="clock"
              value={data.firstResponse.median.value}
              previous={data.firstResponse.median.previous}
              kind="duration"
            />
          </div>
        )}
        {data && empty && (
          <EmptyState icon="chart" title={t('analytics.emptyTitle')} body={t('analytics.emptyBody')} />
        )}
        {data && !empty && (
          <>
            <div className="grid gap-6 lg:grid-cols-5">
              <Card className="lg:col-span-3">
                <CardHeader title={t('analytics.perDay.title')} />
                <div className="px-2 pt-4 pb-4 sm:px-4">
                  <TrafficChart
                    data={perDayPoints(data.perDay, lang)}
                    label={t('analytics.perDay.chartLabel')}
                    testId="per-day-chart"
                  />
                </div>
              </Card>
              <div className="lg:col-span-2">
                <Insights insights={data.insights} />
              </div>
            </div>
            <div className="grid gap-6 lg:grid-cols-5">
              <Card className="lg:col-span-3">
                <CardHeader
                  title={t('analytics.hours.title')}
                  description={t('analytics.hours.subtitle', { timezone: data.timezone })}
                />
                <div className="px-2 pt-4 sm:px-4">
                  <TrafficChart data={hourPoints(data.hours, lang)} label={t('analytics.hours.chartLabel')} />
                </div>
                <h3 className="px-5 pt-2 text-sm font-medium text-zinc-700 sm:px-6">
                  {t('analytics.hours.weekdays')}
                </h3>
                <div className="px-2 pt-2 pb-4 sm:px-4">
                  <TrafficChart
                    data={weekdayPoints(data.weekdays, lang)}
                    label={t('analytics.hours.weekdaysChartLabel')}
                    height="h-44"
                  />
                </div>
              </Card>
              <div className="lg:col-span-2">
                <Statuses statuses={data.statuses} />
              </div>
            </div>
            <NumbersTable numbers={data.numbers} />
          </>
        )}
        <CostSection orgId={orgId} />
      </div>
    </div>
  );
}
