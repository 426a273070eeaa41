import i18next from 'i18next';
import { Suspense } from 'react';
import type { Locale, Me } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Dialog as RadixDialog } from 'radix-ui';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localeNames } from '../components/language-switcher';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from '../components/ui/dropdown-menu';
import { Icon, type IconName } from '../components/ui/icons';
import { Logo } from '../components/ui/logo';
import { PageSpinner } from '../components/ui/spinner';
import { meQueryOptions } from '../features/auth/api/get-me';
import { useSignOut } from '../features/auth/api/sign-out';
import { useUpdateMe } from '../features/auth/api/update-me';
import { VerifyEmailBanner } from '../features/auth/components/verify-email-banner';
import { useImportWatcher } from '../features/numbers/hooks/use-import-watcher';
import { OrgSwitcher } from '../features/orgs/components/org-switcher';
import { SandboxNavSection } from '../features/sandbox/components/sandbox-links';
import { currentLocale, setLocale, takePickedLocale } from '../i18n/i18n';
import { isApiError } from '../lib/api-client';
import { cn } from '../lib/cn';

const nav: {
  to:
    | '/'
    | '/calls'
    | '/appointments'
    | '/messages'
    | '/contacts'
    | '/templates'
    | '/bulk'
    | '/analytics'
    | '/numbers'
    | '/settings';
  key: string;
  icon: IconName;
}[] = [
  { to: '/', key: 'dashboard', icon: 'home' },
  { to: '/calls', key: 'calls', icon: 'phone' },
  { to: '/appointments', key: 'appointments', icon: 'clock' },
  { to: '/messages', key: 'messages', icon: 'message' },
  { to: '/contacts', key: 'contacts', icon: 'users' },
  { to: '/templates', key: 'templates', icon: 'file' },
  { to: '/bulk', key: 'bulk', icon: 'send' },
  { to: '/analytics', key: 'analytics', icon: 'chart' },
  { to: '/numbers', key: 'numbers', icon: 'hash' },
  { to: '/settings', key: 'settings', icon: 'settings' },
];

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.main')} className="space-y-0.5">
      {nav.map((item) => (
        <Link
          key={item.to}
          to={item.to}
          onClick={onNavigate}
          activeOptions={{ exact: item.to === '/' }}
          className="group flex items-center gap-3 rounded-lg px-2.5 py-2 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 data-[status=active]:bg-indigo-50 data-[status=active]:text-indigo-700"
        >
          <Icon
            name={item.icon}
            className="size-[18px] text-zinc-400 group-hover:text-zinc-600 group-data-[status=active]:text-indigo-600"
          />
          {t(`nav.${item.key}`)}
        </Link>
      ))}
    </nav>
  );
}

function initials(name: string) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p.charAt(0))
      .join('')
      .toUpperCase() || '?'
  );
}

