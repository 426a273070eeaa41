import type { SmsCosts } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Card, CardHeader } from '../../../components/ui/card';
import { Spinner } from '../../../components/ui/spinner';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useSmsCosts } from '../api/get-sms-costs';
import { formatPercent } from '../../../lib/format';
import { formatDay, formatMonth, formatUsd } from './format';

const parts = [
  { key: 'sms', color: '#4f46e5' },
  { key: 'rental', color: '#f59e0b' },
  { key: 'calls', color: '#10b981' },
  { key: 'voice', color: '#a1a1aa' },
] as const;

export function EstimatedBadge() {
  const { t } = useTranslation();
  return (
    <Badge tone="amber" title={t('analytics.estimatedHint')} data-testid="estimated">
      {t('analytics.estimated')}
    </Badge>
  );
}

function CostChart({ months }: { months: SmsCosts['months'] }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
  const data = months.map((m) => ({ ...m, label: formatMonth(m.month, i18n.language) }));
  const name = (key: string) => t(`analytics.costs.${key}`);
  return (
    <div className="h-64" dir="ltr" role="img" aria-label={t('analytics.costs.chartLabel')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke="#f4f4f5" />
          <XAxis
            dataKey="label"
            reversed={rtl}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            minTickGap={8}
          />
          <YAxis
            orientation={rtl ? 'right' : 'left'}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            tickFormatter={(v: number) =>
              new Intl.NumberFormat(i18n.language, {
                style: 'currency',
                currency: 'USD',
                notation: 'compact',
              }).format(v)
            }
          />
          <Tooltip
            cursor={{ fill: '#eef2ff' }}
            formatter={(v, key) => [formatUsd(Number(v), i18n.language), name(String(key))]}
          />
          <Legend
            iconType="circle"
            iconSize={8}
            wrapperStyle={{ fontSize: 12 }}
            formatter={(key) => name(String(key))}
          />
          {parts.map((p, i) => (
            <Bar
              key={p.key}
              dataKey={p.key}
              stackId="c"
              fill={p.color}
              maxBarSize={32}
              radius={i === parts.length - 1 ? [3, 3, 0, 0] : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** What texting, numbers and calls cost per month and per number over the last 12 months. */
export function CostSection({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const costs = useSmsCosts(orgId);
  const data = costs.data;
  const lang = i18n.language;
  return (
    <Card data-testid="costs">
      <CardHeader
        title={t('analytics.costs.title')}
        description={t('analytics.costs.subtitle')}
        action={
          data && (
            <div className="text-end">
              <p className="text-xs text-zinc-500">{t('analytics.costs.total')}</p>
              <p className="text-2xl font-semibold text-zinc-900 tabular-nums" data-testid="cost-total">
                {formatUsd(data.totals.total, lang)}
              </p>
            </div>
          )
        }
      />
      <div className="px-5 pt-4 pb-5 sm:px-6">
        {costs.error && <Alert tone="error">{translateError(t, costs.error)}</Alert>}
        {!data && !costs.error && <Spinner label={t('app.loading')} />}
        {data && data.totals.total === 0 && (
          <p className="text-sm text-zinc-500">{t('analytics.costs.empty')}</p>
        )}
        {data && data.totals.total > 0 && (
          <div className="space-y-5">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {parts.map((p) => (
                <div key={p.key} className="rounded-lg bg-zinc-50 px-3 py-2">
                  <dt className="flex items-center gap-1.5 text-xs text-zinc-500">
                    <span
                      className="size-2 shrink-0 rounded-full"
                      style={{ background: p.color }}
                      aria-hidden
                    />
                    {t(`analytics.costs.${p.key}`)}
                  </dt>
                  <dd className="mt-0.5 text-sm font-semibold text-zinc-900 tabular-nums">
                    {formatUsd(data.totals[p.key], lang)}
                  </dd>
                </div>
              ))}
            </dl>
            {data.estimatedShare !== null && data.estimatedShare > 0 ? (
              <p
                className="flex flex-wrap items-center gap-2 text-xs text-zinc-600"
                data-testid="estimated-share"
              >
                <EstimatedBadge />
                {t('analytics.costs.estimatedShare', {
                  share: formatPercent(data.estimatedShare, lang),
                  date: formatDay(data.priceTable.asOf, lang),
                })}
              </p>
            ) : (
              <p className="text-xs text-zinc-500">
                {t('analytics.costs.priceTable', { date: formatDay(data.priceTable.asOf, lang) })}
              </p>
            )}
            <CostChart months={data.months} />
            <div>
              <h3 className="mb-2 text-sm font-semibold text-zinc-900">{t('analytics.costs.perNumber')}</h3>
              <div className="-mx-5 overflow-x-auto sm:mx-0">
                <table className="w-full min-w-[34rem] text-sm" data-testid="cost-numbers">
                  <thead>
                    <tr className="border-b border-zinc-200 text-xs text-zinc-500">
                      <th className="px-5 py-2 text-start font-medium sm:ps-0">
                        {t('analytics.numbers.number')}
                      </th>
                      {parts.map((p) => (
                        <th key={p.key} className="px-2 py-2 text-end font-medium">
                          {t(`analytics.costs.${p.key}`)}
                        </th>
                      ))}
                      <th className="px-5 py-2 text-end font-medium sm:pe-0">{t('analytics.costs.total')}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {data.numbers.map((n) => (
                      <tr key={n.id ?? 'other'}>
                        <td className="px-5 py-2 sm:ps-0">
                          <NumberName label={n.label} e164={n.e164} />
                        </td>
                        <td className="px-2 py-2 text-end tabular-nums">
                          <span className="inline-flex items-center gap-1.5">
                            {n.smsEstimated > 0 && (
                              <span className="text-amber-600" title={t('analytics.estimatedHint')}>
                                *
                              </span>
                            )}
                            {formatUsd(n.sms, lang)}
                          </span>
                        </td>
                        <td className="px-2 py-2 text-end tabular-nums">{formatUsd(n.rental, lang)}</td>
                        <td className="px-2 py-2 text-end tabular-nums">{formatUsd(n.calls, lang)}</td>
                        <td className="px-2 py-2 text-end tabular-nums">{formatUsd(n.voice, lang)}</td>
                        <td className="px-5 py-2 text-end font-medium tabular-nums sm:pe-0">
                          {formatUsd(n.total, lang)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}

/** A number's label with its E.164 under it, kept left-to-right inside Hebrew text. */
export function NumberName({ label, e164 }: { label: string | null; e164: string | null }) {
  const { t } = useTranslation();
  if (!e164 && !label) return <span className="text-zinc-500">{t('analytics.numbers.unknown')}</span>;
  return (
    <div className="min-w-0">
      {label && <p className="truncate font-medium text-zinc-900">{label}</p>}
      {e164 && (
        <p className={label ? 'text-xs text-zinc-500' : 'font-medium text-zinc-900'}>
          <bdi dir="ltr">{formatPhone(e164)}</bdi>
        </p>
      )}
    </div>
  );
}
