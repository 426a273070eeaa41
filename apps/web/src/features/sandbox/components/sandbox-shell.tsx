import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../../components/language-switcher';
import { buttonClasses } from '../../../components/ui/button';
import { Logo } from '../../../components/ui/logo';
import { currentLocale, setLocale } from '../../../i18n/i18n';
import { meQueryOptions } from '../../auth/api/get-me';
import { SandboxTabs } from './sandbox-links';

/** The frame of the sandbox pages (mailbox, phone simulator): usable signed in or not. */
export function SandboxShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useQuery({ ...meQueryOptions(), retry: false });
  return (
    <div className="min-h-dvh bg-zinc-50/70">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-2 px-4 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link to="/" aria-label="AVA" className="shrink-0">
              <Logo />
            </Link>
            <SandboxTabs />
          </div>
          <div className="flex items-center gap-1 sm:gap-2">
            <LanguageSwitcher
              key={i18n.language}
              value={currentLocale()}
              onChange={(locale) => void setLocale(locale, { picked: !me.data })}
              className="max-sm:[&>span]:sr-only"
            />
            <Link to={me.data ? '/' : '/login'} className={buttonClasses('secondary', 'sm')}>
              {t('mailbox.openApp')}
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="px-4 py-6 sm:px-6 sm:py-10">
        {children}
      </main>
    </div>
  );
}