function UserMenu({ me, compact }: { me: Me; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const updateMe = useUpdateMe();
  const changeLanguage = (locale: Locale) => {
    void setLocale(locale);
    updateMe.mutate({ locale });
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={t('nav.userMenu')}
        data-testid="user-menu"
        className={cn(
          'flex items-center gap-2.5 rounded-lg text-start hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600',
          compact ? 'p-1' : 'w-full px-2 py-2',
        )}
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-indigo-500 to-indigo-700 text-xs font-semibold text-white">
          {initials(me.user.name)}
        </span>
        {!compact && (
          <>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-zinc-900">{me.user.name}</span>
              <span className="block truncate text-xs text-zinc-500">{me.user.email}</span>
            </span>
            <Icon name="chevrons-up-down" className="size-4 text-zinc-400" />
          </>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align={compact ? 'end' : 'start'}
        side={compact ? 'bottom' : 'top'}
        className="w-60"
      >
        <DropdownMenuLabel className="font-normal">
          <span className="block truncate text-sm font-medium text-zinc-900">{me.user.name}</span>
          <span className="block truncate text-xs text-zinc-500">{me.user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void navigate({ to: '/settings/profile' })}>
          <Icon name="user" className="size-4 text-zinc-400" />
          {t('nav.profile')}
        </DropdownMenuItem>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <Icon name="globe" className="size-4 text-zinc-400" />
            {t('app.language')}
            <span className="ms-auto text-xs text-zinc-400">{localeNames[currentLocale()]}</span>
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <DropdownMenuRadioGroup value={i18n.language} onValueChange={(v) => changeLanguage(v as Locale)}>
              {(Object.keys(localeNames) as Locale[]).map((locale) => (
                <DropdownMenuRadioItem key={locale} value={locale} lang={locale}>
                  {localeNames[locale]}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={() =>
            signOut.mutate(undefined, {
              onSettled: () => void navigate({ to: '/login', search: { redirect: undefined } }),
            })
          }
        >
          <Icon name="log-out" className="size-4 text-zinc-400" />
          {t('nav.signOut')}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function SidebarContent({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex h-full flex-col gap-5 px-3 py-4">
      <div className="px-2">
        <Logo />
      </div>
      <OrgSwitcher orgs={me.orgs} activeOrgId={me.activeOrgId} />
      <NavLinks onNavigate={onNavigate} />
      <div className="mt-auto space-y-3">
        <SandboxNavSection onNavigate={onNavigate} />
        <div className="border-t border-zinc-100 pt-2">
          <UserMenu me={me} />
        </div>
      </div>
      <span className="sr-only">{t('app.tagline')}</span>
    </div>
  );
}

/** The saved locale wins once signed in, except a language picked on the sign-in page just before. */
function useLocaleSync(me: Me | undefined) {
  const updateMe = useUpdateMe();
  const picked = useRef<Locale | undefined | null>(null);
  const saving = useRef(false);
  const savedLocale = me?.user.locale;
  useEffect(() => {
    if (!savedLocale) return;
    if (picked.current === null) picked.current = takePickedLocale();
    const choice = picked.current;
    if (choice) {
      picked.current = undefined;
      if (choice !== savedLocale) {
        saving.current = true;
        void setLocale(choice);
        updateMe.mutate({ locale: choice }, { onSettled: () => (saving.current = false) });
        return;
      }
    }
    if (!saving.current && savedLocale !== currentLocale()) void setLocale(savedLocale);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedLocale]);
}

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useQuery(meQueryOptions());
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useLocaleSync(me.data);
  useImportWatcher(me.data?.activeOrgId);

  useEffect(() => {
    if (isApiError(me.error, 'UNAUTHENTICATED'))
      void navigate({ to: '/login', search: { redirect: pathname } });
  }, [me.error, navigate, pathname]);

  if (!me.data) return <PageSpinner label={t('app.loading')} />;

  return (
    <div className="min-h-dvh bg-zinc-50/70">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:start-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t('app.skipToContent')}
      </a>
      <aside
        className="fixed inset-y-0 start-0 z-20 hidden w-64 border-e border-zinc-200 bg-white lg:block"
        data-testid="sidebar"
      >
        <SidebarContent me={me.data} />
      </aside>

      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-zinc-200 bg-white/90 px-3 backdrop-blur lg:hidden">
        <RadixDialog.Root open={menuOpen} onOpenChange={setMenuOpen}>
          <RadixDialog.Trigger
            aria-label={t('nav.openMenu')}
            className="rounded-lg p-2 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <Icon name="menu" className="size-5" />
          </RadixDialog.Trigger>
          <RadixDialog.Portal>
            <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
            <RadixDialog.Content
              aria-describedby={undefined}
              className="fixed inset-y-0 start-0 z-50 w-72 max-w-[85vw] bg-white shadow-xl data-[state=open]:animate-[slide-in_200ms_ease-out]"
            >
              <RadixDialog.Title className="sr-only">{t('nav.main')}</RadixDialog.Title>
              <RadixDialog.Close
                aria-label={t('nav.closeMenu')}
                className="absolute end-3 top-4 rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100"
              >
                <Icon name="x" className="size-5" />
              </RadixDialog.Close>
              <SidebarContent me={me.data} onNavigate={() => setMenuOpen(false)} />
            </RadixDialog.Content>
          </RadixDialog.Portal>
        </RadixDialog.Root>
        <Link to="/" aria-label="AVA">
          <Logo />
        </Link>
        <div className="ms-auto">
          <UserMenu me={me.data} compact />
        </div>
      </header>

      <div className="lg:ps-64">
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
          {!me.data.user.emailVerified && (
            <div className="mb-6">
              <VerifyEmailBanner user={me.data.user} />
            </div>
          )}
          <Suspense fallback={<PageSpinner label={i18next.t('app.loading')} />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
