import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import type { ToolCallTrace } from '../api/simulated-calls';
import type { CallEntry, useSimulatedCall } from '../hooks/use-simulated-call';
import { callErrorText } from './sandbox-errors';

type SimulatedCall = ReturnType<typeof useSimulatedCall>;

function useElapsed(startedAt: number | null, endedAt: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null || endedAt !== null) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [startedAt, endedAt]);
  if (startedAt === null) return '00:00';
  const seconds = Math.max(0, Math.floor(((endedAt ?? now) - startedAt) / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

function ToolCard({ tool }: { tool: ToolCallTrace }) {
  const { t } = useTranslation();
  return (
    <li
      className="mx-1 rounded-xl bg-amber-50 px-3 py-2 text-xs text-amber-950 ring-1 ring-amber-200 ring-inset"
      data-testid="tool-call"
    >
      <p className="flex items-center gap-1.5 font-semibold">
        <Icon name="wrench" className="size-3.5 text-amber-600" />
        <span className="text-amber-700">{t('simulator.call.tool')}</span>
        <code className="font-mono" dir="ltr">
          {tool.name}
        </code>
      </p>
      <p className="mt-1.5 font-medium text-amber-800">{t('simulator.call.arguments')}</p>
      <pre
        className="mt-0.5 overflow-x-auto rounded-md bg-white/70 p-1.5 font-mono text-[11px] leading-tight"
        dir="ltr"
      >
        {pretty(tool.arguments)}
      </pre>
      <p className={cn('mt-1.5 font-medium', tool.error ? 'text-red-700' : 'text-amber-800')}>
        {tool.error ? t('simulator.call.toolError') : t('simulator.call.result')}
      </p>
      <pre
        className="mt-0.5 overflow-x-auto rounded-md bg-white/70 p-1.5 font-mono text-[11px] leading-tight whitespace-pre-wrap"
        dir="ltr"
      >
        {tool.error ?? (tool.result ? pretty(tool.result) : '—')}
      </pre>
    </li>
  );
}

function Line({ entry }: { entry: CallEntry }) {
  const { t } = useTranslation();
  if (entry.kind === 'tool') return <ToolCard tool={entry.tool} />;
  const caller = entry.kind === 'caller';
  return (
    <li
      className={cn('flex flex-col', caller ? 'items-end' : 'items-start')}
      data-testid={`line-${entry.kind}`}
    >
      <span className="px-1 text-[10px] font-medium text-zinc-400">
        {caller ? t('simulator.call.caller') : t('simulator.call.assistant')}
      </span>
      <div
        className={cn(
          'max-w-[85%] rounded-2xl px-3.5 py-2 text-sm leading-snug whitespace-pre-wrap',
          caller ? 'rounded-ee-md bg-emerald-600 text-white' : 'rounded-es-md bg-zinc-100 text-zinc-900',
        )}
        dir="auto"
      >
        {entry.text}
      </div>
    </li>
  );
}

/** The Call app of the simulated handset: dial an AVA number and talk to the receptionist by typing. */
export function HandsetCall({
  call,
  handset,
  to,
}: {
  call: SimulatedCall;
  handset: string | null;
  to: string | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const endRef = useRef<HTMLDivElement>(null);
  const elapsed = useElapsed(call.startedAt, call.endedAt);
  const number = call.number ?? to;

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [call.entries.length, call.busy]);

  const dial = () => {
    if (to && handset) void call.start(to, handset);
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const line = text.trim();
    if (!line || call.busy) return;
    setText('');
    void call.say(line);
  };

  if (call.status === 'idle' || call.status === 'dialing') {
    const dialing = call.status === 'dialing';
    return (
      <div className="flex flex-1 flex-col items-center justify-between px-6 pt-6 pb-8 text-center">
        <div className="flex flex-col items-center">
          <span
            className={cn(
              'flex size-20 items-center justify-center rounded-full bg-gradient-to-br from-indigo-500 to-indigo-700 text-white shadow-lg shadow-indigo-500/30',
              dialing && 'animate-pulse',
            )}
          >
            <Icon name="sparkles" className="size-8" />
          </span>
          <p className="mt-4 text-xl font-semibold text-zinc-900">
            {to ? (
              <bdi dir="ltr" data-testid="call-number">
                {formatPhone(to)}
              </bdi>
            ) : (
              t('simulator.call.idleTitle')
            )}
          </p>
          <p className="mt-1 text-sm text-zinc-500" role={dialing ? 'status' : undefined}>
            {dialing
              ? t('simulator.call.calling')
              : to
                ? t('simulator.call.idleBody')
                : t('simulator.needTo')}
          </p>
          {call.error !== null && (
            <Alert tone="error" className="mt-5 text-start text-xs">
              {callErrorText(t, call.error, number)}
            </Alert>
          )}
        </div>
        <button
          type="button"
          onClick={dial}
          disabled={!to || !handset || dialing}
          aria-label={t('simulator.call.start')}
          className="flex size-16 items-center justify-center rounded-full bg-emerald-500 text-white shadow-lg shadow-emerald-500/30 transition hover:bg-emerald-400 disabled:bg-zinc-200 disabled:text-zinc-400 disabled:shadow-none"
        >
          {dialing ? <Spinner className="size-6" /> : <Icon name="phone" className="size-7" />}
        </button>
      </div>
    );
  }

  const ended = call.status === 'ended';
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-zinc-100 px-4 pb-2">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-indigo-500 to-indigo-700 text-white">
          <Icon name="sparkles" className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <bdi dir="ltr" className="block truncate text-sm font-semibold text-zinc-900">
            {formatPhone(number) || number}
          </bdi>
          <p className="text-xs text-zinc-500" role="status" data-testid="call-status">
            {ended ? t('simulator.call.ended') : t('simulator.call.live')}
            {' · '}
            <span className="tabular-nums" dir="ltr">
              {elapsed}
            </span>
          </p>
        </div>
        {!ended && (
          <span
            className="flex size-2.5 shrink-0 animate-pulse rounded-full bg-emerald-500"
            aria-hidden="true"
          />
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-3 py-3">
        <ul role="list" aria-label={t('simulator.call.transcript')} className="space-y-2.5">
          {call.entries.map((entry) => (
            <Line key={entry.id} entry={entry} />
          ))}
        </ul>
        {call.busy && !ended && (
          <p className="mt-3 flex items-center gap-2 px-1 text-xs text-zinc-400">
            <Spinner className="size-3" />
            {t('simulator.call.waiting')}
          </p>
        )}
        {ended && (
          <p className="mt-4 text-center text-xs text-zinc-500" data-testid="call-ended">
            {t('simulator.call.ended')}
            {call.endedReason && ` · ${t('simulator.call.endedReason', { reason: call.endedReason })}`}
          </p>
        )}
        <div ref={endRef} />
      </div>
      {call.error !== null && (
        <div className="px-3 pb-2">
          <Alert tone="error" className="text-xs">
            {callErrorText(t, call.error, number)}
          </Alert>
        </div>
      )}
      {ended ? (
        <div className="flex justify-center gap-2 border-t border-zinc-100 px-3 py-3">
          <Button variant="secondary" size="sm" onClick={call.reset}>
            {t('simulator.call.close')}
          </Button>
          <Button size="sm" onClick={dial} disabled={!to || !handset}>
            <Icon name="phone" className="size-4" />
            {t('simulator.call.callAgain')}
          </Button>
        </div>
      ) : (
        <div className="border-t border-zinc-100 px-3 pt-2 pb-3">
          <form onSubmit={submit} className="flex items-center gap-2">
            <input
              aria-label={t('simulator.call.sayLabel')}
              placeholder={t('simulator.call.sayPlaceholder')}
              value={text}
              dir="auto"
              onChange={(e) => setText(e.target.value)}
              className="h-10 min-w-0 flex-1 rounded-full border-0 bg-zinc-100 px-4 text-sm text-zinc-900 placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none"
            />
            <button
              type="submit"
              aria-label={t('simulator.call.say')}
              disabled={!text.trim() || call.busy}
              className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-white hover:bg-emerald-500 disabled:bg-zinc-200 disabled:text-zinc-400"
            >
              <Icon name="arrow-up" className="size-5" />
            </button>
          </form>
          <div className="mt-3 flex justify-center">
            <button
              type="button"
              onClick={() => void call.hangUp()}
              aria-label={t('simulator.call.hangUp')}
              className="flex size-14 items-center justify-center rounded-full bg-red-500 text-white shadow-lg shadow-red-500/30 hover:bg-red-400"
            >
              <Icon name="phone" className="size-6 rotate-[135deg]" />
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
