import { countrySchema, nameSchema, timezoneSchema, type Org } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardFooter, CardHeader } from '../../../components/ui/card';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { PageSpinner } from '../../../components/ui/spinner';
import { applyServerErrors } from '../../../lib/form-errors';
import { allCountries } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useOrg } from '../api/get-org';
import { useUpdateOrg } from '../api/update-org';

const suggestedCountries = ['FR', 'IL', 'CA', 'US', 'GB', 'BE', 'CH'];
const schema = z.object({ name: nameSchema, country: countrySchema, timezone: timezoneSchema });
type Values = z.infer<typeof schema>;

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Paris', 'Asia/Jerusalem', 'America/Toronto', 'America/New_York'];
  }
}

export function OrgSettingsForm({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const org = useOrg(orgId);
  if (org.isPending) return <PageSpinner label={t('app.loading')} />;
  if (org.error) return <Alert tone="error">{translateError(t, org.error)}</Alert>;
  return <OrgForm key={`${org.data.id}-${i18n.language}`} org={org.data} />;
}

function OrgForm({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateOrg(org.id);
  const canEdit = org.role === 'owner' || org.role === 'admin';
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    mode: 'onTouched',
    defaultValues: {
      name: org.name,
      country: org.country ?? '',
      timezone: org.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  });

  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    const label = (code: string) => names.of(code) ?? code;
    const collator = new Intl.Collator(i18n.language);
    const others = allCountries()
      .filter((c) => !suggestedCountries.includes(c))
      .map((c) => ({ code: c, name: label(c) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    return { suggested: suggestedCountries.map((c) => ({ code: c, name: label(c) })), others };
  }, [i18n.language]);
  const zones = useMemo(timeZones, []);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync(values);
      form.reset({
        name: saved.name,
        country: saved.country ?? '',
        timezone: saved.timezone ?? values.timezone,
      });
    } catch (error) {
      applyServerErrors(error, form.setError, ['name', 'country', 'timezone']);
    }
  });

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate>
        <CardHeader title={t('settings.org.title')} description={t('settings.org.subtitle')} />
        <CardContent className="grid gap-5 sm:grid-cols-2">
          {!canEdit && (
            <Alert tone="info" className="sm:col-span-2">
              {t('settings.org.readOnly')}
            </Alert>
          )}
          {update.isSuccess && !form.formState.isDirty && (
            <Alert tone="success" className="sm:col-span-2">
              {t('settings.org.saved')}
            </Alert>
          )}
          {update.error && !(update.error as { details?: unknown[] }).details?.length && (
            <Alert tone="error" className="sm:col-span-2">
              {translateError(t, update.error)}
            </Alert>
          )}
          <FormField
            id="org-name"
            label={t('settings.org.name')}
            error={form.formState.errors.name}
            className="sm:col-span-2"
          >
            {(props) => (
              <Input {...props} {...form.register('name')} disabled={!canEdit} autoComplete="organization" />
            )}
          </FormField>
          <FormField id="org-country" label={t('settings.org.country')} error={form.formState.errors.country}>
            {(props) => (
              <NativeSelect {...props} {...form.register('country')} disabled={!canEdit}>
                <option value="" disabled>
                  {t('settings.org.countryPlaceholder')}
                </option>
                <optgroup label={t('settings.org.suggested')}>
                  {countries.suggested.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t('settings.org.allCountries')}>
                  {countries.others.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              </NativeSelect>
            )}
          </FormField>
          <FormField
            id="org-timezone"
            label={t('settings.org.timezone')}
            error={form.formState.errors.timezone}
          >
            {(props) => (
              <NativeSelect {...props} {...form.register('timezone')} disabled={!canEdit} dir="ltr">
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll('_', ' ')}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
        </CardContent>
        {canEdit && (
          <CardFooter>
            <Button type="submit" loading={form.formState.isSubmitting} disabled={!form.formState.isDirty}>
              {t('app.save')}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
