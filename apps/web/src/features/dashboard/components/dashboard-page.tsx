import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallOutcomeBadge } from '../../../components/call-outcome';
import { MetricCard } from '../../../components/metric-card';
import { SegmentedChoice } from '../../../components/segmented-choice';
import { Alert } from '../../../components/ui/alert';
import { buttonClasses } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { periods, useDashboard, type Period } from '../api/get-dashboard';

// The chart library is the largest piece of the page: the greeting and the figures show without it.
// Its download starts with this module, alongside the dashboard's own data, not after it.
const chartModule = import('./calls-chart');
// A failed download surfaces when the chart renders (the lazy component rethrows it), not as a stray rejection.
chartModule.catch(() => undefined);
const CallsChart = lazy(() => chartModule.then((m) => ({ default: m.CallsChart })));

export function DashboardPage({ orgId, name }: { orgId: string; name: string }) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<Period>(7);
  const dashboard = useDashboard(orgId, days);
  const firstName = name.trim().split(/\s+/)[0] ?? name;
  const data = dashboard.data;
  const empty = data && data.calls.value === 0 && data.calls.previous === 0 && data.recentCalls.length === 0;

  return (
    <div>
      <PageHeader
        title={t('dashboard.welcome', { name: firstName })}
        description={t('dashboard.subtitle')}
        action={
          <SegmentedChoice
            label={t('dashboard.period')}
            options={periods}
            value={days}
            onChange={setDays}
            labelOf={(p) => t(`dashboard.periods.${p}`)}
          />
        }
      />
      {dashboard.error && <Alert tone="error">{translateError(t, dashboard.error)}</Alert>}
      {!data && !dashboard.error && <Spinner label={t('app.loading')} />}
      {data && (
        <div className="space-y-6">
          <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
            <MetricCard
              testId="metric-calls"
              label={t('dashboard.calls')}
              icon="phone"
              value={data.calls.value}
              previous={data.calls.previous}
              kind="count"
            />
            <MetricCard
              testId="metric-appointments"
              label={t('dashboard.appointments')}
              icon="clock"
              value={data.appointments.value}
              previous={data.appointments.previous}
              kind="count"
            />
            <MetricCard
              testId="metric-answer-rate"
              label={t('dashboard.answerRate')}
              icon="check-circle"
              value={data.answerRate.value}
              previous={data.answerRate.previous}
              kind="rate"
            />
            <MetricCard
              testId="metric-satisfaction"
              label={t('dashboard.satisfaction')}
              icon="sparkles"
              value={data.satisfaction.value}
              previous={data.satisfaction.previous}
              kind="rate"
            />
          </div>
          {empty ? (
            <EmptyState
              icon="phone"
              title={t('dashboard.emptyTitle')}
              body={t('dashboard.emptyBody')}
              action={
                <Link to="/onboarding" className={buttonClasses('primary')}>
                  {t('dashboard.emptyAction')}
                </Link>
              }
            />
          ) : (
            <div className="grid gap-6 lg:grid-cols-5">
              <Card className="lg:col-span-3">
                <CardHeader title={t('dashboard.chartTitle')} />
                <div className="px-2 pt-4 pb-4 sm:px-4">
                  <Suspense fallback={<div className="h-64" />}>
                    <CallsChart data={data.perDay} days={days} />
                  </Suspense>
                </div>
              </Card>
              <Card className="lg:col-span-2">
                <CardHeader
                  title={t('dashboard.recentCalls')}
                  action={
                    <Link to="/calls" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                      {t('dashboard.allCalls')}
                    </Link>
                  }
                />
                <ul className="mt-2 divide-y divide-zinc-100" data-testid="recent-calls">
                  {data.recentCalls.map((call) => (
                    <li key={call.id}>
                      <Link
                        to="/calls/$callId"
                        params={{ callId: call.id }}
                        className="flex items-center gap-3 px-5 py-3 hover:bg-zinc-50 sm:px-6"
                      >
                        <div className="min-w-0 flex-1">
                          <p className="truncate text-sm font-medium text-zinc-900">
                            {call.callerName ?? (
                              <bdi dir="ltr">
                                {formatPhone(call.callerNumber) || t('calls.unknownCaller')}
                              </bdi>
                            )}
                          </p>
                          <p className="text-xs text-zinc-500">
                            {formatDateTime(call.startedAt, i18n.language)} ·{' '}
                            <span dir="ltr">{formatDuration(call.durationSeconds)}</span>
                          </p>
                        </div>
                        <CallOutcomeBadge call={call} />
                      </Link>
                    </li>
                  ))}
                </ul>
              </Card>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
