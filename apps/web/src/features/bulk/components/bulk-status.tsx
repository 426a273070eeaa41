import { skipReasons, type BulkPreview, type BulkSend } from '@ava/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';

type Tone = 'neutral' | 'indigo' | 'green' | 'amber' | 'red';

const sendTones: Record<BulkSend['status'], Tone> = {
  scheduled: 'amber',
  sending: 'indigo',
  completed: 'green',
  canceled: 'neutral',
};

export function SendStatusBadge({ status }: { status: BulkSend['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={sendTones[status]} data-testid="send-status">
      {t(`bulk.sendStatus.${status}`)}
    </Badge>
  );
}

/** The statuses a bulk text goes through, in the order the recipients table offers them as filters. */
export const messageStatuses = [
  'pending',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
] as const;

const messageTones: Record<string, Tone> = {
  pending: 'neutral',
  queued: 'indigo',
  accepted: 'indigo',
  scheduled: 'neutral',
  sending: 'indigo',
  sent: 'indigo',
  delivered: 'green',
  undelivered: 'red',
  failed: 'red',
  canceled: 'neutral',
};

export function messageStatusLabel(t: TFunction, exists: (key: string) => boolean, status: string) {
  return exists(`bulk.messageStatus.${status}`) ? t(`bulk.messageStatus.${status}`) : status;
}

export function MessageStatusBadge({ status }: { status: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Badge tone={messageTones[status] ?? 'neutral'}>
      {messageStatusLabel(t, (k) => i18n.exists(k), status)}
    </Badge>
  );
}

/**
 * A message's errorReason is an i18n key (`provider.twilio.delivery.30003`, `errors.NO_SENDER`,
 * `messaging.skip.optedOut`) defined by other bundles; a key none of them knows gets a generic sentence.
 */
export function reasonText(t: TFunction, exists: (key: string) => boolean, reason: string | null) {
  if (!reason) return null;
  if (/^[\w.]+$/.test(reason) && exists(reason)) return t(reason);
  if (reason.startsWith('provider.twilio.delivery.')) return t('provider.twilio.delivery.unknown');
  return t('bulk.reasons.unknown');
}

export type Progress = {
  total: number;
  done: number;
  delivered: number;
  failed: number;
  canceled: number;
  inFlight: number;
};

export function progressOf(send: Pick<BulkSend, 'total' | 'counts'>): Progress {
  const c = (s: string) => send.counts[s] ?? 0;
  const pending = c('pending');
  const delivered = c('delivered');
  const failed = c('failed') + c('undelivered');
  const canceled = c('canceled');
  const total = Math.max(
    send.total,
    Object.values(send.counts).reduce((a, n) => a + n, 0),
  );
  const done = total - pending;
  return {
    total,
    done,
    delivered,
    failed,
    canceled,
    inFlight: Math.max(0, done - delivered - failed - canceled),
  };
}

/** One bar, coloured by outcome: delivered, on the way, failed, canceled; the rest is still to send. */
export function ProgressBar({
  send,
  className,
}: {
  send: Pick<BulkSend, 'total' | 'counts'>;
  className?: string;
}) {
  const { t } = useTranslation();
  const p = progressOf(send);
  const pct = (n: number) => (p.total ? (n / p.total) * 100 : 0);
  const parts = [
    { n: p.delivered, cls: 'bg-emerald-500' },
    { n: p.inFlight, cls: 'bg-indigo-500' },
    { n: p.failed, cls: 'bg-red-500' },
    { n: p.canceled, cls: 'bg-zinc-400' },
  ];
  return (
    <div
      role="progressbar"
      aria-label={t('bulk.progress.label')}
      aria-valuemin={0}
      aria-valuemax={p.total}
      aria-valuenow={p.done}
      aria-valuetext={t('bulk.progress.value', { done: p.done, total: p.total })}
      className={cn('flex h-2 w-full overflow-hidden rounded-full bg-zinc-100', className)}
    >
      {parts.map((part, i) =>
        part.n > 0 ? <div key={i} className={part.cls} style={{ width: `${pct(part.n)}%` }} /> : null,
      )}
    </div>
  );
}

/** "12 of 50 done · 10 delivered · 2 failed" */
export function ProgressSummary({ send }: { send: Pick<BulkSend, 'total' | 'counts'> }) {
  const { t } = useTranslation();
  const p = progressOf(send);
  return (
    <p className="text-xs text-zinc-500 tabular-nums" data-testid="progress-summary">
      {t('bulk.progress.value', { done: p.done, total: p.total })}
      {' · '}
      {t('bulk.progress.delivered', { count: p.delivered })}
      {p.failed > 0 && (
        <>
          {' · '}
          <span className="text-red-600">{t('bulk.progress.failed', { count: p.failed })}</span>
        </>
      )}
      {p.canceled > 0 && (
        <>
          {' · '}
          {t('bulk.progress.canceled', { count: p.canceled })}
        </>
      )}
    </p>
  );
}

const SHOWN_PER_REASON = 20;

/** Who will not get the text, grouped by why, each reason explained in plain words. */
export function SkippedList({
  skipped,
  names = {},
}: {
  skipped: BulkPreview['skipped'];
  /** contact id → name, for the contacts picked by hand */
  names?: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (skipped.length === 0) return null;
  return (
    <section aria-labelledby="skipped-title" className="space-y-3" data-testid="skipped">
      <h3 id="skipped-title" className="text-sm font-semibold text-zinc-900">
        {t('bulk.skipped.title', { count: skipped.length })}
      </h3>
      {skipReasons.map((reason) => {
        const rows = skipped.filter((s) => s.reason === reason);
        if (rows.length === 0) return null;
        return (
          <div
            key={reason}
            role="group"
            aria-labelledby={`skip-${reason}`}
            className="rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200"
            data-testid={`skipped-${reason}`}
          >
            <p id={`skip-${reason}`} className="text-sm font-medium text-zinc-900">
              {t(`bulk.skipped.reason.${reason}`, { count: rows.length })}
            </p>
            <p className="mt-0.5 text-xs text-zinc-600">{t(`bulk.skipped.why.${reason}`)}</p>
            <ul className="mt-2 flex flex-wrap gap-1.5">
              {rows.slice(0, SHOWN_PER_REASON).map((s, i) => {
                const name = s.contactId ? names[s.contactId] : undefined;
                const number = s.e164 ? formatPhone(s.e164) || s.e164 : null;
                return (
                  <li key={`${s.contactId ?? ''}-${s.e164 ?? ''}-${i}`}>
                    <Badge>
                      {name && <span>{name}</span>}
                      {number && <bdi dir="ltr">{number}</bdi>}
                      {!name && !number && t('bulk.skipped.unknownContact')}
                    </Badge>
                  </li>
                );
              })}
              {rows.length > SHOWN_PER_REASON && (
                <li className="text-xs text-zinc-500">
                  {t('bulk.skipped.more', { count: rows.length - SHOWN_PER_REASON })}
                </li>
              )}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
