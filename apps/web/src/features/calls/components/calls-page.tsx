import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';

/** A future feature: for now, say what will land here and what to do next. */
export function CallsPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('placeholders.callsTitle')} description={t('placeholders.callsSubtitle')} />
      <EmptyState icon="phone" title={t('placeholders.callsEmpty')} body={t('placeholders.callsBody')} />
    </div>
  );
}
