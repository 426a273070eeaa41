import type { BulkPreview } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { formatCost, formatDateTime } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { SkippedList } from './bulk-status';
import { Variable } from './message-step';

function Stat({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm font-semibold text-zinc-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** What will happen if the user presses Send: who, who not and why, what it costs, and when. */
export function PreviewStep({
  preview,
  timeZone,
  names,
}: {
  preview: BulkPreview;
  timeZone: string;
  names: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => formatDateTime(iso, i18n.language, timeZone);
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Stat label={t('bulk.preview.recipients')} value={preview.recipients} testId="preview-recipients" />
        <Stat label={t('bulk.preview.segments')} value={`${preview.segments} · ${preview.encoding}`} />
        <Stat
          label={t('bulk.preview.cost')}
          value={formatCost(preview.costUsd, i18n.language)}
          testId="preview-cost"
        />
        <Stat label={t('bulk.preview.senders')} value={preview.senders} />
      </dl>

      {preview.recipients === 0 && <Alert tone="error">{t('bulk.preview.nobody')}</Alert>}

      {preview.shiftedByQuietHours && (
        <Alert tone="warning" title={t('bulk.preview.quietTitle')}>
          <span data-testid="quiet-hours-notice">
            {t('bulk.preview.quietBody', { start: when(preview.startsAt) })}
          </span>
        </Alert>
      )}

      <p className="text-sm text-zinc-700" data-testid="preview-timing">
        {t('bulk.preview.timing', {
          start: when(preview.startsAt),
          end: when(preview.finishesAt),
          zone: timeZone,
        })}
      </p>

      {preview.encoding === 'UCS-2' && <Alert tone="warning">{t('bulk.message.ucs2Warning')}</Alert>}

      {preview.unknownVariables.length > 0 && (
        <Alert tone="warning" title={t('bulk.message.unknownTitle')}>
          <span className="flex flex-wrap gap-1.5 font-semibold">
            {preview.unknownVariables.map((v) => (
              <Variable key={v} name={v} />
            ))}
          </span>
          <span className="mt-1 block">{t('bulk.preview.unknownBody')}</span>
        </Alert>
      )}

      {preview.samples.length > 0 && (
        <section aria-labelledby="samples-title" className="space-y-2">
          <h3 id="samples-title" className="text-sm font-semibold text-zinc-900">
            {t('bulk.preview.samples')}
          </h3>
          <ul className="space-y-2">
            {preview.samples.map((s) => (
              <li key={s.to} className="space-y-1">
                <p className="text-xs text-zinc-500">
                  {s.name && <span className="me-1.5">{s.name}</span>}
                  <bdi dir="ltr">{formatPhone(s.to)}</bdi>
                </p>
                <p
                  dir="auto"
                  className="rounded-2xl rounded-ss-sm bg-zinc-100 px-3.5 py-2.5 text-sm break-words whitespace-pre-wrap text-zinc-900"
                >
                  {s.text}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <SkippedList skipped={preview.skipped} names={names} />
    </div>
  );
}
