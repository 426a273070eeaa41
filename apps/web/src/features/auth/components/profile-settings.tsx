import { locales, type Locale, type Me } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { localeNames } from '../../../components/language-switcher';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardFooter, CardHeader } from '../../../components/ui/card';
import { Checkbox } from '../../../components/ui/checkbox';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { Select } from '../../../components/ui/select';
import { setLocale } from '../../../i18n/i18n';
import { applyServerErrors } from '../../../lib/form-errors';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useUpdateMe } from '../api/update-me';
import { nameSchema, localeSchema } from '@ava/contracts';

const schema = z.object({ name: nameSchema, locale: localeSchema, newsletter: z.boolean() });
type Values = z.infer<typeof schema>;

export function ProfileSettings({ me }: { me: Me }) {
  const { t } = useTranslation();
  const update = useUpdateMe();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    mode: 'onTouched',
    values: { name: me.user.name, locale: me.user.locale, newsletter: me.user.newsletter },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync(values);
      await setLocale(saved.user.locale);
      form.reset(values);
    } catch (error) {
      applyServerErrors(error, form.setError, ['name', 'locale', 'newsletter']);
    }
  });

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate>
        <CardHeader title={t('settings.profile.title')} description={t('settings.profile.subtitle')} />
        <CardContent className="grid gap-5 sm:grid-cols-2">
          {update.isSuccess && !form.formState.isDirty && (
            <Alert tone="success" className="sm:col-span-2">
              {t('settings.profile.saved')}
            </Alert>
          )}
          {update.error && (
            <Alert tone="error" className="sm:col-span-2">
              {translateError(t, update.error)}
            </Alert>
          )}
          <FormField id="name" label={t('settings.profile.name')} error={form.formState.errors.name}>
            {(props) => <Input {...props} {...form.register('name')} autoComplete="name" />}
          </FormField>
          <FormField id="locale" label={t('settings.profile.language')} error={form.formState.errors.locale}>
            {(props) => (
              <Controller
                control={form.control}
                name="locale"
                render={({ field }) => (
                  <Select
                    id={props.id}
                    value={field.value}
                    onValueChange={(v) => field.onChange(v as Locale)}
                    options={locales.map((l) => ({ value: l, label: localeNames[l] }))}
                  />
                )}
              />
            )}
          </FormField>
          <div className="space-y-1.5">
            <Label htmlFor="profile-email">{t('settings.profile.email')}</Label>
            <div className="flex items-center gap-2">
              <Input id="profile-email" value={me.user.email} readOnly disabled dir="ltr" />
              <Badge tone={me.user.emailVerified ? 'green' : 'amber'}>
                {me.user.emailVerified ? t('settings.profile.verified') : t('settings.profile.unverified')}
              </Badge>
            </div>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="profile-phone">{t('settings.profile.phone')}</Label>
            <div className="flex items-center gap-2">
              <Input
                id="profile-phone"
                value={me.user.phoneNumber ? formatPhone(me.user.phoneNumber) : t('settings.profile.noPhone')}
                readOnly
                disabled
                dir={me.user.phoneNumber ? 'ltr' : undefined}
              />
              {me.user.phoneNumber && (
                <Badge tone={me.user.phoneNumberVerified ? 'green' : 'neutral'}>
                  {me.user.phoneNumberVerified
                    ? t('settings.profile.verified')
                    : t('settings.profile.unverified')}
                </Badge>
              )}
            </div>
          </div>
          <div className="flex items-center gap-2 sm:col-span-2">
            <Controller
              control={form.control}
              name="newsletter"
              render={({ field }) => (
                <Checkbox
                  id="newsletter"
                  checked={field.value}
                  onCheckedChange={(v) => field.onChange(v === true)}
                />
              )}
            />
            <Label htmlFor="newsletter" className="font-normal text-zinc-700">
              {t('settings.profile.newsletter')}
            </Label>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={form.formState.isSubmitting} disabled={!form.formState.isDirty}>
            {t('app.save')}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
