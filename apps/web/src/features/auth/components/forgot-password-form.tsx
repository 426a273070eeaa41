import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError } from '../../../lib/translate-error';
import { forgotPasswordFormSchema, useRequestPasswordReset } from '../api/request-password-reset';
import { AuthHeading } from './auth-heading';
import { ResultPanel } from './check-inbox';
import { BackToLogin } from './magic-link-form';

export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useForm<{ email: string }>({
    resolver: zodResolver(forgotPasswordFormSchema),
    mode: 'onTouched',
    defaultValues: { email: '' },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await request.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, form.setError, ['email']);
    }
  });

  if (request.isSuccess) {
    return (
      <ResultPanel
        title={t('auth.forgot.sentTitle')}
        body={t('auth.forgot.sentBody', { email: request.variables.email })}
      >
        <BackToLogin />
      </ResultPanel>
    );
  }
  return (
    <div>
      <AuthHeading title={t('auth.forgot.title')} subtitle={t('auth.forgot.subtitle')} />
      <form onSubmit={onSubmit} noValidate className="space-y-5">
        {request.error && <Alert tone="error">{translateError(t, request.error)}</Alert>}
        <FormField id="email" label={t('auth.forgot.email')} error={form.formState.errors.email}>
          {(props) => (
            <Input {...props} {...form.register('email')} type="email" autoComplete="email" dir="ltr" />
          )}
        </FormField>
        <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
          {t('auth.forgot.submit')}
        </Button>
      </form>
      <div className="mt-6">
        <BackToLogin />
      </div>
    </div>
  );
}
