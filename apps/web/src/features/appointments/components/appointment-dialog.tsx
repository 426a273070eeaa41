import type { Appointment, Service } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { Textarea } from '../../../components/ui/textarea';
import { isApiError } from '../../../lib/api-client';
import { translateError } from '../../../lib/translate-error';
import { useCancelAppointment } from '../api/cancel-appointment';
import { useCreateAppointment } from '../api/create-appointment';
import { useUpdateAppointment } from '../api/update-appointment';
import { zonedParts, zonedToUtc } from './calendar';

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export type DialogTarget = { appointment?: Appointment; date?: string; minutes?: number };

/** Book, move, edit or cancel an appointment by hand; a taken slot answers 409. */
export function AppointmentDialog({
  orgId,
  timeZone,
  slotMinutes,
  services,
  target,
  onClose,
}: {
  orgId: string;
  timeZone: string;
  slotMinutes: number;
  services: Service[];
  target: DialogTarget;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const existing = target.appointment;
  const startParts = existing ? zonedParts(existing.start, timeZone) : null;
  const [date, setDate] = useState(startParts?.date ?? target.date ?? zonedParts(new Date(), timeZone).date);
  const [time, setTime] = useState(hhmm(startParts?.minutes ?? target.minutes ?? 9 * 60));
  const [duration, setDuration] = useState(
    String(
      existing ? Math.round((Date.parse(existing.end) - Date.parse(existing.start)) / 60_000) : slotMinutes,
    ),
  );
  const [serviceId, setServiceId] = useState(existing?.serviceId ?? '');
  const [name, setName] = useState(existing?.customerName ?? '');
  const [phone, setPhone] = useState(existing?.customerPhone ?? '');
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const create = useCreateAppointment(orgId);
  const update = useUpdateAppointment(orgId);
  const cancel = useCancelAppointment(orgId);
  const error = create.error ?? update.error ?? cancel.error;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      start: zonedToUtc(date, time, timeZone).toISOString(),
      durationMinutes: Number(duration) || slotMinutes,
      serviceId: serviceId || null,
      customerName: name,
      customerPhone: phone,
      notes,
    };
    if (existing) update.mutate({ id: existing.id, body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={existing ? t('appointments.edit') : t('appointments.new')}
        description={t('appointments.timeZoneNote', { zone: timeZone })}
      >
        <form onSubmit={submit} className="space-y-3" noValidate>
          {error && (
            <Alert tone="error">
              {isApiError(error, 'CONFLICT') ? t('appointments.slotTaken') : translateError(t, error)}
            </Alert>
          )}
          <div className="grid grid-cols-3 gap-3">
            <FormField id="ap-date" label={t('appointments.date')}>
              {(props) => (
                <Input {...props} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              )}
            </FormField>
            <FormField id="ap-time" label={t('appointments.time')}>
              {(props) => (
                <Input {...props} type="time" value={time} onChange={(e) => setTime(e.target.value)} />
              )}
            </FormField>
            <FormField id="ap-duration" label={t('appointments.duration')}>
              {(props) => (
                <Input
                  {...props}
                  type="number"
                  min={5}
                  max={480}
                  value={duration}
                  onChange={(e) => setDuration(e.target.value)}
                />
              )}
            </FormField>
          </div>
          {services.length > 0 && (
            <FormField id="ap-service" label={t('appointments.service')}>
              {(props) => (
                <NativeSelect
                  {...props}
                  value={serviceId}
                  onChange={(e) => {
                    setServiceId(e.target.value);
                    const s = services.find((x) => x.id === e.target.value);
                    if (s) setDuration(String(s.durationMinutes));
                  }}
                >
                  <option value="">—</option>
                  {services.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </FormField>
          )}
          <div className="grid grid-cols-2 gap-3">
            <FormField id="ap-name" label={t('appointments.customerName')}>
              {(props) => <Input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
            </FormField>
            <FormField id="ap-phone" label={t('appointments.customerPhone')}>
              {(props) => (
                <Input
                  {...props}
                  dir="ltr"
                  type="tel"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                />
              )}
            </FormField>
          </div>
          <FormField id="ap-notes" label={t('appointments.notes')}>
            {(props) => (
              <Textarea {...props} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
            )}
          </FormField>
          <div className="flex flex-wrap justify-between gap-2 pt-2">
            {existing && existing.status === 'booked' ? (
              <Button
                variant="danger"
                loading={cancel.isPending}
                onClick={() => cancel.mutate(existing.id, { onSuccess: onClose })}
              >
                {t('appointments.cancelAppointment')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={create.isPending || update.isPending}>
              {existing ? t('app.save') : t('appointments.book')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
