import type { SyncResult } from '@ava/contracts';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { PageHeader } from '../../../components/ui/page-header';
import { PageSpinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { translateError, translateProviderReason } from '../../../lib/translate-error';
import { useAssistants } from '../../assistants/api/list-assistants';
import { useCredentials } from '../../telephony/api/get-credentials';
import { useNumbers } from '../api/list-numbers';
import { useSyncNumbers } from '../api/sync-numbers';
import { FreeVapiNumberDialog } from './free-vapi-number-dialog';
import { NumberCard } from './number-card';
import { NumberSearchCard } from './number-search';
import { StatusPanel } from './status-panel';

/** The organisation's numbers: state of the set-up, each number's wiring, search and buy, sync. */
export function NumbersPage({
  orgId,
  canManage,
  defaultCountry,
}: {
  orgId: string;
  canManage: boolean;
  defaultCountry: string;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const numbers = useNumbers(orgId);
  const credentials = useCredentials(orgId);
  const assistants = useAssistants(orgId);
  const sync = useSyncNumbers(orgId);
  const [freeOpen, setFreeOpen] = useState(false);
  const twilio = credentials.data?.twilio;
  const vapi = credentials.data?.vapi;

  const runSync = () =>
    sync.mutate(undefined, {
      onSuccess: (result) => {
        if (result.ok)
          toast.success({
            title: t('numbers.sync.doneToast'),
            description: t('numbers.sync.counts', result),
          });
        else
          toast.error({
            title: t('numbers.sync.failed'),
            description: translateProviderReason(t, result.reason, result.message),
          });
      },
      onError: (error) =>
        toast.error({ title: t('numbers.sync.failed'), description: translateError(t, error) }),
    });

  const actions = canManage && (
    <div className="flex flex-wrap gap-2">
      {vapi && (
        <Button variant="secondary" onClick={() => setFreeOpen(true)}>
          <Icon name="sparkles" className="size-4" />
          {t('numbers.free.open')}
        </Button>
      )}
      {twilio && (
        <Button variant="secondary" loading={sync.isPending} onClick={runSync}>
          <Icon name="refresh" className="size-4" />
          {t('numbers.sync.button')}
        </Button>
      )}
    </div>
  );

  return (
    <div>
      <PageHeader title={t('numbers.title')} description={t('numbers.subtitle')} action={actions} />
      {numbers.isPending ? (
        <PageSpinner label={t('app.loading')} />
      ) : numbers.error ? (
        <Alert tone="error">{translateError(t, numbers.error)}</Alert>
      ) : (
        <>
          <StatusPanel orgId={orgId} numbers={numbers.data.numbers} />
          {numbers.data.lastSync && <LastSync result={numbers.data.lastSync} />}
          {numbers.data.numbers.length === 0 ? (
            <EmptyState
              icon="hash"
              title={t('numbers.empty.title')}
              body={t('numbers.empty.body')}
              action={
                !twilio && canManage ? (
                  <Link to="/settings/telephony" className={buttonClasses('primary')}>
                    {t('numbers.empty.connect')}
                  </Link>
                ) : undefined
              }
            />
          ) : (
            <div className="grid gap-4 lg:grid-cols-2" data-testid="numbers-list">
              {numbers.data.numbers.map((n) => (
                <NumberCard
                  key={n.id}
                  orgId={orgId}
                  number={n}
                  canManage={canManage}
                  assistantId={assistants.data?.[0]?.id}
                />
              ))}
            </div>
          )}
          {canManage && twilio && (
            <div className="mt-6">
              <NumberSearchCard orgId={orgId} defaultCountry={defaultCountry} />
            </div>
          )}
        </>
      )}
      <FreeVapiNumberDialog orgId={orgId} open={freeOpen} onOpenChange={setFreeOpen} />
    </div>
  );
}

function LastSync({ result }: { result: SyncResult }) {
  const { t, i18n } = useTranslation();
  const at = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(result.at),
  );
  return (
    <p className="mb-4 flex flex-wrap items-center gap-x-2 text-sm text-zinc-500" data-testid="last-sync">
      <Icon name="clock" className="size-4" />
      {t('numbers.sync.last', { at })}
      {result.ok ? (
        <span>{t('numbers.sync.counts', result)}</span>
      ) : (
        <span className="text-red-700">{translateProviderReason(t, result.reason, result.message)}</span>
      )}
      {result.skipped.length > 0 && (
        <span className="text-amber-700">{t('numbers.sync.skipped', { count: result.skipped.length })}</span>
      )}
    </p>
  );
}
