import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { buttonClasses } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { Icon, type IconName } from '../../../components/ui/icons';
import { PageHeader } from '../../../components/ui/page-header';
import { cn } from '../../../lib/cn';

type Step = { key: string; title: string; body: string; done: boolean; action?: React.ReactNode };

export function DashboardPage({ name, emailVerified }: { name: string; emailVerified: boolean }) {
  const { t } = useTranslation();
  const firstName = name.trim().split(/\s+/)[0] ?? name;
  const steps: Step[] = [
    {
      key: 'verify',
      title: t('dashboard.stepVerify'),
      body: t('dashboard.stepVerifyBody'),
      done: emailVerified,
    },
    {
      key: 'number',
      title: t('dashboard.stepNumber'),
      body: t('dashboard.stepNumberBody'),
      done: false,
      action: <Badge tone="amber">{t('app.comingSoon')}</Badge>,
    },
    {
      key: 'invite',
      title: t('dashboard.stepInvite'),
      body: t('dashboard.stepInviteBody'),
      done: false,
      action: (
        <Link to="/settings/members" className={buttonClasses('secondary', 'sm')}>
          {t('dashboard.invite')}
        </Link>
      ),
    },
  ];
  const done = steps.filter((s) => s.done).length;
  const stats: { label: string; icon: IconName }[] = [
    { label: t('dashboard.statCalls'), icon: 'phone' },
    { label: t('dashboard.statMessages'), icon: 'message' },
    { label: t('dashboard.statContacts'), icon: 'users' },
  ];

  return (
    <div>
      <PageHeader title={t('dashboard.welcome', { name: firstName })} description={t('dashboard.subtitle')} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title={t('dashboard.nextSteps')}
            description={t('dashboard.nextStepsBody')}
            action={
              <span className="text-sm text-zinc-500">
                {t('dashboard.stepsDone', { done, total: steps.length })}
              </span>
            }
          />
          <div className="mx-5 mt-4 h-1.5 overflow-hidden rounded-full bg-zinc-100 sm:mx-6">
            <div
              className="h-full rounded-full bg-indigo-600 transition-all"
              style={{ width: `${Math.max(6, (done / steps.length) * 100)}%` }}
            />
          </div>
          <ol className="mt-2 divide-y divide-zinc-100">
            {steps.map((step) => (
              <li
                key={step.key}
                className="flex items-start gap-3.5 px-5 py-4 sm:px-6"
                data-testid={`step-${step.key}`}
              >
                <span
                  className={cn(
                    'mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full',
                    step.done ? 'bg-emerald-500 text-white' : 'text-zinc-300 ring-2 ring-zinc-200 ring-inset',
                  )}
                >
                  {step.done && <Icon name="check" className="size-3.5" strokeWidth={3} />}
                </span>
                <div className="min-w-0 flex-1">
                  <p
                    className={cn(
                      'text-sm font-medium',
                      step.done ? 'text-zinc-500 line-through' : 'text-zinc-900',
                    )}
                  >
                    {step.title}
                  </p>
                  <p className="mt-0.5 text-sm text-zinc-500">{step.body}</p>
                  <div className="mt-2.5 sm:hidden">
                    {step.done ? <Badge tone="green">{t('dashboard.done')}</Badge> : step.action}
                  </div>
                </div>
                <div className="hidden shrink-0 self-center sm:block">
                  {step.done ? <Badge tone="green">{t('dashboard.done')}</Badge> : step.action}
                </div>
              </li>
            ))}
          </ol>
        </Card>
        <div className="grid grid-cols-3 gap-3 sm:gap-4 lg:grid-cols-1">
          {stats.map((stat) => (
            <Card
              key={stat.label}
              className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:gap-4 sm:p-5"
            >
              <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-zinc-50 text-zinc-400 ring-1 ring-zinc-200">
                <Icon name={stat.icon} className="size-5" />
              </span>
              <div className="min-w-0">
                <p className="text-sm text-zinc-500">{stat.label}</p>
                <p className="text-2xl font-semibold text-zinc-900 tabular-nums">0</p>
              </div>
            </Card>
          ))}
        </div>
      </div>
    </div>
  );
}
