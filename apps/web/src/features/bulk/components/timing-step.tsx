import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { Spinner } from '../../../components/ui/spinner';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useSendingRules } from '../api/get-sending-rules';
import { useSenders } from '../api/list-senders';
import type { Draft, StepErrors } from './draft';
import { nextHour } from './zoned-time';

const radio = 'size-4 shrink-0 accent-indigo-600';

/** Which number sends, and when: now, or at a date and time in the org's time zone. */
export function TimingStep({
  orgId,
  draft,
  errors,
  onChange,
}: {
  orgId: string;
  draft: Draft;
  errors: StepErrors;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const senders = useSenders(orgId);
  const rules = useSendingRules(orgId);
  const list = senders.data ?? [];
  const rotation = list.filter((n) => n.rotation);
  const label = (n: (typeof list)[number]) =>
    n.label ? `${n.label} · ${formatPhone(n.e164)}` : formatPhone(n.e164);
  const timeZone = rules.data?.timeZone ?? 'UTC';
  const sendAtError = errors.sendAt && t(errors.sendAt.message);

  return (
    <div className="space-y-6">
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">{t('bulk.timing.sender')}</legend>
        {senders.isPending && <Spinner label={t('app.loading')} />}
        {senders.error && <Alert tone="error">{translateError(t, senders.error)}</Alert>}
        {senders.data && list.length === 0 && <Alert tone="warning">{t('errors.NO_SENDER')}</Alert>}
        {list.length > 0 && (
          <>
            <label className="flex items-start gap-2.5 text-sm text-zinc-800">
              <input
                type="radio"
                name="bulk-sender"
                className={`${radio} mt-0.5`}
                checked={draft.sender === 'rotation'}
                onChange={() => onChange({ sender: 'rotation' })}
              />
              <span>
                {t('bulk.timing.rotation')}
                <span className="block text-xs text-zinc-500">
                  {rotation.length > 0
                    ? t('bulk.timing.rotationHint', { count: rotation.length })
                    : t('bulk.timing.noRotation', { number: label(list[0]!) })}
                </span>
              </span>
            </label>
            <label className="flex items-start gap-2.5 text-sm text-zinc-800">
              <input
                type="radio"
                name="bulk-sender"
                className={`${radio} mt-0.5`}
                checked={draft.sender !== 'rotation'}
                onChange={() => onChange({ sender: list[0]!.id })}
              />
              <span>{t('bulk.timing.oneNumber')}</span>
            </label>
            {draft.sender !== 'rotation' && (
              <div className="ps-6.5">
                <NativeSelect
                  aria-label={t('bulk.timing.number')}
                  value={draft.sender}
                  onChange={(e) => onChange({ sender: e.target.value })}
                >
                  {list.map((n) => (
                    <option key={n.id} value={n.id}>
                      {label(n)}
                    </option>
                  ))}
                </NativeSelect>
              </div>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-semibold text-zinc-900">{t('bulk.timing.when')}</legend>
        <label className="flex items-center gap-2.5 text-sm text-zinc-800">
          <input
            type="radio"
            name="bulk-when"
            className={radio}
            checked={draft.when === 'now'}
            onChange={() => onChange({ when: 'now' })}
          />
          {t('bulk.timing.now')}
        </label>
        <label className="flex items-center gap-2.5 text-sm text-zinc-800">
          <input
            type="radio"
            name="bulk-when"
            className={radio}
            // Until the org's zone is known, a typed time could be read in the wrong zone.
            disabled={!rules.data}
            checked={draft.when === 'later'}
            onChange={() => {
              const next = nextHour(timeZone);
              onChange({ when: 'later', date: draft.date || next.date, time: draft.time || next.time });
            }}
          />
          {t('bulk.timing.later')}
        </label>
        {draft.when === 'later' && (
          <div className="space-y-1.5 ps-6.5">
            <div className="flex flex-wrap gap-2">
              <Input
                type="date"
                aria-label={t('bulk.timing.date')}
                className="w-auto"
                value={draft.date}
                aria-invalid={sendAtError ? true : undefined}
                aria-describedby="bulk-when-hint"
                onChange={(e) => onChange({ date: e.target.value })}
              />
              <Input
                type="time"
                aria-label={t('bulk.timing.time')}
                className="w-auto"
                value={draft.time}
                aria-invalid={sendAtError ? true : undefined}
                aria-describedby="bulk-when-hint"
                onChange={(e) => onChange({ time: e.target.value })}
              />
            </div>
            {sendAtError && <p className="text-xs font-medium text-red-600">{sendAtError}</p>}
          </div>
        )}
        <p id="bulk-when-hint" className="text-xs text-zinc-500">
          {t('bulk.timing.zone', { zone: timeZone })}
          {rules.data?.quietHours &&
            ` ${t('bulk.timing.quietHours', { start: rules.data.quietHours.start, end: rules.data.quietHours.end })}`}
        </p>
      </fieldset>
    </div>
  );
}
