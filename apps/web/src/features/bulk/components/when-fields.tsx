import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { DialogClose } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { Textarea } from '../../../components/ui/textarea';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { translateError } from '../../../lib/translate-error';
import { fromZoned, toZoned } from './zoned-time';

/** "When": a date and a time in the organisation's time zone, as the edit dialogs of scheduled sends ask. */
export function WhenFields({
  date,
  time,
  timeZone,
  onDate,
  onTime,
}: {
  date: string;
  time: string;
  timeZone: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-zinc-800">{t('bulk.timing.when')}</legend>
      <div className="flex flex-wrap gap-2">
        <Input
          type="date"
          aria-label={t('bulk.timing.date')}
          className="w-auto"
          value={date}
          onChange={(e) => onDate(e.target.value)}
        />
        <Input
          type="time"
          aria-label={t('bulk.timing.time')}
          className="w-auto"
          value={time}
          onChange={(e) => onTime(e.target.value)}
        />
      </div>
      <p className="text-xs text-zinc-500">{t('bulk.timing.zone', { zone: timeZone })}</p>
    </fieldset>
  );
}

/**
 * The new send time when the fields moved from `start`: `{}` if unchanged, the instant (ISO) if valid, or
 * the translation key of what is wrong with it (not a time, or already past).
 */
export function movedSendAt(
  date: string,
  time: string,
  start: { date: string; time: string },
  timeZone: string,
): { sendAt?: string; error?: 'bulk.timing.invalid' | 'bulk.timing.past' } {
  if (date === start.date && time === start.time) return {};
  const at = fromZoned(date, time, timeZone);
  if (!at) return { error: 'bulk.timing.invalid' };
  if (Date.parse(at) < Date.now()) return { error: 'bulk.timing.past' };
  return { sendAt: at };
}

type Mutate<P> = (patch: P, callbacks: { onSuccess: () => void }) => void;

/**
 * What the edit dialogs of a scheduled text and of a scheduled bulk share: the text and the send time
 * (in the organisation's zone) being edited, the error shown, and saving only what changed.
 */
export function useScheduleEdit(initial: {
  body: string;
  at: string;
  timeZone: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const start = toZoned(initial.at, initial.timeZone);
  const [body, setBody] = useState(initial.body);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [error, setError] = useState<string | null>(null);
  /** Shows what is wrong (a translation key); returns null, for `return fail(…)`. */
  const fail = (key: string): null => {
    setError(t(key));
    return null;
  };
  return {
    body,
    setBody,
    date,
    setDate,
    time,
    setTime,
    error,
    fail,
    /** The text and send time as changed (empty if neither did), or null once the error is shown. */
    changes(): { body?: string; sendAt?: string } | null {
      if (!body.trim()) return fail('validation.required');
      const moved = movedSendAt(date, time, start, initial.timeZone);
      if (moved.error) return fail(moved.error);
      return {
        ...(body !== initial.body ? { body } : {}),
        ...(moved.sendAt ? { sendAt: moved.sendAt } : {}),
      };
    },
    /** Saves `patch` (closing at once when there is nothing to save), then says so and closes. */
    save<P extends object>(patch: P, mutate: Mutate<P>) {
      if (Object.keys(patch).length === 0) return initial.onClose();
      setError(null);
      mutate(patch, {
        onSuccess: () => {
          toast.success({ title: t('app.saved') });
          initial.onClose();
        },
      });
    },
  };
}

export type ScheduleEdit = ReturnType<typeof useScheduleEdit>;

/** The text and the "when" of a send being edited. */
export function ScheduleFields({
  edit,
  id,
  rows,
  timeZone,
}: {
  edit: ScheduleEdit;
  id: string;
  rows: number;
  timeZone: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id={id} label={t('bulk.message.body')}>
        {(props) => (
          <Textarea
            {...props}
            dir="auto"
            rows={rows}
            value={edit.body}
            onChange={(e) => edit.setBody(e.target.value)}
          />
        )}
      </FormField>
      <WhenFields
        date={edit.date}
        time={edit.time}
        timeZone={timeZone}
        onDate={edit.setDate}
        onTime={edit.setTime}
      />
    </>
  );
}

/** The save's failure (a conflict in the words of `conflictKey`: it was sent meanwhile) and the form's error. */
export function EditErrors({
  saveError,
  conflictKey,
  error,
}: {
  saveError: unknown;
  conflictKey: string;
  error: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      {saveError ? (
        <Alert tone="error">
          {isApiError(saveError, 'CONFLICT') ? t(conflictKey) : translateError(t, saveError)}
        </Alert>
      ) : null}
      {error && <Alert tone="error">{error}</Alert>}
    </>
  );
}

/** Cancel and Save at the foot of an edit dialog. */
export function EditFooter({ saving }: { saving: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap justify-end gap-3 border-t border-zinc-100 pt-4">
      <DialogClose asChild>
        <Button variant="ghost">{t('app.cancel')}</Button>
      </DialogClose>
      <Button type="submit" loading={saving}>
        {t('app.save')}
      </Button>
    </div>
  );
}
