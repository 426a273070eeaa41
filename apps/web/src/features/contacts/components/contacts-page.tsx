import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';

/** A future feature: for now, say what will land here and what to do next. */
export function ContactsPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('placeholders.contactsTitle')} description={t('placeholders.contactsSubtitle')} />
      <EmptyState
        icon="users"
        title={t('placeholders.contactsEmpty')}
        body={t('placeholders.contactsBody')}
      />
    </div>
  );
}
