import type { PhoneNumber } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { FormField } from '../../../components/ui/form-field';
import { Input, inputClasses } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { NativeSelect } from '../../../components/ui/select';
import { Sheet, SheetContent } from '../../../components/ui/sheet';
import { useToast } from '../../../components/ui/toast';
import { ApiError } from '../../../lib/api-client';
import { cn } from '../../../lib/cn';
import { formatPhone, normalisePhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useAssistants } from '../../assistants/api/list-assistants';
import { useUpdateNumber, type UpdateNumberBody } from '../api/update-number';

type Day = { open: boolean; from: string; to: string };
// Monday first in the form; the API counts days from Sunday (0) like Date#getDay.
const dayOrder = [1, 2, 3, 4, 5, 6, 0];

function toDays(hours: PhoneNumber['businessHours']): Day[] {
  return Array.from({ length: 7 }, (_, day) => {
    const range = hours?.find((r) => r.day === day);
    return range
      ? { open: true, from: range.open, to: range.close }
      : { open: false, from: '09:00', to: '18:00' };
  });
}

/** Label, receptionist, AI replies, rotation, business hours, voicemail and fallback of one number. */
export function NumberSettingsSheet({
  orgId,
  number,
  open,
  onOpenChange,
}: {
  orgId: string;
  number: PhoneNumber;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      {open && (
        <SheetContent
          title={
            <>
              {t('numbers.settingsTitle')} <bdi dir="ltr">{formatPhone(number.e164)}</bdi>
            </>
          }
        >
          <SettingsForm orgId={orgId} number={number} onDone={() => onOpenChange(false)} />
        </SheetContent>
      )}
    </Sheet>
  );
}

