import type { Member, Role } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { Icon } from '../../../components/ui/icons';
import { Select } from '../../../components/ui/select';
import { PageSpinner } from '../../../components/ui/spinner';
import { translateError } from '../../../lib/translate-error';
import { useCancelInvitation } from '../api/cancel-invitation';
import { useInvitations } from '../api/list-invitations';
import { useMembers } from '../api/list-members';
import { useRemoveMember } from '../api/remove-member';
import { useSetCallEmails, useUpdateMember } from '../api/update-member';
import { Checkbox } from '../../../components/ui/checkbox';
import { InviteDialog } from './invite-dialog';

function initials(name: string) {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p.charAt(0))
      .join('')
      .toUpperCase() || '?'
  );
}

function useDate() {
  const { i18n } = useTranslation();
  return (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
}

export function MembersSettings({
  orgId,
  orgName,
  currentUserId,
  currentRole,
  onLeft,
}: {
  orgId: string;
  orgName: string;
  currentUserId: string;
  currentRole: Role;
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const members = useMembers(orgId);
  const canManage = currentRole === 'owner' || currentRole === 'admin';
  const invitations = useInvitations(orgId);
  const cancel = useCancelInvitation(orgId);
  const update = useUpdateMember(orgId);
  const callEmails = useSetCallEmails(orgId);
  const me = (members.data ?? []).find((m) => m.userId === currentUserId);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const formatDate = useDate();
  const pending = (invitations.data ?? []).filter((i) => i.status === 'pending');
  const actionError = update.error ?? cancel.error;

  return (
    <div className="space-y-6">
      {me && (
        <Card>
          <div className="flex items-start gap-3 p-5">
            <Checkbox
              id="call-emails"
              checked={me.role === 'owner' || me.callEmails}
              disabled={me.role === 'owner' || callEmails.isPending}
              onCheckedChange={(v) => callEmails.mutate(v === true)}
              className="mt-0.5"
            />
            <div>
              <label htmlFor="call-emails" className="text-sm font-medium text-zinc-900">
                {t('settings.members.callEmails')}
              </label>
              <p className="text-xs text-zinc-500">
                {me.role === 'owner'
                  ? t('settings.members.callEmailsOwner')
                  : t('settings.members.callEmailsHint')}
              </p>
            </div>
          </div>
        </Card>
      )}
      <Card>
        <CardHeader
          title={t('settings.members.title')}
          description={t('settings.members.subtitle', { org: orgName })}
          action={
            canManage && (
              <InviteDialog
                orgId={orgId}
                orgName={orgName}
                canInviteOwner={currentRole === 'owner'}
                onInvited={(email) => setNotice(t('settings.members.invited', { email }))}
              />
            )
          }
        />
        <div className="px-5 pt-4 sm:px-6">
          {notice && (
            <Alert tone="success" className="mb-2">
              {notice}
            </Alert>
          )}
          {actionError && (
            <Alert tone="error" className="mb-2">
              {translateError(t, actionError)}
            </Alert>
          )}
        </div>
        {members.isPending ? (
          <PageSpinner label={t('app.loading')} />
        ) : members.error ? (
          <div className="p-5">
            <Alert tone="error">{translateError(t, members.error)}</Alert>
          </div>
        ) : (
          <ul role="list" aria-label={t('settings.members.title')} className="divide-y divide-zinc-100">
            {members.data.map((member) => {
              const isSelf = member.userId === currentUserId;
              return (
                <li
                  key={member.id}
                  className="flex flex-wrap items-center gap-x-4 gap-y-3 px-5 py-4 sm:px-6"
                  data-testid="member-row"
                >
                  <div className="flex min-w-0 flex-1 items-center gap-3">
                    <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700">
                      {initials(member.name)}
                    </span>
                    <div className="min-w-0">
                      <p className="flex items-center gap-2 truncate text-sm font-medium text-zinc-900">
                        {member.name}
                        {isSelf && <Badge tone="indigo">{t('settings.members.you')}</Badge>}
                      </p>
                      <p className="truncate text-sm text-zinc-500" dir="ltr">
                        {member.email}
                      </p>
                    </div>
                  </div>
                  <p className="hidden text-sm text-zinc-500 md:block">
                    {t('settings.members.joined')} {formatDate(member.createdAt)}
                  </p>
                  <div className="flex items-center gap-2">
                    {canManage && !isSelf ? (
                      <div className="w-32">
                        <Select
                          size="sm"
                          aria-label={t('settings.members.changeRole', { name: member.name })}
                          value={member.role}
                          disabled={member.role === 'owner' && currentRole !== 'owner'}
                          onValueChange={(role) => update.mutate({ memberId: member.id, role: role as Role })}
                          options={(currentRole === 'owner'
                            ? ['owner', 'admin', 'member']
                            : ['admin', 'member']
                          ).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                        />
                      </div>
                    ) : (
                      <Badge tone={member.role === 'owner' ? 'indigo' : 'neutral'}>
                        {t(`roles.${member.role}`)}
                      </Badge>
                    )}
                    {(isSelf || (canManage && !(member.role === 'owner' && currentRole !== 'owner'))) && (
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setRemoving(member)}
                        aria-label={
                          isSelf
                            ? t('settings.members.leave')
                            : `${t('settings.members.remove')} ${member.name}`
                        }
                      >
                        {isSelf ? t('settings.members.leave') : t('settings.members.remove')}
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      {canManage && (
        <Card>
          <CardHeader title={t('settings.members.pending')} />
          {pending.length === 0 ? (
            <p className="px-5 pt-2 pb-5 text-sm text-zinc-500 sm:px-6">
              {t('settings.members.pendingEmpty')}
            </p>
          ) : (
            <ul
              role="list"
              aria-label={t('settings.members.pending')}
              className="mt-3 divide-y divide-zinc-100 border-t border-zinc-100"
            >
              {pending.map((invitation) => (
                <li
                  key={invitation.id}
                  className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5 sm:px-6"
                  data-testid="invitation-row"
                >
                  <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
                    <Icon name="mail" className="size-4" />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-zinc-900" dir="ltr">
                      {invitation.email}
                    </p>
                    <p className="text-xs text-zinc-500">
                      {t('settings.members.expires', { date: formatDate(invitation.expiresAt) })}
                    </p>
                  </div>
                  <Badge>{t(`roles.${invitation.role}`)}</Badge>
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={cancel.isPending && cancel.variables === invitation.id}
                    onClick={() => cancel.mutate(invitation.id)}
                    aria-label={`${t('settings.members.cancelInvite')} ${invitation.email}`}
                  >
                    {t('settings.members.cancelInvite')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <RemoveDialog
        orgId={orgId}
        orgName={orgName}
        member={removing}
        isSelf={removing?.userId === currentUserId}
        onClose={() => setRemoving(null)}
        onLeft={onLeft}
      />
    </div>
  );
}

function RemoveDialog({
  orgId,
  orgName,
  member,
  isSelf,
  onClose,
  onLeft,
}: {
  orgId: string;
  orgName: string;
  member: Member | null;
  isSelf: boolean;
  onClose: () => void;
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const remove = useRemoveMember(orgId);
  return (
    <Dialog
      open={member !== null}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
    >
      {member && (
        <DialogContent
          title={
            isSelf
              ? t('settings.members.leaveTitle', { org: orgName })
              : t('settings.members.removeTitle', { name: member.name })
          }
          description={
            isSelf
              ? t('settings.members.leaveBody')
              : t('settings.members.removeBody', { name: member.name, org: orgName })
          }
        >
          {remove.error && (
            <Alert tone="error" className="mb-4">
              {translateError(t, remove.error)}
            </Alert>
          )}
          <div className="flex justify-end gap-3">
            <Button variant="secondary" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={async () => {
                try {
                  await remove.mutateAsync(member.id);
                  onClose();
                  if (isSelf) onLeft();
                } catch {
                  // shown above
                }
              }}
            >
              {isSelf ? t('settings.members.leave') : t('settings.members.remove')}
            </Button>
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}
