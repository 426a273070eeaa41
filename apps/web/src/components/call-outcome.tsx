import type { CallSummary } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from './ui/badge';

export type CallOutcome = 'live' | 'booked' | 'answered' | 'missed';

/** What happened on a call, as the list filters read it (booked > answered > missed). */
export function callOutcome(call: Pick<CallSummary, 'status' | 'booked' | 'durationSeconds'>): CallOutcome {
  if (call.status === 'in-progress' || call.status === 'ringing' || call.status === 'queued') return 'live';
  if (call.booked) return 'booked';
  if ((call.durationSeconds ?? 0) > 0) return 'answered';
  return 'missed';
}

const tones = { live: 'indigo', booked: 'green', answered: 'neutral', missed: 'red' } as const;

export function CallOutcomeBadge({
  call,
}: {
  call: Pick<CallSummary, 'status' | 'booked' | 'durationSeconds'>;
}) {
  const { t } = useTranslation();
  const outcome = callOutcome(call);
  return (
    <Badge tone={tones[outcome]} data-testid="call-outcome">
      {outcome === 'live' && (
        <span className="size-1.5 animate-pulse rounded-full bg-indigo-500" aria-hidden />
      )}
      {t(`calls.outcome.${outcome}`)}
    </Badge>
  );
}
