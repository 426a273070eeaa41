import type { Message } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useCancelScheduled } from '../api/cancel-scheduled';
import { useSendingRules } from '../api/get-sending-rules';
import { useScheduledTexts } from '../api/list-scheduled';
import { useUpdateScheduled, type ScheduledPatch } from '../api/update-scheduled';
import { EditErrors, EditFooter, ScheduleFields, useScheduleEdit } from './when-fields';

/** Single texts written in a conversation and set to leave later: change the time or text, or cancel. */
export function ScheduledTexts({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const scheduled = useScheduledTexts(orgId);
  const rules = useSendingRules(orgId);
  const timeZone = rules.data?.timeZone;
  const [editing, setEditing] = useState<Message | null>(null);
  const [canceling, setCanceling] = useState<Message | null>(null);
  const rows = scheduled.data?.messages ?? [];

  return (
    <Card>
      <CardHeader title={t('bulk.scheduled.title')} description={t('bulk.scheduled.subtitle')} />
      <div className="px-5 py-4 sm:px-6">
        {scheduled.error && <Alert tone="error">{translateError(t, scheduled.error)}</Alert>}
        {scheduled.isPending && <Spinner label={t('app.loading')} />}
        {scheduled.data && rows.length === 0 && (
          <p className="py-4 text-center text-sm text-zinc-500">{t('bulk.scheduled.empty')}</p>
        )}
        {rows.length > 0 && (
          <ul className="divide-y divide-zinc-100" aria-label={t('bulk.scheduled.title')}>
            {rows.map((m) => (
              <li key={m.id} className="flex flex-wrap items-start gap-3 py-3" data-testid="scheduled-row">
                <div className="min-w-0 flex-1 basis-56">
                  <p className="text-sm font-medium text-zinc-900">
                    <bdi dir="ltr">{formatPhone(m.to)}</bdi>
                    <span className="ms-2 text-xs font-normal text-zinc-500">
                      {formatDateTime(m.sendAt, i18n.language, timeZone)}
                    </span>
                  </p>
                  <p dir="auto" className="mt-0.5 line-clamp-2 text-sm text-zinc-600">
                    {m.body}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={!timeZone}
                    aria-label={t('bulk.scheduled.editNamed', {
                      to: formatPhone(m.to),
                    })}
                    onClick={() => setEditing(m)}
                  >
                    {t('bulk.scheduled.edit')}
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t('bulk.scheduled.cancelNamed', {
                      to: formatPhone(m.to),
                    })}
                    onClick={() => setCanceling(m)}
                  >
                    {t('bulk.scheduled.cancel')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {editing && timeZone && (
        <EditScheduled orgId={orgId} message={editing} timeZone={timeZone} onClose={() => setEditing(null)} />
      )}
      {canceling && <CancelScheduled orgId={orgId} message={canceling} onClose={() => setCanceling(null)} />}
    </Card>
  );
}

function EditScheduled({
  orgId,
  message,
  timeZone,
  onClose,
}: {
  orgId: string;
  message: Message;
  timeZone: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateScheduled(orgId);
  const edit = useScheduleEdit({
    body: message.body,
    at: message.sendAt ?? message.createdAt,
    timeZone,
    onClose,
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const patch: ScheduledPatch | null = edit.changes();
    if (patch) edit.save(patch, (body, done) => update.mutate({ id: message.id, body }, done));
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={t('bulk.scheduled.editTitle')} className="max-w-lg">
        <form onSubmit={submit} noValidate className="space-y-4">
          <EditErrors saveError={update.error} conflictKey="bulk.scheduled.alreadySent" error={edit.error} />
          <ScheduleFields edit={edit} id="scheduled-body" rows={4} timeZone={timeZone} />
          <EditFooter saving={update.isPending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}

function CancelScheduled({
  orgId,
  message,
  onClose,
}: {
  orgId: string;
  message: Message;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const cancel = useCancelScheduled(orgId);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={t('bulk.scheduled.cancelTitle')}
        description={t('bulk.scheduled.cancelBody', {
          to: formatPhone(message.to),
        })}
      >
        {cancel.error && (
          <Alert tone="error">
            {isApiError(cancel.error, 'CONFLICT')
              ? t('bulk.scheduled.alreadySent')
              : translateError(t, cancel.error)}
          </Alert>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-3">
          <DialogClose asChild>
            <Button variant="ghost">{t('bulk.scheduled.keep')}</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(message.id, {
                onSuccess: () => {
                  toast.success({ title: t('bulk.scheduled.canceled') });
                  onClose();
                },
              })
            }
          >
            {t('bulk.scheduled.confirmCancel')}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
