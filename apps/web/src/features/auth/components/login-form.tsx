import { detectIdentifier, type LogInBody } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate } from '@tanstack/react-router';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { PasswordInput } from '../../../components/ui/password-input';
import { applyServerErrors } from '../../../lib/form-errors';
import { normalisePhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { logInFormSchema, useLogIn } from '../api/log-in';
import { useAfterSignIn } from '../hooks/use-after-sign-in';
import { AuthHeading } from './auth-heading';
import { OAuthButtons } from './oauth-buttons';

type Values = { identifier: string; password: string; rememberMe: boolean };

export function LoginForm({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const afterSignIn = useAfterSignIn();
  const logIn = useLogIn();
  const form = useForm<Values>({
    resolver: zodResolver(logInFormSchema) as never,
    mode: 'onTouched',
    defaultValues: { identifier: '', password: '', rememberMe: true },
  });
  const identifier = form.watch('identifier');
  const kind = detectIdentifier(identifier ?? '');

  const onSubmit = form.handleSubmit(async (values) => {
    const body: LogInBody = {
      ...values,
      identifier:
        kind === 'phone'
          ? (normalisePhone(values.identifier) ?? values.identifier.trim())
          : values.identifier,
    };
    try {
      const { twoFactorRequired } = await logIn.mutateAsync(body);
      if (twoFactorRequired) await navigate({ to: '/login/two-factor', search: { redirect } });
      else afterSignIn(redirect);
    } catch (error) {
      applyServerErrors(error, form.setError, ['identifier', 'password']);
    }
  });

  const formError =
    logIn.error && !(logIn.error as { details?: unknown[] }).details?.length ? logIn.error : null;

  return (
    <div>
      <AuthHeading title={t('auth.login.title')} subtitle={t('auth.login.subtitle')} />
      <div className="space-y-5">
        <OAuthButtons />
        <form onSubmit={onSubmit} noValidate className="space-y-5">
          {formError && <Alert tone="error">{translateError(t, formError)}</Alert>}
          <FormField
            id="identifier"
            label={t('auth.identifier')}
            error={form.formState.errors.identifier}
            hint={
              kind && (
                <span
                  className="inline-flex items-center gap-1.5"
                  data-testid="identifier-hint"
                  data-kind={kind}
                >
                  <Icon
                    name={kind === 'phone' ? 'smartphone' : 'mail'}
                    className="size-3.5 text-indigo-500"
                  />
                  {t(kind === 'phone' ? 'auth.identifierPhoneHint' : 'auth.identifierEmailHint')}
                </span>
              )
            }
          >
            {(props) => (
              <div className="relative">
                <Icon
                  name={kind === 'phone' ? 'smartphone' : 'mail'}
                  className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400"
                />
                <Input
                  {...props}
                  {...form.register('identifier')}
                  className="ps-9"
                  autoComplete="username"
                  inputMode={kind === 'phone' ? 'tel' : 'email'}
                  placeholder={t('auth.identifierPlaceholder')}
                  dir="auto"
                />
              </div>
            )}
          </FormField>
          <FormField
            id="password"
            label={t('auth.password')}
            error={form.formState.errors.password}
            labelAction={
              <Link
                to="/forgot-password"
                className="text-sm font-medium text-indigo-600 hover:text-indigo-500"
              >
                {t('auth.forgotPassword')}
              </Link>
            }
          >
            {(props) => (
              <PasswordInput
                {...props}
                {...form.register('password')}
                autoComplete="current-password"
                showLabel={t('auth.show')}
                hideLabel={t('auth.hide')}
              />
            )}
          </FormField>
          <div className="flex items-center gap-2">
            <Controller
              control={form.control}
              name="rememberMe"
              render={({ field }) => (
                <Checkbox
                  id="rememberMe"
                  checked={field.value}
                  onCheckedChange={(v) => field.onChange(v === true)}
                />
              )}
            />
            <Label htmlFor="rememberMe" className="font-normal text-zinc-700">
              {t('auth.rememberMe')}
            </Label>
          </div>
          <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
            {t('auth.login.submit')}
          </Button>
        </form>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          <Link
            to="/login/magic-link"
            search={{ redirect }}
            className="inline-flex h-10 items-center justify-center gap-2 rounded-lg text-sm font-medium text-zinc-700 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-50"
          >
            <Icon name="mail" className="size-4 text-zinc-400" />
            {t('auth.login.magicLink')}
          </Link>
          <Link
            to="/login/sms"
            search={{ redirect }}
            className="inline-flex h-10 items-center justify-center gap-2 rounded-lg text-sm font-medium text-zinc-700 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-50"
          >
            <Icon name="smartphone" className="size-4 text-zinc-400" />
            {t('auth.login.smsCode')}
          </Link>
        </div>
        <p className="text-center text-sm text-zinc-500">
          {t('auth.login.noAccount')}{' '}
          <Link
            to="/signup"
            search={{ redirect }}
            className="font-medium text-indigo-600 hover:text-indigo-500"
          >
            {t('auth.login.signUp')}
          </Link>
        </p>
      </div>
    </div>
  );
}
