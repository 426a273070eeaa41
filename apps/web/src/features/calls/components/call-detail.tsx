import type { CallDetail } from '@ava/contracts';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { CallOutcomeBadge } from '../../../components/call-outcome';
import { Alert } from '../../../components/ui/alert';
import { Card, CardHeader } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { formatCost, formatDateTime, formatDuration } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useCall } from '../api/get-call';

function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value ?? null, null, 2);
}

/** The conversation as chat bubbles: the caller on one side, AVA on the other, tools in between. */
export function Transcript({ messages, transcript }: Pick<CallDetail, 'messages' | 'transcript'>) {
  const { t } = useTranslation();
  const lines = messages.filter(
    (m) => (m.role === 'user' || m.role === 'assistant' || m.role === 'bot') && m.message,
  );
  if (lines.length === 0)
    return transcript ? (
      <p className="text-sm whitespace-pre-wrap text-zinc-700">{transcript}</p>
    ) : (
      <p className="text-sm text-zinc-500">{t('calls.noTranscript')}</p>
    );
  return (
    <ul className="space-y-2.5" aria-label={t('calls.transcript')} data-testid="transcript">
      {lines.map((m, i) => {
        const caller = m.role === 'user';
        return (
          <li key={i} className={cn('flex flex-col', caller ? 'items-start' : 'items-end')}>
            <span className="px-1 text-[11px] font-medium text-zinc-400">
              {caller ? t('calls.caller') : t('calls.ava')}
            </span>
            <div
              dir="auto"
              className={cn(
                'max-w-[85%] rounded-2xl px-3.5 py-2 text-sm whitespace-pre-wrap',
                caller ? 'rounded-ss-md bg-zinc-100 text-zinc-900' : 'rounded-se-md bg-indigo-600 text-white',
              )}
            >
              {m.message}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

export function CallDetailPage({ orgId, callId }: { orgId: string; callId: string }) {
  const { t, i18n } = useTranslation();
  const query = useCall(orgId, callId);
  const call = query.data;
  return (
    <div>
      <Link
        to="/calls"
        className="mb-4 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800"
      >
        <Icon name="arrow-left" className="size-4 rtl:rotate-180" />
        {t('calls.back')}
      </Link>
      {query.error && <Alert tone="error">{translateError(t, query.error)}</Alert>}
      {query.isPending && <Spinner label={t('app.loading')} />}
      {call && (
        <>
          <div className="mb-6 flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">
              {call.callerName ?? (
                <bdi dir="ltr">{formatPhone(call.callerNumber) || t('calls.unknownCaller')}</bdi>
              )}
            </h1>
            <CallOutcomeBadge call={call} />
          </div>
          <div className="grid gap-6 lg:grid-cols-3">
            <Card className="lg:col-span-2">
              <CardHeader title={t('calls.transcript')} />
              <div className="p-5 sm:p-6">
                {call.recordingUrl && (
                  <audio controls src={call.recordingUrl} className="mb-5 w-full" data-testid="recording" />
                )}
                <Transcript messages={call.messages} transcript={call.transcript} />
              </div>
            </Card>
            <div className="space-y-6">
              <Card>
                <CardHeader title={t('calls.details')} />
                <dl className="grid grid-cols-2 gap-4 p-5 sm:p-6">
                  <Field label={t('calls.startedAt')}>{formatDateTime(call.startedAt, i18n.language)}</Field>
                  <Field label={t('calls.duration')}>
                    <span dir="ltr">{formatDuration(call.durationSeconds)}</span>
                  </Field>
                  <Field label={t('calls.cost')}>{formatCost(call.cost, i18n.language)}</Field>
                  <Field label={t('calls.endedReason')}>{call.endedReason ?? '—'}</Field>
                  <div className="col-span-2">
                    <Field label={t('calls.summary')}>{call.summary ?? '—'}</Field>
                  </div>
                  <div className="col-span-2">
                    <Field label={t('calls.contact')}>
                      {call.contact ? (
                        <>
                          {call.contact.name ? `${call.contact.name} · ` : ''}
                          <bdi dir="ltr">{formatPhone(call.contact.e164)}</bdi>
                        </>
                      ) : (
                        '—'
                      )}
                    </Field>
                  </div>
                  <div className="col-span-2">
                    <Field label={t('calls.appointments')}>
                      {call.appointments.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="space-y-1" data-testid="call-appointments">
                          {call.appointments.map((a) => (
                            <li key={a.id}>
                              <Link to="/appointments" className="text-indigo-600 hover:underline">
                                {formatDateTime(a.startsAt, i18n.language)}
                              </Link>{' '}
                              {a.status === 'cancelled' && (
                                <span className="text-xs text-zinc-500">({t('appointments.cancelled')})</span>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </Field>
                  </div>
                </dl>
              </Card>
              {call.toolCalls.length > 0 && (
                <Card>
                  <CardHeader title={t('calls.toolCalls')} />
                  <ul className="space-y-3 p-5 sm:p-6" data-testid="tool-calls">
                    {call.toolCalls.map((tool) => (
                      <li key={tool.id} className="rounded-lg bg-amber-50 p-3 text-xs ring-1 ring-amber-200">
                        <p className="flex items-center gap-1.5 font-semibold text-amber-900">
                          <Icon name="wrench" className="size-3.5" />
                          <code dir="ltr">{tool.name}</code>
                        </p>
                        <p className="mt-2 font-medium text-amber-800">{t('calls.arguments')}</p>
                        <pre
                          dir="ltr"
                          className="mt-0.5 overflow-x-auto rounded bg-white/70 p-1.5 text-[11px]"
                        >
                          {pretty(tool.arguments)}
                        </pre>
                        <p className="mt-2 font-medium text-amber-800">{t('calls.result')}</p>
                        <pre
                          dir="ltr"
                          className="mt-0.5 overflow-x-auto rounded bg-white/70 p-1.5 text-[11px] whitespace-pre-wrap"
                        >
                          {pretty(tool.result)}
                        </pre>
                      </li>
                    ))}
                  </ul>
                </Card>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
