import type { AvailableNumber } from '@ava/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardHeader } from '../../../components/ui/card';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { allCountries, formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useBuyNumber } from '../api/buy-number';
import { useAvailableNumbers, type NumberSearch } from '../api/search-available-numbers';
import { flagEmoji, formatMonthlyPrice, regionName } from './format';
import { reportImport } from './report-number';

const suggested = ['FR', 'US', 'CA', 'GB', 'IL', 'BE', 'CH'];
const withAreaCodes = ['US', 'CA'];
type NumberType = '' | 'local' | 'mobile' | 'tollFree';

/** Search Twilio's available numbers by country, area code and digits; buy one in a click. */
export function NumberSearchCard({ orgId, defaultCountry }: { orgId: string; defaultCountry: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [country, setCountry] = useState(defaultCountry);
  const [type, setType] = useState<NumberType>('');
  const [areaCode, setAreaCode] = useState('');
  const [contains, setContains] = useState('');
  const [errors, setErrors] = useState<{ areaCode?: string; contains?: string }>({});
  const [search, setSearch] = useState<NumberSearch | null>(null);
  const results = useAvailableNumbers(orgId, search);
  const buy = useBuyNumber(orgId);
  const [buying, setBuying] = useState<string | null>(null);
  const [buyError, setBuyError] = useState<{ number: string; message: string } | null>(null);

  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    const label = (code: string) => names.of(code) ?? code;
    const collator = new Intl.Collator(i18n.language);
    const others = allCountries()
      .filter((c) => !suggested.includes(c))
      .map((c) => ({ code: c, name: label(c) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    return { suggested: suggested.map((c) => ({ code: c, name: label(c) })), others };
  }, [i18n.language]);

  const hasAreaCodes = withAreaCodes.includes(country);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (hasAreaCodes && areaCode && !/^\d{3}$/.test(areaCode)) next.areaCode = 'validation.areaCode';
    if (contains && !/^[0-9*]{1,10}$/.test(contains)) next.contains = 'validation.contains';
    setErrors(next);
    if (next.areaCode || next.contains) return;
    setBuyError(null);
    setSearch({
      country,
      ...(type ? { type } : {}),
      ...(hasAreaCodes && areaCode ? { areaCode } : {}),
      ...(contains ? { contains } : {}),
    });
  };

  const purchase = (available: AvailableNumber) => {
    const shown = formatPhone(available.phoneNumber);
    setBuying(available.phoneNumber);
    setBuyError(null);
    buy.mutate(
      { phoneNumber: available.phoneNumber },
      {
        onSuccess: (number) => {
          toast.success({
            title: t('numbers.boughtToast', { number: shown }),
            description: t('numbers.boughtBody'),
          });
          reportImport(t, toast, number);
          void queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'numbers', 'available'] });
        },
        onError: (error) => {
          const message = translateError(t, error);
          setBuyError({ number: available.phoneNumber, message });
          toast.error({ title: t('numbers.buyFailedToast', { number: shown }), description: message });
          // A number taken in the meantime disappears from fresh results.
          if (isApiError(error, 'PROVIDER_ERROR'))
            void queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'numbers', 'available'] });
        },
        onSettled: () => setBuying(null),
      },
    );
  };

  return (
    <Card data-testid="number-search">
      <CardHeader title={t('numbers.search.title')} description={t('numbers.search.subtitle')} />
      <CardContent className="space-y-5">
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <FormField id="search-country" label={t('numbers.search.country')}>
            {(props) => (
              <NativeSelect
                {...props}
                value={country}
                onChange={(e) => {
                  setCountry(e.target.value);
                  setSearch(null);
                }}
              >
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
          <FormField id="search-type" label={t('numbers.search.type')}>
            {(props) => (
              <NativeSelect {...props} value={type} onChange={(e) => setType(e.target.value as NumberType)}>
                <option value="">{t('numbers.search.typeAny')}</option>
                <option value="local">{t('numbers.search.typeLocal')}</option>
                <option value="mobile">{t('numbers.search.typeMobile')}</option>
                <option value="tollFree">{t('numbers.search.typeTollFree')}</option>
              </NativeSelect>
            )}
          </FormField>
          {hasAreaCodes && (
            <FormField
              id="search-area"
              label={t('numbers.search.areaCode')}
              optional
              error={errors.areaCode ? { message: errors.areaCode } : undefined}
            >
              {(props) => (
                <Input
                  {...props}
                  inputMode="numeric"
                  dir="ltr"
                  maxLength={3}
                  placeholder="415"
                  value={areaCode}
                  onChange={(e) => setAreaCode(e.target.value.trim())}
                />
              )}
            </FormField>
          )}
          <FormField
            id="search-contains"
            label={t('numbers.search.contains')}
            optional
            error={errors.contains ? { message: errors.contains } : undefined}
          >
            {(props) => (
              <Input
                {...props}
                inputMode="numeric"
                dir="ltr"
                maxLength={10}
                placeholder="77"
                value={contains}
                onChange={(e) => setContains(e.target.value.trim())}
              />
            )}
          </FormField>
          <Button type="submit" loading={results.isFetching && search !== null}>
            {t('numbers.search.submit')}
          </Button>
        </form>

        {buyError && (
          <Alert tone="error" title={t('numbers.buyFailedToast', { number: formatPhone(buyError.number) })}>
            {buyError.message}
          </Alert>
        )}
        {search && results.isPending && (
          <div className="flex justify-center py-6 text-zinc-400">
            <Spinner label={t('app.loading')} />
          </div>
        )}
        {search && results.error && <Alert tone="error">{translateError(t, results.error)}</Alert>}
        {search && results.data && results.data.length === 0 && (
          <Alert tone="info" title={t('numbers.search.noneTitle')}>
            {hasAreaCodes ? t('numbers.search.noneAreaCode') : t('numbers.search.noneBody')}
          </Alert>
        )}
        {search && results.data && results.data.length > 0 && (
          <ul
            className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200 ring-inset"
            aria-label={t('numbers.search.results')}
          >
            {results.data.map((n) => {
              const price = formatMonthlyPrice(t, i18n.language, n.monthlyPrice);
              const shown = formatPhone(n.phoneNumber);
              return (
                <li
                  key={n.phoneNumber}
                  className="flex flex-wrap items-center gap-3 px-4 py-3"
                  data-testid="available-number"
                  data-number={n.phoneNumber}
                >
                  <span aria-hidden="true">{flagEmoji(n.country)}</span>
                  <span className="min-w-0 flex-1">
                    <span dir="ltr" className="block font-medium text-zinc-900 tabular-nums">
                      {shown}
                    </span>
                    <span className="block text-xs text-zinc-500">
                      {[n.locality, n.region, regionName(i18n.language, n.country)]
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                  </span>
                  <span className="flex flex-wrap gap-1">
                    {n.capabilities.voice && <Badge tone="indigo">{t('numbers.cap.voice')}</Badge>}
                    {n.capabilities.sms && <Badge tone="indigo">{t('numbers.cap.sms')}</Badge>}
                    {n.capabilities.mms && <Badge tone="indigo">{t('numbers.cap.mms')}</Badge>}
                  </span>
                  {price && <span className="text-xs text-zinc-500">{price}</span>}
                  <Button
                    size="sm"
                    loading={buying === n.phoneNumber}
                    disabled={buying !== null && buying !== n.phoneNumber}
                    aria-label={t('numbers.search.buyNumber', { number: shown })}
                    onClick={() => purchase(n)}
                  >
                    {t('numbers.search.buy')}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
