import { useTranslation } from 'react-i18next';
import { Input } from '../../../components/ui/input';
import { fromZoned } from './zoned-time';

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
