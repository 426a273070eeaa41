import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../../components/ui/icons';
import { cn } from '../../../lib/cn';
import { useAuthConfig } from '../../auth/api/get-auth-config';

/** Sandbox mode: the server runs the offline emulators and keeps mail and SMS in its outbox. */
export function useSandboxMode(): boolean {
  const config = useAuthConfig();
  return config.data?.outbox === true;
}

const links: { to: '/sandbox/phone' | '/sandbox/mailbox'; key: string; icon: IconName }[] = [
  { to: '/sandbox/phone', key: 'app.phoneSimulator', icon: 'smartphone' },
  { to: '/sandbox/mailbox', key: 'app.sandboxMailbox', icon: 'inbox' },
];

/** The small "Sandbox" section of the app's sidebar (sandbox mode only). */
export function SandboxNavSection({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  if (!useSandboxMode()) return null;
  return (
    <nav aria-label={t('nav.sandbox')} className="space-y-0.5" data-testid="sandbox-nav">
      <p className="flex items-center gap-1.5 px-2.5 pb-1 text-[11px] font-semibold tracking-wide text-amber-700 uppercase">
        <Icon name="flask" className="size-3.5" />
        {t('nav.sandbox')}
      </p>
      {links.map((link) => (
        <Link
          key={link.to}
          to={link.to}
          onClick={onNavigate}
          className="group flex items-center gap-3 rounded-lg px-2.5 py-1.5 text-sm font-medium text-zinc-600 hover:bg-amber-50 hover:text-amber-900"
        >
          <Icon name={link.icon} className="size-[18px] text-amber-500 group-hover:text-amber-600" />
          {t(link.key)}
        </Link>
      ))}
    </nav>
  );
}

/** Links to the sandbox tools under the sign-in pages (sandbox mode only). */
export function SandboxFooterLinks({ className }: { className?: string }) {
  const { t } = useTranslation();
  if (!useSandboxMode()) return null;
  return (
    <span className={cn('flex flex-wrap items-center gap-1', className)}>
      {[...links].reverse().map((link) => (
        <Link
          key={link.to}
          to={link.to}
          className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-amber-700 hover:bg-amber-50"
        >
          <Icon name={link.icon === 'inbox' ? 'flask' : link.icon} className="size-3.5" />
          {t(link.key)}
        </Link>
      ))}
    </span>
  );
}

/** Switches between the sandbox pages, in their shared header. */
export function SandboxTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.sandbox')} className="flex items-center gap-1">
      {links.map((link) => (
        <Link
          key={link.to}
          to={link.to}
          className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 data-[status=active]:bg-amber-50 data-[status=active]:text-amber-800"
        >
          <Icon name={link.icon} className="size-4" />
          <span className="sr-only sm:not-sr-only">{t(link.key)}</span>
        </Link>
      ))}
    </nav>
  );
}
