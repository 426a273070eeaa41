import type { SignUpBody } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from '@tanstack/react-router';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { FieldErrorText, FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { PasswordInput } from '../../../components/ui/password-input';
import { currentLocale } from '../../../i18n/i18n';
import { isApiError } from '../../../lib/api-client';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError } from '../../../lib/translate-error';
import { signUpFormSchema, useSignUp } from '../api/sign-up';
import { useAfterSignIn } from '../hooks/use-after-sign-in';
import { AuthHeading } from './auth-heading';
import { OAuthButtons } from './oauth-buttons';
import { PasswordStrength } from './password-strength';

type Values = {
  name: string;
  email: string;
  phoneNumber: string;
  password: string;
  passwordConfirmation: string;
  acceptTerms: boolean;
  newsletter: boolean;
};
const contractResolver = zodResolver(signUpFormSchema) as unknown as Resolver<Values>;

/**
 * The contract checks the confirmation in an object-level refine, which zod skips while another field is
 * invalid; the form repeats that one check so the mismatch shows up in real time.
 */
const signUpResolver: Resolver<Values> = async (values, context, options) => {
  const result = await contractResolver(values, context, options);
  if (
    values.passwordConfirmation &&
    values.password !== values.passwordConfirmation &&
    !result.errors.passwordConfirmation
  ) {
    return {
      values: {},
      errors: {
        ...result.errors,
        passwordConfirmation: { type: 'custom', message: 'validation.passwordMismatch' },
      },
    };
  }
  return result;
};

const fields = [
  'name',
  'email',
  'phoneNumber',
  'password',
  'passwordConfirmation',
  'acceptTerms',
  'newsletter',
];

export function SignUpForm({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const afterSignIn = useAfterSignIn();
  const signUp = useSignUp();
  const form = useForm<Values>({
    // The shared contract validates the form exactly as the server will.
    resolver: signUpResolver,
    mode: 'onTouched',
    defaultValues: {
      name: '',
      email: '',
      phoneNumber: '',
      password: '',
      passwordConfirmation: '',
      acceptTerms: false,
      newsletter: false,
    },
  });
  const { errors } = form.formState;
  const password = form.watch('password');

  const onSubmit = form.handleSubmit(async (values) => {
    // After the resolver, values are the contract's output (trimmed email, E.164 phone).
    const body = { ...(values as unknown as SignUpBody), locale: currentLocale() };
    try {
      await signUp.mutateAsync(body);
      afterSignIn(redirect);
    } catch (error) {
      applyServerErrors(error, form.setError, fields);
    }
  });

  const formError =
    signUp.error &&
    !(
      isApiError(signUp.error) &&
      (signUp.error.details.length > 0 ||
        signUp.error.code === 'EMAIL_TAKEN' ||
        signUp.error.code === 'PHONE_TAKEN')
    )
      ? signUp.error
      : null;

  return (
    <div>
      <AuthHeading title={t('auth.signup.title')} subtitle={t('auth.signup.subtitle')} />
      <div className="space-y-5">
        <OAuthButtons />
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {formError && <Alert tone="error">{translateError(t, formError)}</Alert>}
          <FormField id="name" label={t('auth.signup.name')} error={errors.name}>
            {(props) => (
              <Input
                {...props}
                {...form.register('name')}
                autoComplete="name"
                placeholder={t('auth.signup.namePlaceholder')}
              />
            )}
          </FormField>
          <FormField id="email" label={t('auth.signup.email')} error={errors.email}>
            {(props) => (
              <Input
                {...props}
                {...form.register('email')}
                type="email"
                autoComplete="email"
                dir="ltr"
                placeholder={t('auth.signup.emailPlaceholder')}
              />
            )}
          </FormField>
          <FormField
            id="phoneNumber"
            label={t('auth.signup.phone')}
            optional
            hint={t('auth.signup.phoneHint')}
            error={errors.phoneNumber}
          >
            {(props) => (
              <Input
                {...props}
                {...form.register('phoneNumber')}
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                dir="ltr"
                placeholder={t('auth.signup.phonePlaceholder')}
              />
            )}
          </FormField>
          <div>
            <FormField id="password" label={t('auth.password')} error={errors.password}>
              {(props) => (
                <PasswordInput
                  {...props}
                  {...form.register('password', {
                    onChange: () => {
                      if (form.getFieldState('passwordConfirmation').isTouched)
                        void form.trigger('passwordConfirmation');
                    },
                  })}
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
            error={errors.passwordConfirmation}
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
          <div className="space-y-3 pt-1">
            <div>
              <div className="flex items-start gap-2.5">
                <Controller
                  control={form.control}
                  name="acceptTerms"
                  render={({ field, fieldState }) => (
                    <Checkbox
                      id="acceptTerms"
                      className="mt-0.5"
                      checked={field.value}
                      onCheckedChange={(v) => field.onChange(v === true)}
                      onBlur={field.onBlur}
                      aria-invalid={fieldState.error ? true : undefined}
                      aria-describedby={fieldState.error ? 'acceptTerms-error' : undefined}
                    />
                  )}
                />
                <Label htmlFor="acceptTerms" className="leading-snug font-normal text-zinc-700">
                  <Trans
                    i18nKey="auth.signup.terms"
                    components={{
                      terms: (
                        <span className="font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-2" />
                      ),
                      privacy: (
                        <span className="font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-2" />
                      ),
                    }}
                  />
                </Label>
              </div>
              <div id="acceptTerms-error" className="ms-7 mt-1">
                <FieldErrorText error={errors.acceptTerms} />
              </div>
            </div>
            <div className="flex items-start gap-2.5">
              <Controller
                control={form.control}
                name="newsletter"
                render={({ field }) => (
                  <Checkbox
                    id="newsletter"
                    className="mt-0.5"
                    checked={field.value}
                    onCheckedChange={(v) => field.onChange(v === true)}
                  />
                )}
              />
              <Label htmlFor="newsletter" className="leading-snug font-normal text-zinc-700">
                {t('auth.signup.newsletter')}
              </Label>
            </div>
          </div>
          <Button type="submit" size="lg" className="w-full" loading={form.formState.isSubmitting}>
            {t('auth.signup.submit')}
          </Button>
        </form>
        <p className="text-center text-sm text-zinc-500">
          {t('auth.signup.haveAccount')}{' '}
          <Link
            to="/login"
            search={{ redirect }}
            className="font-medium text-indigo-600 hover:text-indigo-500"
          >
            {t('auth.signup.logIn')}
          </Link>
        </p>
      </div>
    </div>
  );
}
