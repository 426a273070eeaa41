import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { FormField } from '../../../components/ui/form-field';
import { PasswordInput } from '../../../components/ui/password-input';
import { isApiError } from '../../../lib/api-client';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError } from '../../../lib/translate-error';
import { resetPasswordFormSchema, useResetPassword } from '../api/reset-password';
import { AuthHeading } from './auth-heading';
import { ResultPanel } from './check-inbox';
import { PasswordStrength } from './password-strength';

export function ResetPasswordForm({ token, error }: { token?: string; error?: string }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const form = useForm<{ newPassword: string; passwordConfirmation: string }>({
    resolver: zodResolver(resetPasswordFormSchema),
    mode: 'onTouched',
    defaultValues: { newPassword: '', passwordConfirmation: '' },
  });
  const onSubmit = form.handleSubmit(async ({ newPassword }) => {
    if (!token) return;
    try {
      await reset.mutateAsync({ newPassword, token });
    } catch (e) {
      applyServerErrors(e, form.setError, ['newPassword']);
    }
  });

  const tokenRejected =
    isApiError(reset.error) && ['INVALID_CODE', 'NOT_FOUND', 'UNPROCESSABLE'].includes(reset.error.code);
  if (!token || error || tokenRejected) {
    return (
      <ResultPanel
        icon="alert"
        tone="red"
        title={t('auth.reset.invalidTitle')}
        body={t('auth.reset.invalidBody')}
      >
        <Link to="/forgot-password" className={buttonClasses('primary', 'lg') + ' w-full'}>
          {t('auth.reset.askAgain')}
        </Link>
      </ResultPanel>
    );
  }
  if (reset.isSuccess) {
    return (
      <ResultPanel
        icon="check-circle"
        tone="green"
        title={t('auth.reset.doneTitle')}
        body={t('auth.reset.doneBody')}
      >
        <Link to="/login" className={buttonClasses('primary', 'lg') + ' w-full'}>
          {t('auth.login.submit')}
        </Link>
      </ResultPanel>
    );
  }
  const password = form.watch('newPassword');
  return (
    <div>
      <AuthHeading title={t('auth.reset.title')} subtitle={t('auth.reset.subtitle')} />
      <form onSubmit={onSubmit} noValidate className="space-y-5">
        {reset.error && <Alert tone="error">{translateError(t, reset.error)}</Alert>}
        <div>
          <FormField
            id="newPassword"
            label={t('auth.reset.newPassword')}
            error={form.formState.errors.newPassword}
          >
            {(props) => (
              <PasswordInput
                {...props}
                {...form.register('newPassword')}
                autoComplete="new-password"
                showLabel={t('auth.show')}
                hideLabel={t('auth.hide')}
              />
            )}
          </FormField>
          <PasswordStrength password={password} />
        </div>
        <FormField
          id="passwordConfirmation"
          label={t('auth.passwordConfirmation')}
          error={form.formState.errors.passwordConfirmation}
        >
          {(props) => (
            <PasswordInput
              {...props}
              {...form.register('passwordConfirmation')}
              autoComplete="new-password"
              showLabel={t('auth.show')}
              hideLabel={t('auth.hide')}
            />
          )}
        </FormField>
        <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
          {t('auth.reset.submit')}
        </Button>
      </form>
    </div>
  );
}
