import type { Role } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Select } from '../../../components/ui/select';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError } from '../../../lib/translate-error';
import { inviteFormSchema, useCreateInvitation } from '../api/create-invitation';

export function InviteDialog({
  orgId,
  orgName,
  canInviteOwner,
  onInvited,
}: {
  orgId: string;
  orgName: string;
  canInviteOwner: boolean;
  onInvited: (email: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const create = useCreateInvitation(orgId);
  const form = useForm<{ email: string; role: Role }>({
    resolver: zodResolver(inviteFormSchema) as never,
    mode: 'onTouched',
    defaultValues: { email: '', role: 'member' },
  });
  const roles: Role[] = canInviteOwner ? ['member', 'admin', 'owner'] : ['member', 'admin'];

  const onOpenChange = (value: boolean) => {
    setOpen(value);
    if (!value) {
      form.reset();
      create.reset();
    }
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const invitation = await create.mutateAsync(values);
      onInvited(invitation.email);
      onOpenChange(false);
    } catch (error) {
      applyServerErrors(error, form.setError, ['email', 'role']);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <Button onClick={() => setOpen(true)}>
        <Icon name="user-plus" className="size-4" />
        {t('settings.members.invite')}
      </Button>
      <DialogContent
        title={t('settings.members.inviteTitle')}
        description={t('settings.members.inviteBody', { org: orgName })}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {create.error && !(create.error as { details?: unknown[] }).details?.length && (
            <Alert tone="error">{translateError(t, create.error)}</Alert>
          )}
          <FormField
            id="invite-email"
            label={t('settings.members.email')}
            error={form.formState.errors.email}
          >
            {(props) => (
              <Input
                {...props}
                {...form.register('email')}
                type="email"
                dir="ltr"
                autoFocus
                placeholder={t('settings.members.emailPlaceholder')}
              />
            )}
          </FormField>
          <FormField id="invite-role" label={t('settings.members.role')} error={form.formState.errors.role}>
            {(props) => (
              <Controller
                control={form.control}
                name="role"
                render={({ field }) => (
                  <Select
                    id={props.id}
                    value={field.value}
                    onValueChange={(v) => field.onChange(v as Role)}
                    options={roles.map((r) => ({
                      value: r,
                      label: t(`roles.${r}`),
                      description: t(`settings.members.roleHelp.${r}`),
                    }))}
                  />
                )}
              />
            )}
          </FormField>
          <div className="flex justify-end gap-3 pt-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              {t('settings.members.sendInvite')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
