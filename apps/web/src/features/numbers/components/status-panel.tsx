import type { PhoneNumber } from '@ava/contracts';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/ui/icons';
import { cn } from '../../../lib/cn';
import { useAssistants } from '../../assistants/api/list-assistants';
import { useCredentials } from '../../telephony/api/get-credentials';

/** A number is fully wired when its texts reach AVA (Twilio numbers) and its calls reach the receptionist. */
export const isWired = (n: PhoneNumber) =>
  (n.source === 'vapi' || n.wiring.sms === 'ava') && n.wiring.voice === 'vapi';

function Item({
  ok,
  label,
  value,
  to,
  testId,
}: {
  ok: boolean | null;
  label: string;
  value: ReactNode;
  to: '/settings/telephony' | '/settings/receptionist' | '/numbers';
  testId: string;
}) {
  return (
    <Link
      to={to}
      data-testid={testId}
      data-ok={ok === null ? 'unknown' : String(ok)}
      className="flex items-center gap-3 rounded-lg px-3 py-2.5 hover:bg-zinc-50"
    >
      <span
        className={cn(
          'flex size-7 shrink-0 items-center justify-center rounded-full',
          ok
            ? 'bg-emerald-50 text-emerald-600'
            : ok === false
              ? 'bg-amber-50 text-amber-600'
              : 'bg-zinc-100 text-zinc-400',
        )}
      >
        <Icon name={ok ? 'check' : ok === false ? 'x' : 'circle'} className="size-4" strokeWidth={2.4} />
      </span>
      <span className="min-w-0">
        <span className="block text-xs text-zinc-500">{label}</span>
        <span className="block truncate text-sm font-medium text-zinc-900">{value}</span>
      </span>
    </Link>
  );
}

/** Twilio ✓/✗, Vapi ✓/✗, receptionist ✓/✗, numbers wired n/m: the state of the whole set-up at a glance. */
export function StatusPanel({ orgId, numbers }: { orgId: string; numbers: PhoneNumber[] }) {
  const { t } = useTranslation();
  const credentials = useCredentials(orgId);
  const assistants = useAssistants(orgId);
  const twilio = credentials.data?.twilio;
  const vapi = credentials.data?.vapi;
  const credentialState = (c: typeof twilio) => (!credentials.data ? null : Boolean(c?.verifiedAt));
  const credentialText = (c: typeof twilio) =>
    !credentials.data
      ? '…'
      : !c
        ? t('numbers.panel.notConnected')
        : c.verifiedAt
          ? c.sandbox
            ? t('numbers.panel.connectedSandbox')
            : t('numbers.panel.connected')
          : t('numbers.panel.notVerified');
  const receptionist = assistants.data?.[0];
  const wired = numbers.filter(isWired).length;
  return (
    <section
      aria-label={t('numbers.panel.title')}
      data-testid="status-panel"
      className="mb-6 grid gap-1 rounded-xl border border-zinc-200/80 bg-white p-2 shadow-xs sm:grid-cols-2 lg:grid-cols-4"
    >
      <Item
        testId="status-twilio"
        ok={credentialState(twilio)}
        label="Twilio"
        value={credentialText(twilio)}
        to="/settings/telephony"
      />
      <Item
        testId="status-vapi"
        ok={credentialState(vapi)}
        label="Vapi"
        value={credentialText(vapi)}
        to="/settings/telephony"
      />
      <Item
        testId="status-receptionist"
        ok={assistants.data ? Boolean(receptionist) : assistants.error ? false : null}
        label={t('numbers.panel.receptionist')}
        value={
          assistants.data
            ? receptionist
              ? receptionist.name
              : t('numbers.panel.noReceptionist')
            : assistants.error
              ? t('numbers.panel.unknown')
              : '…'
        }
        to="/settings/receptionist"
      />
      <Item
        testId="status-wired"
        ok={numbers.length === 0 ? false : wired === numbers.length}
        label={t('numbers.panel.wired')}
        value={t('numbers.panel.wiredCount', { wired, total: numbers.length })}
        to="/numbers"
      />
    </section>
  );
}
