import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';
import { formatNumber, formatPercent, formatSeconds } from '../lib/format';
import { Card } from './ui/card';
import { Icon, type IconName } from './ui/icons';

/** How a figure is shown and compared: counts and durations relatively, rates (0..1) in points. */
export type MetricKind = 'count' | 'rate' | 'duration';
export type Change = { direction: 'up' | 'down' | 'flat'; percent: number | null; good: boolean | null };

/**
 * The change of a metric against the previous period. Counts compare relatively (+50 %), rates (0..1)
 * in points; durations relatively, where going down is the good news. No previous value (or 0 for a
 * count) → no percentage.
 */
export function computeChange(
  value: number | null,
  previous: number | null,
  kind: MetricKind = 'count',
): Change {
  if (value === null || previous === null) return { direction: 'flat', percent: null, good: null };
  const diff = value - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const good = direction === 'flat' ? null : (direction === 'up') !== (kind === 'duration');
  if (kind === 'rate') return { direction, percent: Math.round(Math.abs(diff) * 100), good };
  if (previous === 0) return { direction, percent: null, good };
  return { direction, percent: Math.round((Math.abs(diff) / previous) * 100), good };
}

function ChangeIndicator({
  value,
  previous,
  kind,
}: {
  value: number | null;
  previous: number | null;
  kind: MetricKind;
}) {
  const { t } = useTranslation();
  const change = computeChange(value, previous, kind);
  if (change.percent === null && change.direction === 'flat')
    return <span className="text-xs text-zinc-400">{t('metrics.noPrevious')}</span>;
  const label =
    change.percent === null
      ? t('metrics.new')
      : kind === 'rate'
        ? t('metrics.points', { value: change.percent })
        : t('metrics.percent', { value: change.percent });
  return (
    <span
      data-testid="metric-change"
      className={cn(
        'inline-flex flex-wrap items-center gap-1 text-xs font-medium',
        change.good === null ? 'text-zinc-500' : change.good ? 'text-emerald-600' : 'text-red-600',
      )}
    >
      {change.direction !== 'flat' && (
        <Icon
          name="arrow-up"
          className={cn('size-3.5', change.direction === 'down' && 'rotate-180')}
          aria-hidden
        />
      )}
      <span className="sr-only">{t(`metrics.direction.${change.direction}`)}</span>
      <span dir="ltr">{label}</span>
      <span className="font-normal text-zinc-400">{t('metrics.vsPrevious')}</span>
    </span>
  );
}

/** A headline figure of a period with its change against the previous period (dashboard, analytics). */
export function MetricCard({
  label,
  icon,
  value,
  previous,
  kind,
  testId,
}: {
  label: string;
  icon: IconName;
  value: number | null;
  previous: number | null;
  kind: MetricKind;
  testId: string;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const shown =
    value === null
      ? '—'
      : kind === 'rate'
        ? formatPercent(value, lang)
        : kind === 'duration'
          ? formatSeconds(value, lang)
          : formatNumber(value, lang);
  return (
    <Card className="p-4 sm:p-5" data-testid={testId}>
      <div className="flex items-center gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <Icon name={icon} className="size-[18px]" />
        </span>
        <p className="min-w-0 text-sm text-zinc-500">{label}</p>
      </div>
      <p
        className="mt-3 text-2xl font-semibold text-zinc-900 tabular-nums sm:text-3xl"
        data-testid="metric-value"
      >
        {shown}
      </p>
      <div className="mt-1">
        <ChangeIndicator value={value} previous={previous} kind={kind} />
      </div>
    </Card>
  );
}
