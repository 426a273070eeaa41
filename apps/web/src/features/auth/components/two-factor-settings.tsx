import type { Me } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card, CardHeader } from '../../../components/ui/card';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { PasswordInput } from '../../../components/ui/password-input';
import { translateError } from '../../../lib/translate-error';
import { useDisableTwoFactor } from '../api/disable-two-factor';
import { passwordFormSchema, useEnableTwoFactor } from '../api/enable-two-factor';
import { meQueryKey } from '../api/get-me';
import { useVerifyTotp } from '../api/two-factor-verify-totp';
import { codeFormSchema } from '../api/verify-phone-otp';
import { CodeInput } from './code-input';

function PasswordStep({
  submitLabel,
  danger,
  onSubmit,
  error,
}: {
  submitLabel: string;
  danger?: boolean;
  onSubmit: (password: string) => Promise<unknown>;
  error: unknown;
}) {
  const { t } = useTranslation();
  const form = useForm<{ password: string }>({
    resolver: zodResolver(passwordFormSchema),
    defaultValues: { password: '' },
  });
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit(({ password }) => onSubmit(password).catch(() => undefined))}
    >
      {error ? <Alert tone="error">{translateError(t, error)}</Alert> : null}
      <FormField
        id="2fa-password"
        label={t('settings.twoFactor.password')}
        error={form.formState.errors.password}
      >
        {(props) => (
          <PasswordInput
            {...props}
            {...form.register('password')}
            autoComplete="current-password"
            autoFocus
            showLabel={t('auth.show')}
            hideLabel={t('auth.hide')}
          />
        )}
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" variant={danger ? 'danger' : 'primary'} loading={form.formState.isSubmitting}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

function ConfirmCodeStep({
  totpURI,
  backupCodes,
  onDone,
}: {
  totpURI: string;
  backupCodes: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const verify = useVerifyTotp();
  const form = useForm<{ code: string }>({
    resolver: zodResolver(codeFormSchema),
    defaultValues: { code: '' },
  });
  const secret = new URL(totpURI).searchParams.get('secret');
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit(async ({ code }) => {
        try {
          await verify.mutateAsync({ code });
          onDone();
        } catch {
          // shown below
        }
      })}
    >
      <p className="text-sm text-zinc-600">{t('settings.twoFactor.setupBody')}</p>
      {secret && (
        <p
          dir="ltr"
          className="rounded-lg bg-zinc-50 px-3 py-2 text-center font-mono text-sm tracking-wider break-all text-zinc-900 ring-1 ring-zinc-200"
        >
          {secret}
        </p>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-zinc-500">{t('settings.twoFactor.setupKey')}</summary>
        <p
          dir="ltr"
          className="mt-2 rounded-lg bg-zinc-50 p-2 font-mono text-xs break-all text-zinc-700 select-all"
        >
          {totpURI}
        </p>
      </details>
      <div>
        <p className="text-sm font-medium text-zinc-800">{t('settings.twoFactor.backupCodes')}</p>
        <p className="text-xs text-zinc-500">{t('settings.twoFactor.backupCodesBody')}</p>
        <ul dir="ltr" className="mt-2 grid grid-cols-2 gap-1.5 font-mono text-sm">
          {backupCodes.map((code) => (
            <li key={code} className="rounded bg-zinc-50 px-2 py-1 text-center ring-1 ring-zinc-200">
              {code}
            </li>
          ))}
        </ul>
      </div>
      {verify.error && <Alert tone="error">{translateError(t, verify.error)}</Alert>}
      <FormField id="2fa-code" label={t('settings.twoFactor.code')} error={form.formState.errors.code}>
        {(props) => <CodeInput {...props} {...form.register('code')} />}
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" loading={form.formState.isSubmitting}>
          {t('settings.twoFactor.confirm')}
        </Button>
      </div>
    </form>
  );
}

export function TwoFactorSettings({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const enable = useEnableTwoFactor();
  const disable = useDisableTwoFactor();
  const [notice, setNotice] = useState<string | null>(null);
  const on = me.user.twoFactorEnabled;

  const close = (value: boolean) => {
    setOpen(value);
    if (!value) {
      enable.reset();
      disable.reset();
    }
  };

  return (
    <Card>
      <CardHeader
        title={
          <span className="inline-flex items-center gap-2">
            <Icon name="shield" className="size-4 text-zinc-400" />
            {t('settings.twoFactor.title')}
            <Badge tone={on ? 'green' : 'neutral'}>
              {on ? t('settings.twoFactor.enabled') : t('settings.twoFactor.disabled')}
            </Badge>
          </span>
        }
        description={t('settings.twoFactor.subtitle')}
        action={
          <Dialog open={open} onOpenChange={close}>
            <Button variant={on ? 'secondary' : 'primary'} onClick={() => setOpen(true)}>
              {on ? t('settings.twoFactor.disable') : t('settings.twoFactor.enable')}
            </Button>
            {on ? (
              <DialogContent
                title={t('settings.twoFactor.disableTitle')}
                description={t('settings.twoFactor.disableBody')}
              >
                <PasswordStep
                  danger
                  submitLabel={t('settings.twoFactor.disable')}
                  error={disable.error}
                  onSubmit={async (password) => {
                    await disable.mutateAsync({ password });
                    setNotice(t('settings.twoFactor.disabledToast'));
                    close(false);
                  }}
                />
              </DialogContent>
            ) : (
              <DialogContent
                title={enable.data ? t('settings.twoFactor.setupTitle') : t('settings.twoFactor.enableTitle')}
                description={enable.data ? undefined : t('settings.twoFactor.enableBody')}
              >
                {enable.data ? (
                  <ConfirmCodeStep
                    totpURI={enable.data.totpURI}
                    backupCodes={enable.data.backupCodes}
                    onDone={() => {
                      void queryClient.invalidateQueries({ queryKey: meQueryKey });
                      setNotice(t('settings.twoFactor.enabledToast'));
                      close(false);
                    }}
                  />
                ) : (
                  <PasswordStep
                    submitLabel={t('app.continue')}
                    error={enable.error}
                    onSubmit={(password) => enable.mutateAsync({ password })}
                  />
                )}
              </DialogContent>
            )}
          </Dialog>
        }
      />
      <div className="px-5 pt-4 pb-5 sm:px-6">{notice && <Alert tone="success">{notice}</Alert>}</div>
    </Card>
  );
}
