import { twilioSyncKinds, type TwilioSyncKind, type TwilioSyncRun } from '@ava/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader } from '../../../components/ui/card';
import { Icon, type IconName } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { formatDateTime } from '../../../lib/format';
import { translateError, translateProviderReason } from '../../../lib/translate-error';
import { useSyncStatus } from '../api/get-sync-status';
import { useStartSync } from '../api/start-sync';

const icons: Record<TwilioSyncKind, IconName> = { messages: 'message', calls: 'phone' };

/** A failed run's reason is an i18n key: Twilio's (`provider.twilio.*`) or this feature's own. */
function failureReason(t: TFunction, error: string | null) {
  if (error?.startsWith('provider.')) return translateProviderReason(t, error);
  return t(error && error.startsWith('twilioSync.') ? error : 'twilioSync.errors.internal');
}

function RunStatus({ run }: { run: TwilioSyncRun | null }) {
  const { t, i18n } = useTranslation();
  if (!run) return <p className="text-sm text-zinc-500">{t('twilioSync.never')}</p>;
  const when = formatDateTime(run.finishedAt ?? run.startedAt, i18n.language);
  if (run.status === 'running') {
    const label = t('twilioSync.running', { pages: run.pages + 1, imported: run.imported });
    return (
      <div className="space-y-1.5">
        <p className="flex items-center gap-1.5 text-sm text-indigo-700" role="status">
          <Spinner className="size-3.5 shrink-0" />
          <span>{label}</span>
        </p>
        {/* The total is unknown until the last page: an indeterminate bar, direction-neutral for RTL. */}
        <div
          role="progressbar"
          aria-label={label}
          aria-valuetext={label}
          className="h-1 w-full overflow-hidden rounded-full bg-indigo-100"
        >
          <div className="h-full w-full animate-pulse rounded-full bg-indigo-500/70" />
        </div>
      </div>
    );
  }
  if (run.status === 'failed') {
    return (
      <div className="text-sm" role="alert">
        <p className="font-medium text-red-700">{t('twilioSync.failed', { when })}</p>
        <p className="text-red-700/90">{failureReason(t, run.error)}</p>
      </div>
    );
  }
  return (
    <div className="text-sm">
      <p className="text-zinc-700">{t('twilioSync.completed', { when })}</p>
      <p className="text-zinc-500">
        {t('twilioSync.counts', { imported: run.imported, skipped: run.skipped })}
      </p>
    </div>
  );
}

/**
 * Imports the Twilio account's message history and call log into AVA (issue E §10). The lead places it
 * on a page; `canManage` (owner/admin) enables "Sync now".
 */
export function TwilioSyncCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const status = useSyncStatus(orgId);
  const start = useStartSync(orgId);

  const sync = (kind: TwilioSyncKind) =>
    start.mutate(kind, {
      onError: (error) => toast.error({ title: translateError(t, error) }),
    });

  return (
    <Card data-testid="twilio-sync-card">
      <CardHeader title={t('twilioSync.title')} description={t('twilioSync.description')} />
      <CardContent className="pt-4">
        {status.isError ? (
          <p className="text-sm text-red-700" role="alert">
            {translateError(t, status.error)}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {twilioSyncKinds.map((kind) => {
              const run = status.data?.[kind] ?? null;
              const running = run?.status === 'running';
              return (
                <li
                  key={kind}
                  data-testid={`twilio-sync-${kind}`}
                  className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start"
                >
                  <div className="flex min-w-0 flex-1 gap-3">
                    <Icon name={icons[kind]} className="mt-0.5 size-5 shrink-0 text-zinc-400" />
                    <div className="min-w-0 flex-1 space-y-1">
                      <p className="font-medium text-zinc-900">{t(`twilioSync.kinds.${kind}`)}</p>
                      {status.isPending ? (
                        <Spinner className="size-4 text-zinc-400" />
                      ) : (
                        <RunStatus run={run} />
                      )}
                    </div>
                  </div>
                  <Button
                    variant="secondary"
                    size="sm"
                    className="self-start sm:ms-auto"
                    disabled={!canManage || running || status.isPending}
                    loading={start.isPending && start.variables === kind}
                    title={canManage ? undefined : t('twilioSync.managersOnly')}
                    onClick={() => sync(kind)}
                  >
                    <Icon name="refresh" className="size-4" />
                    {t('twilioSync.syncNow')}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        {!canManage && <p className="mt-4 text-xs text-zinc-500">{t('twilioSync.managersOnly')}</p>}
      </CardContent>
    </Card>
  );
}
