import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { formatDateTime } from '../../../lib/format';
import { translateError } from '../../../lib/translate-error';
import { useSendingRules } from '../api/get-sending-rules';
import { useBulkSends } from '../api/list-bulk-sends';
import { BulkDetail } from './bulk-detail';
import { ProgressBar, ProgressSummary, SendStatusBadge } from './bulk-status';
import { NewBulkSend } from './new-bulk-send';
import { ScheduledTexts } from './scheduled-texts';

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'detail'; id: string };

/**
 * Bulk & scheduled: the sends with live progress, a four-step "New bulk send", one send's recipients,
 * and the single texts scheduled from conversations. Any member may send, as in the inbox.
 */
export function BulkPage({ orgId }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ kind: 'list' });

  return (
    <div>
      <PageHeader
        title={t('bulk.title')}
        description={t('bulk.subtitle')}
        action={
          view.kind === 'list' && (
            <Button onClick={() => setView({ kind: 'new' })}>
              <Icon name="send" className="size-4" />
              {t('bulk.newSend')}
            </Button>
          )
        }
      />
      {view.kind === 'new' && (
        <NewBulkSend
          orgId={orgId}
          onCancel={() => setView({ kind: 'list' })}
          onDone={(send) => setView({ kind: 'detail', id: send.id })}
        />
      )}
      {view.kind === 'detail' && (
        <BulkDetail orgId={orgId} id={view.id} onBack={() => setView({ kind: 'list' })} />
      )}
      {view.kind === 'list' && (
        <div className="space-y-6">
          <SendsList
            orgId={orgId}
            onOpen={(id) => setView({ kind: 'detail', id })}
            onNew={() => setView({ kind: 'new' })}
          />
          <ScheduledTexts orgId={orgId} />
        </div>
      )}
    </div>
  );
}

function SendsList({
  orgId,
  onOpen,
  onNew,
}: {
  orgId: string;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const { t, i18n } = useTranslation();
  const sends = useBulkSends(orgId);
  const timeZone = useSendingRules(orgId).data?.timeZone;
  const rows = sends.data?.sends ?? [];

  if (sends.error) return <Alert tone="error">{translateError(t, sends.error)}</Alert>;
  if (sends.isPending) return <Spinner label={t('app.loading')} />;
  if (rows.length === 0)
    return (
      <EmptyState
        icon="send"
        title={t('bulk.empty.title')}
        body={t('bulk.empty.body')}
        action={<Button onClick={onNew}>{t('bulk.empty.action')}</Button>}
      />
    );
  return (
    <Card>
      <CardHeader title={t('bulk.list.title')} />
      <ul className="mt-3 divide-y divide-zinc-100" aria-label={t('bulk.list.title')}>
        {rows.map((send) => (
          // The name is the button; it stretches over the row so the whole row opens the send.
          <li
            key={send.id}
            className="relative space-y-2 px-5 py-3 hover:bg-zinc-50 sm:px-6"
            data-testid="bulk-row"
          >
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <button
                type="button"
                onClick={() => onOpen(send.id)}
                className="min-w-0 flex-1 truncate text-start text-sm font-medium text-zinc-900 after:absolute after:inset-0"
              >
                {send.name}
              </button>
              <SendStatusBadge status={send.status} />
            </span>
            <ProgressBar send={send} />
            <span className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
              <ProgressSummary send={send} />
              <span className="text-xs text-zinc-500">
                {formatDateTime(send.startsAt, i18n.language, timeZone)}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
