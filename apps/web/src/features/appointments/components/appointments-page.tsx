import type { Appointment } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icons';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useBookingSettings } from '../api/get-booking-settings';
import { useAppointments } from '../api/list-appointments';
import { useServices } from '../api/list-services';
import { AppointmentDialog, type DialogTarget } from './appointment-dialog';
import { BookingSettingsPanel } from './booking-settings';
import { addDays, hourRange, position, weekDays, weekStart, zonedParts, zonedToUtc } from './calendar';

const HOUR_PX = 56;

function WeekGrid({
  days,
  appointments,
  timeZone,
  hours,
  onOpen,
}: {
  days: string[];
  appointments: Appointment[];
  timeZone: string;
  hours: { open: string; close: string }[];
  onOpen: (target: DialogTarget) => void;
}) {
  const { i18n } = useTranslation();
  const today = zonedParts(new Date(), timeZone).date;
  const range = hourRange(
    hours,
    appointments.map((a) => zonedParts(a.start, timeZone)),
  );
  const rows = range[1] - range[0];
  const dayLabel = new Intl.DateTimeFormat(i18n.language, {
    weekday: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const timeLabel = new Intl.DateTimeFormat(i18n.language, { hour: 'numeric', minute: '2-digit', timeZone });
  return (
    <Card className="overflow-x-auto">
      <div className="grid min-w-[720px]" style={{ gridTemplateColumns: '3.5rem repeat(7, minmax(0, 1fr))' }}>
        <div />
        {days.map((d) => (
          <div
            key={d}
            className={cn(
              'border-b border-zinc-100 py-2 text-center text-xs font-medium',
              d === today ? 'text-indigo-600' : 'text-zinc-500',
            )}
          >
            {dayLabel.format(new Date(`${d}T12:00:00Z`))}
          </div>
        ))}
        <div className="relative" style={{ height: rows * HOUR_PX }}>
          {Array.from({ length: rows }, (_, i) => (
            <span
              key={i}
              className="absolute end-2 -translate-y-1/2 text-[11px] text-zinc-400"
              style={{ top: i * HOUR_PX }}
              dir="ltr"
            >
              {String(range[0] + i).padStart(2, '0')}:00
            </span>
          ))}
        </div>
        {days.map((d, column) => (
          <div
            key={d}
            className={cn('relative border-s border-zinc-100', d === today && 'bg-indigo-50/30')}
            style={{ height: rows * HOUR_PX }}
            data-testid={`day-${d}`}
          >
            {Array.from({ length: rows }, (_, i) => (
              <button
                key={i}
                type="button"
                aria-label={`${d} ${range[0] + i}:00`}
                onClick={() => onOpen({ date: d, minutes: (range[0] + i) * 60 })}
                className="absolute inset-x-0 border-t border-zinc-100 hover:bg-zinc-50"
                style={{ top: i * HOUR_PX, height: HOUR_PX }}
              />
            ))}
            {appointments.map((a) => {
              const p = position(a, days, range, timeZone);
              if (!p || p.column !== column) return null;
              return (
                <button
                  key={a.id}
                  type="button"
                  onClick={() => onOpen({ appointment: a })}
                  data-testid="calendar-appointment"
                  className={cn(
                    'absolute inset-x-0.5 overflow-hidden rounded-md px-1.5 py-0.5 text-start text-[11px] leading-tight ring-1',
                    a.status === 'cancelled'
                      ? 'bg-zinc-50 text-zinc-400 line-through ring-zinc-200'
                      : a.source === 'call'
                        ? 'bg-emerald-50 text-emerald-900 ring-emerald-200'
                        : 'bg-indigo-50 text-indigo-900 ring-indigo-200',
                  )}
                  style={{ top: `${p.top}%`, height: `${p.height}%` }}
                >
                  <span className="font-semibold">{timeLabel.format(new Date(a.start))}</span>{' '}
                  {a.customerName ?? formatPhone(a.customerPhone)} {a.serviceName ? `· ${a.serviceName}` : ''}
                </button>
              );
            })}
          </div>
        ))}
      </div>
    </Card>
  );
}

function ListView({
  appointments,
  timeZone,
  onOpen,
}: {
  appointments: Appointment[];
  timeZone: string;
  onOpen: (t: DialogTarget) => void;
}) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  if (appointments.length === 0)
    return <p className="py-10 text-center text-sm text-zinc-500">{t('appointments.noneThisWeek')}</p>;
  return (
    <Card>
      <ul className="divide-y divide-zinc-100" data-testid="appointments-list">
        {appointments.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              onClick={() => onOpen({ appointment: a })}
              className="flex w-full items-center gap-3 px-5 py-3 text-start hover:bg-zinc-50"
            >
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-zinc-900">{format.format(new Date(a.start))}</p>
                <p className="text-xs text-zinc-500">
                  {a.customerName ?? '—'}{' '}
                  {a.customerPhone && <bdi dir="ltr">{formatPhone(a.customerPhone)}</bdi>}{' '}
                  {a.serviceName && `· ${a.serviceName}`}
                </p>
              </div>
              <Badge tone={a.status === 'cancelled' ? 'neutral' : a.source === 'call' ? 'green' : 'indigo'}>
                {a.status === 'cancelled'
                  ? t('appointments.cancelled')
                  : t(`appointments.source.${a.source}`)}
              </Badge>
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function AppointmentsPage({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const settings = useBookingSettings(orgId);
  const services = useServices(orgId);
  const timeZone = settings.data?.timezone ?? 'UTC';
  const [start, setStart] = useState<string | null>(null);
  const [view, setView] = useState<'week' | 'list' | 'settings'>('week');
  const [target, setTarget] = useState<DialogTarget | null>(null);
  const week = start ?? weekStart(zonedParts(new Date(), timeZone).date);
  const days = weekDays(week);
  const from = zonedToUtc(week, '00:00', timeZone).toISOString();
  const to = zonedToUtc(addDays(week, 7), '00:00', timeZone).toISOString();
  const appointments = useAppointments(orgId, from, to);
  const rows = appointments.data?.appointments ?? [];
  const rangeLabel = new Intl.DateTimeFormat(i18n.language, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

  return (
    <div>
      <PageHeader
        title={t('appointments.title')}
        description={t('appointments.subtitle')}
        action={
          canManage && (
            <Button onClick={() => setTarget({})}>
              <Icon name="clock" className="size-4" />
              {t('appointments.new')}
            </Button>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <div role="tablist" className="inline-flex rounded-lg bg-zinc-100 p-0.5">
          {(['week', 'list', 'settings'] as const).map((v) => (
            <button
              key={v}
              role="tab"
              type="button"
              aria-selected={view === v}
              onClick={() => setView(v)}
              className={cn(
                'rounded-md px-3 py-1.5 text-sm font-medium',
                view === v ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-500',
              )}
            >
              {t(`appointments.views.${v}`)}
            </button>
          ))}
        </div>
        {view !== 'settings' && (
          <div className="flex items-center gap-1">
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('appointments.previousWeek')}
              onClick={() => setStart(addDays(week, -7))}
            >
              <Icon name="arrow-left" className="size-4 rtl:rotate-180" />
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setStart(null)}>
              {t('appointments.today')}
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('appointments.nextWeek')}
              onClick={() => setStart(addDays(week, 7))}
            >
              <Icon name="arrow-right" className="size-4 rtl:rotate-180" />
            </Button>
            <span className="ms-2 text-sm font-medium text-zinc-700">
              {rangeLabel.format(new Date(`${days[0]}T12:00:00Z`))} –{' '}
              {rangeLabel.format(new Date(`${days[6]}T12:00:00Z`))}
            </span>
          </div>
        )}
      </div>
      {(settings.error ?? appointments.error) && (
        <Alert tone="error">{translateError(t, settings.error ?? appointments.error)}</Alert>
      )}
      {!settings.data ? (
        <Spinner label={t('app.loading')} />
      ) : view === 'settings' ? (
        <BookingSettingsPanel orgId={orgId} settings={settings.data} canManage={canManage} />
      ) : view === 'week' ? (
        <WeekGrid
          days={days}
          appointments={rows}
          timeZone={timeZone}
          hours={settings.data.businessHours}
          onOpen={(x) => canManage && setTarget(x)}
        />
      ) : (
        <ListView appointments={rows} timeZone={timeZone} onOpen={(x) => canManage && setTarget(x)} />
      )}
      {target && settings.data && (
        <AppointmentDialog
          orgId={orgId}
          timeZone={timeZone}
          slotMinutes={settings.data.slotMinutes}
          services={services.data?.services ?? []}
          target={target}
          onClose={() => setTarget(null)}
        />
      )}
    </div>
  );
}
