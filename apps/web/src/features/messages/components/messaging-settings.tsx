import type { MessagingSettings as Settings } from '@ava/contracts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader } from '../../../components/ui/card';
import { Checkbox } from '../../../components/ui/checkbox';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { NativeSelect } from '../../../components/ui/select';
import { PageSpinner } from '../../../components/ui/spinner';
import { Textarea } from '../../../components/ui/textarea';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { translateError } from '../../../lib/translate-error';
import {
  updateMessagingSettingsBodySchema,
  useMessagingSettings,
  useUpdateMessagingSettings,
  type UpdateMessagingSettingsBody,
} from '../api/messaging-settings';

const tones = ['professional', 'friendly', 'casual'] as const;
const dayOrder = [1, 2, 3, 4, 5, 6, 0];
const HELP_MAX = 320;
const CONTEXT_MAX = 2000;

type Day = { open: boolean; from: string; to: string };
type Form = {
  quietHoursEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  helpText: string;
  aiTone: Settings['aiTone'];
  aiContext: string;
  hoursEnabled: boolean;
  hours: Record<number, Day>;
  aiMaxPerHour: string;
};
/** Field → i18n key of its problem; `aiHours.<day>` for one weekday's row. */
type Errors = Record<string, string>;

function toForm(s: Settings): Form {
  return {
    quietHoursEnabled: s.quietHoursEnabled,
    quietStart: s.quietStart,
    quietEnd: s.quietEnd,
    helpText: s.helpText ?? '',
    aiTone: s.aiTone,
    aiContext: s.aiContext ?? '',
    hoursEnabled: s.aiHours !== null,
    hours: Object.fromEntries(
      dayOrder.map((d) => {
        const h = s.aiHours?.find((x) => x.day === d);
        return [
          d,
          {
            open: s.aiHours ? Boolean(h) : d !== 0 && d !== 6,
            from: h?.open ?? '09:00',
            to: h?.close ?? '18:00',
          },
        ];
      }),
    ),
    aiMaxPerHour: String(s.aiMaxPerHour),
  };
}

function toBody(f: Form): UpdateMessagingSettingsBody {
  return {
    quietHoursEnabled: f.quietHoursEnabled,
    quietStart: f.quietStart,
    quietEnd: f.quietEnd,
    helpText: f.helpText.trim() || null,
    aiTone: f.aiTone,
    aiContext: f.aiContext.trim() || null,
    aiHours: f.hoursEnabled
      ? dayOrder
          .filter((d) => f.hours[d]!.open)
          .map((d) => ({ day: d, open: f.hours[d]!.from, close: f.hours[d]!.to }))
      : null,
    aiMaxPerHour: Number(f.aiMaxPerHour),
  };
}

/** Messages that name the field precisely; zod's generic codes say "too long" for a number too big. */
function messageFor(field: string, zodMessage: string) {
  if (field === 'aiMaxPerHour') return 'bulk.settings.maxPerHourRange';
  if (field === 'helpText') return 'bulk.settings.helpTooLong';
  if (field === 'aiContext') return 'bulk.settings.contextTooLong';
  return /^validation\.[\w.]+$/.test(zodMessage) ? zodMessage : 'validation.invalid';
}

/** `aiHours.2.open` → the row of the weekday at index 2 of the payload. */
function fieldOf(path: string, body: UpdateMessagingSettingsBody) {
  const [head, index] = path.replace(/^body\./, '').split('.');
  if (head === 'aiHours' && index !== undefined) {
    const day = body.aiHours?.[Number(index)]?.day;
    return day === undefined ? 'aiHours' : `aiHours.${day}`;
  }
  return head ?? '';
}

function validate(body: UpdateMessagingSettingsBody): Errors {
  const errors: Errors = {};
  const parsed = updateMessagingSettingsBodySchema.safeParse(body);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path.join('.'), body);
      errors[field] ??= messageFor(field, issue.message);
    }
  // The server reads an empty list as "any time": a limit with no day ticked would silently mean none.
  if (body.aiHours?.length === 0) errors.aiHours = 'bulk.settings.ai.noDays';
  for (const h of body.aiHours ?? [])
    if (h.close <= h.open) errors[`aiHours.${h.day}`] ??= 'validation.hoursOrder';
  return errors;
}

