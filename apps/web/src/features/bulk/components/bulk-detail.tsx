import type { BulkSend } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader } from '../../../components/ui/card';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { formatDateTime } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useCancelBulk } from '../api/cancel-bulk';
import { RECIPIENTS_PAGE, useBulkSend } from '../api/get-bulk-send';
import { useSendingRules } from '../api/get-sending-rules';
import { useUpdateBulk, type BulkPatch } from '../api/update-bulk';
import {
  MessageStatusBadge,
  messageStatuses,
  messageStatusLabel,
  ProgressBar,
  ProgressSummary,
  progressOf,
  reasonText,
  SendStatusBadge,
  SkippedList,
} from './bulk-status';
import { EditErrors, EditFooter, ScheduleFields, useScheduleEdit } from './when-fields';

/** One bulk send: live progress, every recipient's status and why it failed, cancel and edit. */
export function BulkDetail({ orgId, id, onBack }: { orgId: string; id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const exists = (k: string) => i18n.exists(k);
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [canceling, setCanceling] = useState(false);
  const [editing, setEditing] = useState(false);
  const detail = useBulkSend(orgId, id, {
    ...(status ? { status } : {}),
    offset,
  });
  const rules = useSendingRules(orgId);
  const timeZone = rules.data?.timeZone;
  const send = detail.data?.send;
  const rows = detail.data?.recipients ?? [];
  const when = (iso: string) => formatDateTime(iso, i18n.language, timeZone);

  return (
    <div className="space-y-4">
      <Button variant="ghost" size="sm" onClick={onBack}>
        <Icon name="arrow-left" className="size-4 rtl:rotate-180" />
        {t('bulk.detail.back')}
      </Button>
      {detail.error && <Alert tone="error">{translateError(t, detail.error)}</Alert>}
      {detail.isPending && <Spinner label={t('app.loading')} />}
      {send && (
        <>
          <Card>
            <CardHeader
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <span className="break-words">{send.name}</span>
                  <SendStatusBadge status={send.status} />
                </span>
              }
              description={
                send.status === 'scheduled'
                  ? t('bulk.detail.startsAt', { when: when(send.startsAt) })
                  : t('bulk.detail.startedAt', { when: when(send.startsAt) })
              }
              action={
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" size="sm" disabled={!timeZone} onClick={() => setEditing(true)}>
                    <Icon name="pencil" className="size-4" />
                    {t('bulk.detail.edit')}
                  </Button>
                  {(send.status === 'sending' || send.status === 'scheduled') && (
                    <Button variant="danger" size="sm" onClick={() => setCanceling(true)}>
                      {t('bulk.detail.cancelRest')}
                    </Button>
                  )}
                </div>
              }
            />
            <CardContent className="space-y-3">
              <ProgressBar send={send} />
              <ProgressSummary send={send} />
              {send.shiftedByQuietHours && (
                <Alert tone="info">{t('bulk.detail.shifted', { when: when(send.startsAt) })}</Alert>
              )}
              <p
                dir="auto"
                className="rounded-2xl rounded-ss-sm bg-zinc-100 px-3.5 py-2.5 text-sm break-words whitespace-pre-wrap text-zinc-900"
              >
                {send.body}
              </p>
              <SkippedList skipped={send.skipped} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader
              title={t('bulk.detail.recipients')}
              action={
                <NativeSelect
                  aria-label={t('bulk.detail.statusFilter')}
                  value={status}
                  className="w-auto"
                  onChange={(e) => {
                    setStatus(e.target.value);
                    setOffset(0);
                  }}
                >
                  <option value="">
                    {t('bulk.detail.allStatuses', {
                      total: progressOf(send).total,
                    })}
                  </option>
                  {messageStatuses.map((s) => (
                    <option key={s} value={s}>
                      {`${messageStatusLabel(t, exists, s)} (${send.counts[s] ?? 0})`}
                    </option>
                  ))}
                </NativeSelect>
              }
            />
            <CardContent>
              {rows.length === 0 ? (
                <p className="py-6 text-center text-sm text-zinc-500">{t('bulk.detail.noRecipients')}</p>
              ) : (
                <ul className="divide-y divide-zinc-100" aria-label={t('bulk.detail.recipients')}>
                  {rows.map((r) => {
                    const reason = reasonText(t, exists, r.errorReason);
                    return (
                      <li
                        key={r.id}
                        className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2.5"
                        data-testid="recipient-row"
                      >
                        <div className="min-w-0 flex-1">
                          <p className="truncate text-sm text-zinc-900">
                            {r.name && <span className="me-1.5">{r.name}</span>}
                            <bdi dir="ltr" className={r.name ? 'text-zinc-500' : ''}>
                              {formatPhone(r.to)}
                            </bdi>
                          </p>
                          {reason && <p className="text-xs text-red-700">{reason}</p>}
                        </div>
                        <MessageStatusBadge status={r.status} />
                      </li>
                    );
                  })}
                </ul>
              )}
              {(offset > 0 || detail.data?.hasMore) && (
                <nav
                  className="mt-3 flex items-center justify-between gap-2 border-t border-zinc-100 pt-3"
                  aria-label={t('bulk.detail.pages')}
                >
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={offset === 0}
                    onClick={() => setOffset(Math.max(0, offset - RECIPIENTS_PAGE))}
                  >
                    {t('bulk.detail.previous')}
                  </Button>
                  <span className="text-xs text-zinc-500 tabular-nums">
                    {t('bulk.detail.range', {
                      from: offset + 1,
                      to: offset + rows.length,
                    })}
                  </span>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={!detail.data?.hasMore}
                    onClick={() => setOffset(offset + RECIPIENTS_PAGE)}
                  >
                    {t('bulk.detail.next')}
                  </Button>
                </nav>
              )}
            </CardContent>
          </Card>

          {canceling && <CancelDialog orgId={orgId} send={send} onClose={() => setCanceling(false)} />}
          {editing && timeZone && (
            <EditDialog orgId={orgId} send={send} timeZone={timeZone} onClose={() => setEditing(false)} />
          )}
        </>
      )}
    </div>
  );
}

