import i18next from 'i18next';
import { PageSpinner } from '../components/ui/spinner';
import { Suspense } from 'react';
import { Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/ui/page-header';

const tabs = [
  { to: '/settings/profile', key: 'profile' },
  { to: '/settings/organization', key: 'organization' },
  { to: '/settings/members', key: 'members' },
  { to: '/settings/telephony', key: 'telephony' },
  { to: '/settings/receptionist', key: 'receptionist' },
  { to: '/settings/messaging', key: 'messaging' },
] as const;

export function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('settings.title')} description={t('settings.subtitle')} />
      <nav
        aria-label={t('settings.title')}
        className="-mx-4 mb-6 overflow-x-auto border-b border-zinc-200 px-4 sm:mx-0 sm:px-0"
      >
        <ul className="flex gap-6">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <Link
                to={tab.to}
                className="-mb-px block border-b-2 border-transparent py-2.5 text-sm font-medium whitespace-nowrap text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 data-[status=active]:border-indigo-600 data-[status=active]:text-indigo-700"
              >
                {t(`settings.tabs.${tab.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-6">
        <Suspense fallback={<PageSpinner label={i18next.t('app.loading')} />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}
