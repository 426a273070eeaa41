import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { FormField } from '../../../components/ui/form-field';
import { Label } from '../../../components/ui/label';
import { translateError } from '../../../lib/translate-error';
import { useSendTwoFactorOtp } from '../api/two-factor-send-otp';
import { useVerifyTwoFactorOtp } from '../api/two-factor-verify-otp';
import { useVerifyTotp } from '../api/two-factor-verify-totp';
import { codeSchema } from '../api/verify-phone-otp';
import { useAfterSignIn } from '../hooks/use-after-sign-in';
import { AuthHeading } from './auth-heading';
import { CodeInput } from './code-input';
import { BackToLogin } from './magic-link-form';

const schema = z.object({ code: codeSchema, trustDevice: z.boolean() });

export function TwoFactorForm({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'totp' | 'sms'>('totp');
  const afterSignIn = useAfterSignIn();
  const totp = useVerifyTotp();
  const otp = useVerifyTwoFactorOtp();
  const sendOtp = useSendTwoFactorOtp();
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { code: '', trustDevice: false },
  });
  const verify = mode === 'totp' ? totp : otp;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await verify.mutateAsync(values);
      afterSignIn(redirect);
    } catch {
      // shown below
    }
  });

  const switchTo = async (next: 'totp' | 'sms') => {
    form.reset();
    totp.reset();
    otp.reset();
    setMode(next);
    if (next === 'sms') await sendOtp.mutateAsync().catch(() => undefined);
  };

  return (
    <div>
      <AuthHeading
        title={t('auth.twoFactor.title')}
        subtitle={mode === 'totp' ? t('auth.twoFactor.subtitle') : t('auth.twoFactor.smsSubtitle')}
      />
      <form onSubmit={onSubmit} noValidate className="space-y-5">
        {verify.error && <Alert tone="error">{translateError(t, verify.error)}</Alert>}
        {mode === 'sms' && sendOtp.error && <Alert tone="error">{translateError(t, sendOtp.error)}</Alert>}
        {mode === 'sms' && sendOtp.isSuccess && <Alert tone="success">{t('auth.twoFactor.smsSent')}</Alert>}
        <FormField id="code" label={t('auth.twoFactor.code')} error={form.formState.errors.code}>
          {(props) => <CodeInput {...props} {...form.register('code')} autoFocus />}
        </FormField>
        <div className="flex items-center gap-2">
          <Controller
            control={form.control}
            name="trustDevice"
            render={({ field }) => (
              <Checkbox
                id="trustDevice"
                checked={field.value}
                onCheckedChange={(v) => field.onChange(v === true)}
              />
            )}
          />
          <Label htmlFor="trustDevice" className="font-normal text-zinc-700">
            {t('auth.twoFactor.trustDevice')}
          </Label>
        </div>
        <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
          {t('auth.twoFactor.verify')}
        </Button>
      </form>
      <div className="mt-5 space-y-4 text-center">
        <Button
          variant="link"
          loading={sendOtp.isPending}
          onClick={() => void switchTo(mode === 'totp' ? 'sms' : 'totp')}
        >
          {mode === 'totp' ? t('auth.twoFactor.useSms') : t('auth.twoFactor.useApp')}
        </Button>
        <BackToLogin />
      </div>
    </div>
  );
}