function CancelDialog({ orgId, send, onClose }: { orgId: string; send: BulkSend; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const cancel = useCancelBulk(orgId);
  const pending = send.counts.pending ?? 0;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={t('bulk.cancel.title')} description={t('bulk.cancel.body', { count: pending })}>
        {cancel.error && <Alert tone="error">{translateError(t, cancel.error)}</Alert>}
        <div className="mt-4 flex flex-wrap justify-end gap-3">
          <DialogClose asChild>
            <Button variant="ghost">{t('bulk.cancel.keep')}</Button>
          </DialogClose>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(send.id, {
                onSuccess: (r) => {
                  toast.success({
                    title: t('bulk.cancel.done', { count: r.canceled }),
                  });
                  onClose();
                },
              })
            }
          >
            {t('bulk.cancel.confirm', { count: pending })}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

/** The name can always change; the text and time only until the first text has left. */
function EditDialog({
  orgId,
  send,
  timeZone,
  onClose,
}: {
  orgId: string;
  send: BulkSend;
  timeZone: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateBulk(orgId);
  const editable = send.status === 'scheduled';
  const edit = useScheduleEdit({
    body: send.body,
    at: send.requestedAt,
    timeZone,
    onClose,
  });
  const [name, setName] = useState(send.name);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return edit.fail('validation.required');
    const changed = editable ? edit.changes() : {};
    if (!changed) return;
    const patch: BulkPatch = {
      ...(name.trim() !== send.name ? { name: name.trim() } : {}),
      ...changed,
    };
    edit.save(patch, (body, done) => update.mutate({ id: send.id, body }, done));
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={t('bulk.edit.title')} className="max-w-lg">
        <form onSubmit={submit} noValidate className="space-y-4">
          <EditErrors saveError={update.error} conflictKey="bulk.edit.started" error={edit.error} />
          {!editable && <Alert tone="info">{t('bulk.edit.onlyName')}</Alert>}
          <FormField id="bulk-edit-name" label={t('bulk.message.name')}>
            {(props) => (
              <Input {...props} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
            )}
          </FormField>
          {editable && <ScheduleFields edit={edit} id="bulk-edit-body" rows={5} timeZone={timeZone} />}
          <EditFooter saving={update.isPending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
