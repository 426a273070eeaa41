import { Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { SandboxFooterLinks } from '../features/sandbox/components/sandbox-links';
import { LanguageSwitcher } from '../components/language-switcher';
import { Icon } from '../components/ui/icons';
import { Logo } from '../components/ui/logo';
import { currentLocale, setLocale } from '../i18n/i18n';

function BrandPanel() {
  const { t } = useTranslation();
  const points = [t('auth.brandPoint1'), t('auth.brandPoint2'), t('auth.brandPoint3')];
  return (
    <aside className="relative hidden overflow-hidden bg-zinc-950 lg:flex lg:flex-col lg:justify-center lg:p-16">
      <div
        aria-hidden="true"
        className="absolute inset-0 bg-[radial-gradient(60rem_40rem_at_110%_-10%,rgba(99,102,241,0.45),transparent),radial-gradient(40rem_30rem_at_-10%_110%,rgba(16,185,129,0.18),transparent)]"
      />
      <div className="relative max-w-md">
        <p className="text-3xl font-semibold tracking-tight text-balance text-white">
          {t('auth.brandTitle')}
        </p>
        <p className="mt-4 text-base text-zinc-300">{t('auth.brandBody')}</p>
        <ul className="mt-10 space-y-4">
          {points.map((point) => (
            <li key={point} className="flex gap-3 text-sm text-zinc-200">
              <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-indigo-500/20 text-indigo-300 ring-1 ring-indigo-400/30">
                <Icon name="check" className="size-3.5" strokeWidth={2.5} />
              </span>
              {point}
            </li>
          ))}
        </ul>
        <div className="mt-12 rounded-xl bg-white/5 p-4 ring-1 ring-white/10 backdrop-blur">
          <div className="flex items-center gap-3">
            <span className="flex size-9 items-center justify-center rounded-full bg-emerald-500/15 text-emerald-300">
              <Icon name="phone" className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <div className="h-2 w-32 rounded-full bg-white/25" />
              <div className="mt-2 h-2 w-48 rounded-full bg-white/10" />
            </div>
            <span className="text-xs text-emerald-300 tabular-nums" dir="ltr">
              02:14
            </span>
          </div>
          <div className="mt-4 space-y-2">
            <div className="h-2 w-full rounded-full bg-white/10" />
            <div className="h-2 w-5/6 rounded-full bg-white/10" />
            <div className="h-2 w-2/3 rounded-full bg-white/10" />
          </div>
        </div>
      </div>
    </aside>
  );
}

export function AuthLayout() {
  const { i18n } = useTranslation();
  return (
    <div className="grid min-h-dvh bg-white lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col px-5 py-5 sm:px-10">
        <header className="flex items-center justify-between gap-3">
          <Link to="/" aria-label="AVA">
            <Logo />
          </Link>
          <LanguageSwitcher
            value={currentLocale()}
            key={i18n.language}
            onChange={(locale) => void setLocale(locale, { picked: true })}
          />
        </header>
        <main id="main" className="flex flex-1 items-center justify-center py-10">
          <div className="w-full max-w-sm">
            <Outlet />
          </div>
        </main>
        <footer className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-400">
          <span>© {new Date().getFullYear()} AVA</span>
          <SandboxFooterLinks className="-me-2" />
        </footer>
      </div>
      <BrandPanel />
    </div>
  );
}