/** Label, control, hint and error wired for screen readers; errors are i18n keys from any bundle. */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const { t } = useTranslation();
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600">
          {t(error)}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-xs text-zinc-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** Settings → Messaging: quiet hours, the HELP reply and the AI replies' rules. Members only read. */
export function MessagingSettings({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const settings = useMessagingSettings(orgId);
  if (settings.error) return <Alert tone="error">{translateError(t, settings.error)}</Alert>;
  if (!settings.data) return <PageSpinner label={t('app.loading')} />;
  return <SettingsForm orgId={orgId} settings={settings.data} canManage={canManage} />;
}

function SettingsForm({
  orgId,
  settings,
  canManage,
}: {
  orgId: string;
  settings: Settings;
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const save = useUpdateMessagingSettings(orgId);
  const [form, setForm] = useState(() => toForm(settings));
  const [errors, setErrors] = useState<Errors>({});
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setDay = (d: number, patch: Partial<Day>) =>
    setForm((f) => ({ ...f, hours: { ...f.hours, [d]: { ...f.hours[d]!, ...patch } } }));
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 4 + d)),
    );
  const readOnly = !canManage;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    const body = toBody(form);
    const found = validate(body);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(body, {
      onSuccess: (saved) => {
        setForm(toForm(saved));
        toast.success({ title: t('bulk.settings.saved') });
      },
      onError: (error) => {
        if (!isApiError(error, 'VALIDATION_FAILED')) return;
        const server: Errors = {};
        for (const issue of error.details) {
          const field = fieldOf(issue.path, body);
          server[field] ??= messageFor(field, issue.message);
        }
        setErrors(server);
      },
    });
  };

  const fieldErrors = Object.keys(errors).length > 0;
  const unplacedServerError = save.error && !(isApiError(save.error, 'VALIDATION_FAILED') && fieldErrors);

  return (
    <form onSubmit={submit} noValidate aria-label={t('bulk.settings.title')} className="space-y-6">
      {readOnly && <Alert tone="info">{t('bulk.settings.readOnly')}</Alert>}
      {unplacedServerError && <Alert tone="error">{translateError(t, save.error)}</Alert>}
      {fieldErrors && <Alert tone="error">{t('errors.VALIDATION_FAILED')}</Alert>}

      <fieldset disabled={readOnly} className="space-y-6">
        <Card>
          <CardHeader
            title={t('bulk.settings.quiet.title')}
            description={t('bulk.settings.quiet.subtitle', { zone: settings.timezone })}
          />
          <CardContent className="space-y-4">
            <label className="flex items-center gap-2 text-sm font-medium text-zinc-900">
              <Checkbox
                checked={form.quietHoursEnabled}
                disabled={readOnly}
                onCheckedChange={(v) => set({ quietHoursEnabled: v === true })}
              />
              {t('bulk.settings.quiet.enabled')}
            </label>
            {form.quietHoursEnabled && (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="quiet-start" label={t('bulk.settings.quiet.start')} error={errors.quietStart}>
                  {(props) => (
                    <Input
                      {...props}
                      type="time"
                      value={form.quietStart}
                      onChange={(e) => set({ quietStart: e.target.value })}
                    />
                  )}
                </Field>
                <Field id="quiet-end" label={t('bulk.settings.quiet.end')} error={errors.quietEnd}>
                  {(props) => (
                    <Input
                      {...props}
                      type="time"
                      value={form.quietEnd}
                      onChange={(e) => set({ quietEnd: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader title={t('bulk.settings.help.title')} description={t('bulk.settings.help.subtitle')} />
          <CardContent>
            <Field
              id="help-text"
              label={t('bulk.settings.help.label')}
              error={errors.helpText}
              hint={t('bulk.settings.help.hint', { length: form.helpText.length, max: HELP_MAX })}
            >
              {(props) => (
                <Textarea
                  {...props}
                  dir="auto"
                  rows={3}
                  value={form.helpText}
                  placeholder={t('bulk.settings.help.placeholder')}
                  onChange={(e) => set({ helpText: e.target.value })}
                />
              )}
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader title={t('bulk.settings.ai.title')} description={t('bulk.settings.ai.subtitle')} />
          <CardContent className="space-y-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="ai-tone" label={t('bulk.settings.ai.tone')} error={errors.aiTone}>
                {(props) => (
                  <NativeSelect
                    {...props}
                    value={form.aiTone}
                    onChange={(e) => set({ aiTone: e.target.value as Form['aiTone'] })}
                  >
                    {tones.map((tone) => (
                      <option key={tone} value={tone}>
                        {t(`bulk.settings.ai.tones.${tone}`)}
                      </option>
                    ))}
                  </NativeSelect>
                )}
              </Field>
              <Field
                id="ai-max"
                label={t('bulk.settings.ai.maxPerHour')}
                hint={t('bulk.settings.ai.maxPerHourHint')}
                error={errors.aiMaxPerHour}
              >
                {(props) => (
                  <Input
                    {...props}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={20}
                    className="w-28"
                    value={form.aiMaxPerHour}
                    onChange={(e) => set({ aiMaxPerHour: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <Field
              id="ai-context"
              label={t('bulk.settings.ai.context')}
              error={errors.aiContext}
              hint={t('bulk.settings.ai.contextHint', { length: form.aiContext.length, max: CONTEXT_MAX })}
            >
              {(props) => (
                <Textarea
                  {...props}
                  dir="auto"
                  rows={5}
                  value={form.aiContext}
                  placeholder={t('bulk.settings.ai.contextPlaceholder')}
                  onChange={(e) => set({ aiContext: e.target.value })}
                />
              )}
            </Field>

            <div className="space-y-3">
              <label className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                <Checkbox
                  checked={form.hoursEnabled}
                  disabled={readOnly}
                  onCheckedChange={(v) => set({ hoursEnabled: v === true })}
                />
                {t('bulk.settings.ai.hoursEnabled')}
              </label>
              <p className="text-xs text-zinc-500">
                {form.hoursEnabled
                  ? t('bulk.settings.ai.hoursHint', { zone: settings.timezone })
                  : t('bulk.settings.ai.anyTime')}
              </p>
              {form.hoursEnabled && (
                <ul className="space-y-2" aria-label={t('bulk.settings.ai.hours')}>
                  {errors.aiHours && (
                    <li className="text-xs font-medium text-red-600">{t(errors.aiHours)}</li>
                  )}
                  {dayOrder.map((d) => {
                    const day = form.hours[d]!;
                    const error = errors[`aiHours.${d}`];
                    return (
                      <li key={d} className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
                        <label className="flex w-32 items-center gap-2 text-sm">
                          <Checkbox
                            checked={day.open}
                            disabled={readOnly}
                            onCheckedChange={(v) => setDay(d, { open: v === true })}
                          />
                          <span className="capitalize">{dayName(d)}</span>
                        </label>
                        {day.open ? (
                          <span className="flex items-center gap-2">
                            <Input
                              type="time"
                              className="w-28"
                              aria-label={t('bulk.settings.ai.from', { day: dayName(d) })}
                              aria-invalid={error ? true : undefined}
                              value={day.from}
                              onChange={(e) => setDay(d, { from: e.target.value })}
                            />
                            –
                            <Input
                              type="time"
                              className="w-28"
                              aria-label={t('bulk.settings.ai.to', { day: dayName(d) })}
                              aria-invalid={error ? true : undefined}
                              value={day.to}
                              onChange={(e) => setDay(d, { to: e.target.value })}
                            />
                          </span>
                        ) : (
                          <span className="text-sm text-zinc-400">{t('bulk.settings.ai.off')}</span>
                        )}
                        {error && <p className="w-full text-xs font-medium text-red-600">{t(error)}</p>}
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </CardContent>
        </Card>
      </fieldset>
      {canManage && (
        <div className="flex justify-end">
          <Button type="submit" loading={save.isPending}>
            {t('app.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
