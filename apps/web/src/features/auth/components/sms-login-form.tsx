import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { applyServerErrors } from '../../../lib/form-errors';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { phoneFormSchema, useSendPhoneOtp } from '../api/send-phone-otp';
import { codeFormSchema, useVerifyPhoneOtp } from '../api/verify-phone-otp';
import { useAfterSignIn } from '../hooks/use-after-sign-in';
import { AuthHeading } from './auth-heading';
import { CodeInput } from './code-input';
import { BackToLogin } from './magic-link-form';

export function SmsLoginForm({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState<string | null>(null);
  const send = useSendPhoneOtp();
  const verify = useVerifyPhoneOtp();
  const afterSignIn = useAfterSignIn();

  const phoneForm = useForm<{ phoneNumber: string }>({
    resolver: zodResolver(phoneFormSchema) as never,
    mode: 'onTouched',
    defaultValues: { phoneNumber: '' },
  });
  const codeForm = useForm<{ code: string }>({
    resolver: zodResolver(codeFormSchema),
    defaultValues: { code: '' },
  });

  const onSend = phoneForm.handleSubmit(async (values) => {
    try {
      await send.mutateAsync(values);
      setPhone(values.phoneNumber);
    } catch (error) {
      applyServerErrors(error, phoneForm.setError, ['phoneNumber']);
    }
  });

  const onVerify = codeForm.handleSubmit(async ({ code }) => {
    if (!phone) return;
    try {
      await verify.mutateAsync({ phoneNumber: phone, code });
      afterSignIn(redirect);
    } catch (error) {
      applyServerErrors(error, codeForm.setError, ['code']);
    }
  });

  if (!phone) {
    return (
      <div>
        <AuthHeading title={t('auth.sms.title')} subtitle={t('auth.sms.subtitle')} />
        <form onSubmit={onSend} noValidate className="space-y-5">
          {send.error && <Alert tone="error">{translateError(t, send.error)}</Alert>}
          <FormField
            id="phoneNumber"
            label={t('auth.sms.phone')}
            error={phoneForm.formState.errors.phoneNumber}
          >
            {(props) => (
              <Input
                {...props}
                {...phoneForm.register('phoneNumber')}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                dir="ltr"
                placeholder={t('auth.signup.phonePlaceholder')}
              />
            )}
          </FormField>
          <Button type="submit" size="lg" className="w-full" loading={phoneForm.formState.isSubmitting}>
            {t('auth.sms.sendCode')}
          </Button>
        </form>
        <div className="mt-6">
          <BackToLogin />
        </div>
      </div>
    );
  }

  return (
    <div>
      <AuthHeading
        title={t('auth.sms.codeTitle')}
        subtitle={
          <Trans
            i18nKey="auth.sms.codeSent"
            values={{ phone: formatPhone(phone) }}
            components={{ phone: <bdi dir="ltr" className="font-medium text-zinc-700" /> }}
          />
        }
      />
      <form onSubmit={onVerify} noValidate className="space-y-5">
        {verify.error && !codeForm.formState.errors.code && (
          <Alert tone="error">{translateError(t, verify.error)}</Alert>
        )}
        <FormField id="code" label={t('auth.sms.code')} error={codeForm.formState.errors.code}>
          {(props) => <CodeInput {...props} {...codeForm.register('code')} autoFocus />}
        </FormField>
        <Button type="submit" size="lg" className="w-full" loading={codeForm.formState.isSubmitting}>
          {t('auth.sms.verify')}
        </Button>
      </form>
      <div className="mt-5 flex flex-wrap items-center justify-between gap-2 text-sm">
        <Button variant="link" loading={send.isPending} onClick={() => send.mutate({ phoneNumber: phone })}>
          {t('auth.sms.resend')}
        </Button>
        <Button
          variant="link"
          onClick={() => {
            setPhone(null);
            codeForm.reset();
          }}
        >
          {t('auth.sms.changePhone')}
        </Button>
      </div>
    </div>
  );
}
