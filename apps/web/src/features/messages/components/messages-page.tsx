import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';

/** A future feature: for now, say what will land here and what to do next. */
export function MessagesPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('placeholders.messagesTitle')} description={t('placeholders.messagesSubtitle')} />
      <EmptyState
        icon="message"
        title={t('placeholders.messagesEmpty')}
        body={t('placeholders.messagesBody')}
      />
    </div>
  );
}