function SettingsForm({ orgId, number, onDone }: { orgId: string; number: PhoneNumber; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const update = useUpdateNumber(orgId);
  const assistants = useAssistants(orgId);
  const [label, setLabel] = useState(number.label ?? '');
  const [assistantId, setAssistantId] = useState(number.assistantId ?? '');
  const [aiReplies, setAiReplies] = useState(number.aiReplies);
  const [rotation, setRotation] = useState(number.rotation);
  const [smsRate, setSmsRate] = useState(number.smsRate === null ? '' : String(number.smsRate));
  const [voicemail, setVoicemail] = useState(number.voicemail);
  const [fallback, setFallback] = useState(number.fallbackNumber ?? '');
  const [hoursOn, setHoursOn] = useState(number.businessHours !== null);
  const [days, setDays] = useState(() => toDays(number.businessHours));
  const [errors, setErrors] = useState<{ fallback?: string; hours?: string; smsRate?: string }>({});
  const dayNames = new Intl.DateTimeFormat(i18n.language, { weekday: 'long' });
  // 2024-01-07 was a Sunday: day 0.
  const dayName = (day: number) => dayNames.format(new Date(2024, 0, 7 + day));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    const fallbackNumber = fallback.trim() ? normalisePhone(fallback.trim()) : null;
    if (fallback.trim() && !fallbackNumber) next.fallback = 'validation.phone';
    const ranges = days.flatMap((d, day) => (d.open ? [{ day, open: d.from, close: d.to }] : []));
    if (hoursOn && ranges.some((r) => !/^\d{2}:\d{2}$/.test(r.open) || !/^\d{2}:\d{2}$/.test(r.close)))
      next.hours = 'validation.time';
    else if (hoursOn && ranges.some((r) => r.open >= r.close)) next.hours = 'validation.hoursOrder';
    const rate = smsRate.trim() ? Number(smsRate.replace(',', '.')) : null;
    if (rate !== null && !(rate >= 0.1 && rate <= 100)) next.smsRate = 'validation.smsRate';
    setErrors(next);
    if (next.fallback || next.hours || next.smsRate) return;
    const body: UpdateNumberBody = {
      label: label.trim() || null,
      aiReplies,
      rotation,
      smsRate: rate,
      voicemail,
      fallbackNumber,
      businessHours: hoursOn ? ranges : null,
      ...(assistantId !== (number.assistantId ?? '') ? { assistantId: assistantId || null } : {}),
    };
    update.mutate(
      { id: number.id, body },
      {
        onSuccess: () => {
          toast.success({ title: t('numbers.settingsSaved', { number: formatPhone(number.e164) }) });
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.details.length > 0) {
            const issue = error.details[0]!;
            if (issue.path.includes('fallback')) setErrors({ fallback: issue.message });
            else if (issue.path.includes('businessHours')) setErrors({ hours: issue.message });
            else if (issue.path.includes('smsRate')) setErrors({ smsRate: issue.message });
          }
        },
      },
    );
  };

  const toggle = (
    id: string,
    label: string,
    checked: boolean,
    onChange: (v: boolean) => void,
    hint?: string,
  ) => (
    <div className="flex items-start gap-3">
      <Checkbox id={id} checked={checked} onCheckedChange={(v) => onChange(v === true)} className="mt-0.5" />
      <div>
        <Label htmlFor={id}>{label}</Label>
        {hint && <p className="text-xs text-zinc-500">{hint}</p>}
      </div>
    </div>
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label={t('numbers.settingsTitle')}>
      {update.error && !(update.error instanceof ApiError && update.error.details.length > 0) && (
        <Alert tone="error">{translateError(t, update.error)}</Alert>
      )}
      <FormField id="number-label" label={t('numbers.field.label')} optional>
        {(props) => (
          <Input {...props} value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} />
        )}
      </FormField>
      <FormField
        id="number-assistant"
        label={t('numbers.field.assistant')}
        hint={t('numbers.field.assistantHint')}
      >
        {(props) => (
          <NativeSelect {...props} value={assistantId} onChange={(e) => setAssistantId(e.target.value)}>
            <option value="">{t('numbers.field.defaultAssistant')}</option>
            {(assistants.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      {toggle(
        'number-ai',
        t('numbers.field.aiReplies'),
        aiReplies,
        setAiReplies,
        t('numbers.field.aiRepliesHint'),
      )}
      {toggle(
        'number-rotation',
        t('numbers.field.rotation'),
        rotation,
        setRotation,
        t('numbers.field.rotationHint'),
      )}
      {number.source === 'twilio' && number.capabilities.sms && (
        <FormField
          id="number-sms-rate"
          label={t('numbers.field.smsRate')}
          optional
          hint={t('numbers.field.smsRateHint')}
          error={errors.smsRate ? { message: errors.smsRate } : undefined}
        >
          {(props) => (
            <Input
              {...props}
              inputMode="decimal"
              dir="ltr"
              value={smsRate}
              placeholder="1"
              onChange={(e) => setSmsRate(e.target.value)}
            />
          )}
        </FormField>
      )}
      {toggle('number-voicemail', t('numbers.field.voicemail'), voicemail, setVoicemail)}
      <FormField
        id="number-fallback"
        label={t('numbers.field.fallback')}
        optional
        hint={t('numbers.field.fallbackHint')}
        error={errors.fallback ? { message: errors.fallback } : undefined}
      >
        {(props) => (
          <Input
            {...props}
            type="tel"
            dir="ltr"
            value={fallback}
            onChange={(e) => setFallback(e.target.value)}
            placeholder="+33 6 12 34 56 78"
          />
        )}
      </FormField>
      <fieldset className="space-y-3">
        <legend className="sr-only">{t('numbers.field.hours')}</legend>
        {toggle('number-hours', t('numbers.field.hours'), hoursOn, setHoursOn, t('numbers.field.hoursHint'))}
        {hoursOn && (
          <div className="space-y-2 ps-7">
            {dayOrder.map((day) => {
              const d = days[day]!;
              const set = (patch: Partial<Day>) =>
                setDays((all) => all.map((x, i) => (i === day ? { ...x, ...patch } : x)));
              return (
                <div key={day} className="flex flex-wrap items-center gap-2 text-sm">
                  <Checkbox
                    id={`day-${day}`}
                    checked={d.open}
                    onCheckedChange={(v) => set({ open: v === true })}
                  />
                  <Label htmlFor={`day-${day}`} className="w-24 font-normal capitalize">
                    {dayName(day)}
                  </Label>
                  {d.open ? (
                    <span className="flex items-center gap-1.5" dir="ltr">
                      <input
                        type="time"
                        aria-label={t('numbers.field.opens', { day: dayName(day) })}
                        value={d.from}
                        onChange={(e) => set({ from: e.target.value })}
                        className={cn(inputClasses, 'h-8 w-28')}
                      />
                      –
                      <input
                        type="time"
                        aria-label={t('numbers.field.closes', { day: dayName(day) })}
                        value={d.to}
                        onChange={(e) => set({ to: e.target.value })}
                        className={cn(inputClasses, 'h-8 w-28')}
                      />
                    </span>
                  ) : (
                    <span className="text-zinc-400">{t('numbers.field.closed')}</span>
                  )}
                </div>
              );
            })}
            {errors.hours && <p className="text-xs font-medium text-red-600">{t(errors.hours)}</p>}
          </div>
        )}
      </fieldset>
      <div className="flex justify-end gap-3 border-t border-zinc-100 pt-4">
        <Button variant="ghost" onClick={onDone}>
          {t('app.cancel')}
        </Button>
        <Button type="submit" loading={update.isPending}>
          {t('app.save')}
        </Button>
      </div>
    </form>
  );
}
