import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../lib/phone';

function useClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

function SignalBars() {
  return (
    <svg viewBox="0 0 18 12" className="h-2.5 w-4" aria-hidden="true" fill="currentColor">
      <rect x="0" y="8" width="3" height="4" rx="1" />
      <rect x="5" y="5.5" width="3" height="6.5" rx="1" />
      <rect x="10" y="3" width="3" height="9" rx="1" />
      <rect x="15" y="0" width="3" height="12" rx="1" />
    </svg>
  );
}

function Battery() {
  return (
    <svg viewBox="0 0 26 12" className="h-2.5 w-5" aria-hidden="true">
      <rect x="0.5" y="0.5" width="22" height="11" rx="3" fill="none" stroke="currentColor" opacity="0.45" />
      <rect x="2" y="2" width="15" height="8" rx="1.8" fill="currentColor" />
      <rect x="24" y="4" width="1.6" height="4" rx="0.8" fill="currentColor" opacity="0.45" />
    </svg>
  );
}

/** A phone-shaped card: bezel, status bar (time, the handset's number), screen, home indicator. */
export function PhoneFrame({ number, children }: { number: string | null; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const now = useClock();
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(now);
  return (
    <div
      className="mx-auto w-full max-w-[380px] rounded-[2.75rem] bg-zinc-900 p-2 shadow-2xl ring-1 shadow-indigo-950/25 ring-zinc-700 sm:p-2.5"
      data-testid="phone"
    >
      <div className="relative flex h-[min(720px,calc(100dvh-7rem))] min-h-[540px] lg:h-[min(720px,calc(100dvh-14rem))] flex-col overflow-hidden rounded-[2.25rem] bg-white">
        <div
          aria-hidden="true"
          className="absolute top-2 left-1/2 z-10 h-6 w-24 -translate-x-1/2 rounded-full bg-zinc-900"
        />
        <div className="flex h-10 shrink-0 items-center justify-between px-7 pt-1 text-xs font-semibold text-zinc-900">
          <span className="tabular-nums" dir="ltr">
            {time}
          </span>
          <span className="flex items-center gap-1.5">
            <SignalBars />
            <Battery />
          </span>
        </div>
        <div className="flex shrink-0 items-center justify-center gap-2 px-4 pb-2 text-xs text-zinc-500">
          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-[10px] font-semibold tracking-wide text-amber-800 uppercase">
            {t('simulator.badge')}
          </span>
          <bdi dir="ltr" className="font-medium text-zinc-700" data-testid="phone-number">
            {number ? formatPhone(number) : '—'}
          </bdi>
        </div>
        <div className="flex min-h-0 flex-1 flex-col">{children}</div>
        <div aria-hidden="true" className="flex h-6 shrink-0 items-center justify-center">
          <span className="h-1 w-28 rounded-full bg-zinc-900/80" />
        </div>
      </div>
    </div>
  );
}
