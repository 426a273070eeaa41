import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';

/** A future feature: for now, say what will land here and what to do next. */
export function NumbersPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('placeholders.numbersTitle')} description={t('placeholders.numbersSubtitle')} />
      <EmptyState icon="hash" title={t('placeholders.numbersEmpty')} body={t('placeholders.numbersBody')} />
    </div>
  );
}
