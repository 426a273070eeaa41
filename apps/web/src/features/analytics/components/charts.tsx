import type { SmsAnalytics } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../../lib/format';
import { formatDay, formatHour, weekdayName } from './format';

export const SENT = '#4f46e5';
export const RECEIVED = '#10b981';

type Point = { label: string; sent: number; received: number; title?: string };

/**
 * Sent and received stacked per bar. Recharts draws left to right whatever the page direction, so in
 * Hebrew the axis is reversed and the value axis moved to the right, as a reader of RTL expects.
 */
export function TrafficChart({
  data,
  label,
  height = 'h-64',
  testId,
}: {
  data: Point[];
  label: string;
  height?: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
  const names = { sent: t('analytics.series.sent'), received: t('analytics.series.received') };
  return (
    <div className={height} dir="ltr" role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
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
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            tickFormatter={(v: number) => formatNumber(v, i18n.language)}
          />
          <Tooltip
            cursor={{ fill: '#eef2ff' }}
            labelFormatter={(l, payload) => (payload?.[0]?.payload as Point | undefined)?.title ?? String(l)}
            formatter={(v, name) => [
              formatNumber(Number(v), i18n.language),
              names[name as keyof typeof names] ?? name,
            ]}
          />
          <Legend
            iconType="circle"
            iconSize={8}
            wrapperStyle={{ fontSize: 12 }}
            formatter={(name) => names[name as keyof typeof names] ?? name}
          />
          <Bar dataKey="sent" stackId="t" fill={SENT} maxBarSize={28} isAnimationActive={false} />
          <Bar
            dataKey="received"
            stackId="t"
            fill={RECEIVED}
            radius={[3, 3, 0, 0]}
            maxBarSize={28}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A year of days is too many bars: above 90 days, days are summed per week (starting on the first day). */
export function perDayPoints(perDay: SmsAnalytics['perDay'], locale: string): Point[] {
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const at = (date: string) => new Date(`${date}T12:00:00Z`);
  if (perDay.length <= 92)
    return perDay.map((d) => ({
      label: short.format(at(d.date)),
      title: formatDay(d.date, locale),
      sent: d.sent,
      received: d.received,
    }));
  const weeks: Point[] = [];
  for (let i = 0; i < perDay.length; i += 7) {
    const slice = perDay.slice(i, i + 7);
    weeks.push({
      label: short.format(at(slice[0]!.date)),
      title: `${formatDay(slice[0]!.date, locale)} – ${formatDay(slice.at(-1)!.date, locale)}`,
      sent: slice.reduce((s, d) => s + d.sent, 0),
      received: slice.reduce((s, d) => s + d.received, 0),
    });
  }
  return weeks;
}

export const hourPoints = (hours: SmsAnalytics['hours'], locale: string): Point[] =>
  hours.map((h) => ({ label: formatHour(h.hour, locale), sent: h.sent, received: h.received }));

/** Weeks start on Monday in most of our users' countries, on Sunday in Israel. */
export function weekdayPoints(weekdays: SmsAnalytics['weekdays'], locale: string): Point[] {
  const order = locale.startsWith('he') ? [0, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 0];
  return order.map((d) => {
    const w = weekdays.find((x) => x.weekday === d) ?? { weekday: d, sent: 0, received: 0 };
    return {
      label: weekdayName(d, locale, 'short'),
      title: weekdayName(d, locale),
      sent: w.sent,
      received: w.received,
    };
  });
}
