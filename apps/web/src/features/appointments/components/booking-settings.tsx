import type { BookingSettings } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { Checkbox } from '../../../components/ui/checkbox';
import { Input } from '../../../components/ui/input';
import { useToast } from '../../../components/ui/toast';
import { translateError } from '../../../lib/translate-error';
import { useCreateService } from '../api/create-service';
import { useDeleteService } from '../api/delete-service';
import { useServices } from '../api/list-services';
import { useRotateIcsToken } from '../api/rotate-ics-token';
import { useUpdateBookingSettings } from '../api/update-booking-settings';
import { useUpdateService } from '../api/update-service';

const dayOrder = [1, 2, 3, 4, 5, 6, 0];

function HoursForm({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: BookingSettings;
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const save = useUpdateBookingSettings(orgId);
  const [hours, setHours] = useState(() =>
    Object.fromEntries(
      dayOrder.map((d) => {
        const h = settings.businessHours.find((x) => x.day === d);
        return [d, { open: Boolean(h), from: h?.open ?? '09:00', to: h?.close ?? '18:00' }];
      }),
    ),
  );
  const [slot, setSlot] = useState(String(settings.slotMinutes));
  const [enabled, setEnabled] = useState(settings.bookingEnabled);
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 4 + d)),
    );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        businessHours: dayOrder
          .filter((d) => hours[d]!.open)
          .map((d) => ({ day: d, open: hours[d]!.from, close: hours[d]!.to })),
        slotMinutes: Number(slot),
        bookingEnabled: enabled,
      },
      { onSuccess: () => toast.success({ title: t('app.saved') }) },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-4 p-5 sm:p-6">
      {save.error && <Alert tone="error">{translateError(t, save.error)}</Alert>}
      <label className="flex items-center gap-2 text-sm font-medium text-zinc-900">
        <Checkbox checked={enabled} onCheckedChange={(v) => setEnabled(v === true)} disabled={!canManage} />
        {t('appointments.settings.bookingEnabled')}
      </label>
      <table className="w-full text-sm">
        <tbody>
          {dayOrder.map((d) => (
            <tr key={d}>
              <td className="py-1 pe-3">
                <label className="flex items-center gap-2">
                  <Checkbox
                    checked={hours[d]!.open}
                    disabled={!canManage}
                    onCheckedChange={(v) => setHours({ ...hours, [d]: { ...hours[d]!, open: v === true } })}
                  />
                  <span className="capitalize">{dayName(d)}</span>
                </label>
              </td>
              <td className="py-1">
                {hours[d]!.open ? (
                  <span className="flex items-center gap-2">
                    <Input
                      type="time"
                      aria-label={t('appointments.settings.opens', { day: dayName(d) })}
                      className="w-28"
                      value={hours[d]!.from}
                      disabled={!canManage}
                      onChange={(e) => setHours({ ...hours, [d]: { ...hours[d]!, from: e.target.value } })}
                    />
                    –
                    <Input
                      type="time"
                      aria-label={t('appointments.settings.closes', { day: dayName(d) })}
                      className="w-28"
                      value={hours[d]!.to}
                      disabled={!canManage}
                      onChange={(e) => setHours({ ...hours, [d]: { ...hours[d]!, to: e.target.value } })}
                    />
                  </span>
                ) : (
                  <span className="text-zinc-400">{t('appointments.settings.closed')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="flex items-center gap-2 text-sm">
        {t('appointments.settings.slotMinutes')}
        <Input
          type="number"
          min={5}
          max={480}
          className="w-24"
          value={slot}
          disabled={!canManage}
          onChange={(e) => setSlot(e.target.value)}
        />
      </label>
      {canManage && (
        <Button type="submit" loading={save.isPending}>
          {t('app.save')}
        </Button>
      )}
    </form>
  );
}

function Services({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const services = useServices(orgId);
  const create = useCreateService(orgId);
  const update = useUpdateService(orgId);
  const remove = useDeleteService(orgId);
  const [name, setName] = useState('');
  const [duration, setDuration] = useState('30');
  const error = create.error ?? update.error ?? remove.error;
  return (
    <div className="space-y-3 p-5 sm:p-6">
      {error && <Alert tone="error">{translateError(t, error)}</Alert>}
      <ul className="divide-y divide-zinc-100">
        {(services.data?.services ?? []).map((s) => (
          <li key={s.id} className="flex items-center gap-3 py-2 text-sm">
            <span className="flex-1 font-medium">{s.name}</span>
            <span className="text-zinc-500">{t('appointments.minutes', { count: s.durationMinutes })}</span>
            {canManage && (
              <>
                <label className="flex items-center gap-1.5 text-xs text-zinc-600">
                  <Checkbox
                    checked={s.active}
                    onCheckedChange={(v) => update.mutate({ id: s.id, body: { active: v === true } })}
                  />
                  {t('appointments.settings.active')}
                </label>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={t('appointments.settings.deleteService', { name: s.name })}
                  onClick={() => remove.mutate(s.id)}
                >
                  {t('appointments.settings.delete')}
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            create.mutate(
              { name: name.trim(), durationMinutes: Number(duration) },
              { onSuccess: () => setName('') },
            );
          }}
        >
          <Input
            aria-label={t('appointments.settings.serviceName')}
            placeholder={t('appointments.settings.serviceName')}
            className="max-w-56"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <Input
            aria-label={t('appointments.duration')}
            type="number"
            min={5}
            max={480}
            className="w-24"
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
          />
          <Button type="submit" variant="secondary" loading={create.isPending}>
            {t('appointments.settings.addService')}
          </Button>
        </form>
      )}
    </div>
  );
}

function IcsFeed({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: BookingSettings;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const rotate = useRotateIcsToken(orgId);
  return (
    <div className="space-y-3 p-5 sm:p-6">
      <p className="text-sm text-zinc-500">{t('appointments.settings.icsBody')}</p>
      <div className="flex gap-2">
        <Input
          readOnly
          dir="ltr"
          value={settings.icsUrl}
          aria-label={t('appointments.settings.icsUrl')}
          onFocus={(e) => e.target.select()}
        />
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(settings.icsUrl)
              .then(() => toast.success({ title: t('appointments.settings.copied') }))
          }
        >
          {t('appointments.settings.copy')}
        </Button>
      </div>
      {canManage && (
        <Button variant="ghost" size="sm" loading={rotate.isPending} onClick={() => rotate.mutate()}>
          {t('appointments.settings.rotate')}
        </Button>
      )}
    </div>
  );
}

export function BookingSettingsPanel({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: BookingSettings;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader
          title={t('appointments.settings.hours')}
          description={t('appointments.timeZoneNote', { zone: settings.timezone })}
        />
        <HoursForm orgId={orgId} settings={settings} canManage={canManage} />
      </Card>
      <div className="space-y-6">
        <Card>
          <CardHeader title={t('appointments.settings.services')} />
          <Services orgId={orgId} canManage={canManage} />
        </Card>
        <Card>
          <CardHeader title={t('appointments.settings.ics')} />
          <IcsFeed orgId={orgId} settings={settings} canManage={canManage} />
        </Card>
      </div>
    </div>
  );
}
