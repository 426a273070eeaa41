import type { GuidanceStep } from '@ava/contracts';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';

/** What is still missing before the receptionist can answer a number: one line and one link per step. */
export function GuidanceChecklist({ steps }: { steps: GuidanceStep[] }) {
  const { t } = useTranslation();
  return (
    <div
      className="rounded-lg bg-amber-50/70 px-4 py-3 ring-1 ring-amber-200 ring-inset"
      data-testid="guidance"
    >
      <p className="text-sm font-medium text-amber-900">{t('guidance.title')}</p>
      <ul className="mt-2 space-y-2" aria-label={t('guidance.title')}>
        {steps.map((step) => (
          <li
            key={step.code}
            className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-amber-950"
          >
            <Icon name="circle" className="size-4 shrink-0 text-amber-500" />
            <span className="min-w-0 flex-1">{t(`guidance.${step.code}`)}</span>
            {/* in-app links come from the server (e.g. /settings/telephony) */}
            <Link to={step.link as '/'} className={buttonClasses('secondary', 'sm')}>
              {t(`guidance.action.${step.code}`)}
              <Icon name="arrow-right" className="size-3.5 rtl:rotate-180" />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
