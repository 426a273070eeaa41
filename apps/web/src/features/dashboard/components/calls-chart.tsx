import type { Dashboard } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function CallsChart({ data, days }: { data: Dashboard['perDay']; days: number }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
  const format = new Intl.DateTimeFormat(
    i18n.language,
    days > 90 ? { month: 'short' } : { day: 'numeric', month: 'short' },
  );
  const rows = data.map((d) => ({ ...d, label: format.format(new Date(`${d.date}T12:00:00Z`)) }));
  return (
    <div className="h-64" dir="ltr" role="img" aria-label={t('dashboard.chartLabel')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#f4f4f5" />
          <XAxis
            dataKey="label"
            reversed={rtl}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            minTickGap={12}
          />
          <YAxis
            orientation={rtl ? 'right' : 'left'}
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            fontSize={11}
          />
          <Tooltip cursor={{ fill: '#eef2ff' }} formatter={(v) => [v, t('dashboard.calls')]} />
          <Bar
            dataKey="calls"
            fill="#4f46e5"
            radius={[4, 4, 0, 0]}
            maxBarSize={32}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
