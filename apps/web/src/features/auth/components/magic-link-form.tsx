import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError } from '../../../lib/translate-error';
import { magicLinkFormSchema, useSendMagicLink } from '../api/send-magic-link';
import { AuthHeading } from './auth-heading';
import { ResultPanel } from './check-inbox';

export function MagicLinkForm({ heading = true }: { heading?: boolean }) {
  const { t } = useTranslation();
  const send = useSendMagicLink();
  const form = useForm<{ email: string }>({
    resolver: zodResolver(magicLinkFormSchema),
    mode: 'onTouched',
    defaultValues: { email: '' },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await send.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, form.setError, ['email']);
    }
  });

  if (send.isSuccess) {
    return (
      <ResultPanel
        title={t('auth.magic.sentTitle')}
        body={t('auth.magic.sentBody', { email: send.variables.email })}
      >
        <Button variant="secondary" className="w-full" onClick={() => send.reset()}>
          {t('auth.magic.useAnother')}
        </Button>
        <BackToLogin />
      </ResultPanel>
    );
  }

  return (
    <div>
      {heading && <AuthHeading title={t('auth.magic.title')} subtitle={t('auth.magic.subtitle')} />}
      <form onSubmit={onSubmit} noValidate className="space-y-5">
        {send.error && <Alert tone="error">{translateError(t, send.error)}</Alert>}
        <FormField id="email" label={t('auth.magic.email')} error={form.formState.errors.email}>
          {(props) => (
            <Input {...props} {...form.register('email')} type="email" autoComplete="email" dir="ltr" />
          )}
        </FormField>
        <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
          {t('auth.magic.submit')}
        </Button>
      </form>
      <div className="mt-6">
        <BackToLogin />
      </div>
    </div>
  );
}

export function BackToLogin() {
  const { t } = useTranslation();
  return (
    <p className="text-center text-sm">
      <Link to="/login" className="font-medium text-indigo-600 hover:text-indigo-500">
        {t('auth.magic.backToLogin')}
      </Link>
    </p>
  );
}
