import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallOutcomeBadge } from '../../../components/call-outcome';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { Input } from '../../../components/ui/input';
import { PageHeader } from '../../../components/ui/page-header';
import { NativeSelect } from '../../../components/ui/select';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useNumbers } from '../../numbers/api/list-numbers';
import { useCalls, type CallFilters } from '../api/list-calls';

const outcomes = ['answered', 'missed', 'booked'] as const;

/** A local date (YYYY-MM-DD from a date input) as the instant its day starts or ends. */
function dayBound(date: string, end: boolean): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** The calls page with its number filter filled from the organisation's numbers. */
export function CallsPageWithNumbers({ orgId }: { orgId: string }) {
  const list = useNumbers(orgId);
  const numbers = (list.data?.numbers ?? []).map((n) => ({
    id: n.id,
    label: n.label ? `${n.label} · ${formatPhone(n.e164)}` : formatPhone(n.e164),
  }));
  return <CallsPage orgId={orgId} numbers={numbers} />;
}

export function CallsPage({ orgId, numbers }: { orgId: string; numbers: { id: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [outcome, setOutcome] = useState<CallFilters['outcome']>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [numberId, setNumberId] = useState('');

  useEffect(() => {
    const id = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(id);
  }, [search]);

  const filters: CallFilters = {
    ...(q ? { q } : {}),
    ...(outcome ? { outcome } : {}),
    ...(from ? { from: dayBound(from, false) } : {}),
    ...(to ? { to: dayBound(to, true) } : {}),
    ...(numberId ? { numberId } : {}),
  };
  const calls = useCalls(orgId, filters);
  const rows = calls.data?.pages.flatMap((p) => p.calls) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <div>
      <PageHeader title={t('calls.title')} description={t('calls.subtitle')} />
      <div className="mb-4 flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Input
            type="search"
            aria-label={t('calls.search')}
            placeholder={t('calls.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="max-w-xs"
          />
          <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('calls.outcomeFilter')}>
            {[undefined, ...outcomes].map((o) => (
              <button
                key={o ?? 'all'}
                type="button"
                aria-pressed={outcome === o}
                onClick={() => setOutcome(o)}
                className={cn(
                  'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset',
                  outcome === o
                    ? 'bg-indigo-600 text-white ring-indigo-600'
                    : 'bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50',
                )}
              >
                {o ? t(`calls.outcome.${o}`) : t('calls.all')}
              </button>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-600">
          <label className="flex items-center gap-1.5">
            {t('calls.from')}
            <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-auto" />
          </label>
          <label className="flex items-center gap-1.5">
            {t('calls.to')}
            <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-auto" />
          </label>
          {numbers.length > 0 && (
            <NativeSelect
              aria-label={t('calls.number')}
              value={numberId}
              onChange={(e) => setNumberId(e.target.value)}
              className="w-auto"
            >
              <option value="">{t('calls.allNumbers')}</option>
              {numbers.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label}
                </option>
              ))}
            </NativeSelect>
          )}
        </div>
      </div>
      {calls.error && <Alert tone="error">{translateError(t, calls.error)}</Alert>}
      {calls.isPending && <Spinner label={t('app.loading')} />}
      {calls.data && rows.length === 0 && (
        <EmptyState
          icon="phone"
          title={filtered ? t('calls.noMatch') : t('placeholders.callsEmpty')}
          body={filtered ? t('calls.noMatchBody') : t('calls.emptyBody')}
        />
      )}
      {rows.length > 0 && (
        <Card>
          <ul className="divide-y divide-zinc-100" data-testid="calls-list">
            {rows.map((call) => (
              <li key={call.id}>
                <Link
                  to="/calls/$callId"
                  params={{ callId: call.id }}
                  className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 sm:px-6"
                  data-testid="call-row"
                >
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-zinc-900">
                      {call.callerName ? (
                        <>
                          {call.callerName}{' '}
                          <bdi dir="ltr" className="font-normal text-zinc-500">
                            {formatPhone(call.callerNumber)}
                          </bdi>
                        </>
                      ) : (
                        <bdi dir="ltr">{formatPhone(call.callerNumber) || t('calls.unknownCaller')}</bdi>
                      )}
                    </p>
                    <p className="truncate text-xs text-zinc-500">
                      {formatDateTime(call.startedAt, i18n.language)}
                      {call.summary ? ` · ${call.summary}` : ''}
                    </p>
                  </div>
                  <span className="hidden text-sm text-zinc-500 tabular-nums sm:block" dir="ltr">
                    {formatDuration(call.durationSeconds)}
                  </span>
                  <CallOutcomeBadge call={call} />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {calls.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            loading={calls.isFetchingNextPage}
            onClick={() => void calls.fetchNextPage()}
          >
            {t('calls.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
