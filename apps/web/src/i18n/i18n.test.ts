import { afterEach, describe, expect, it } from 'vitest';
import { i18n, resources, setLocale } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('switches the whole document to right-to-left in Hebrew', async () => {
    await setLocale('he');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('he');
    expect(i18n.t('auth.login.submit')).toBe('התחברות');
    expect(localStorage.getItem('ava.locale')).toBe('he');

    await setLocale('fr');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('has every key in all three languages, with no empty string', () => {
    const en = keys(resources.en.translation).sort();
    expect(keys(resources.fr.translation).sort()).toEqual(en);
    expect(keys(resources.he.translation).sort()).toEqual(en);
    for (const locale of ['en', 'fr', 'he'] as const) {
      for (const key of en) expect(i18n.getFixedT(locale)(key), `${locale}:${key}`).not.toBe('');
    }
  });

  it('translates every validation key the contracts use', () => {
    for (const key of [
      'email',
      'passwordMismatch',
      'acceptTerms',
      'phone',
      'required',
      'identifier',
      'passwordTooShort',
      'country',
      'timezone',
      'emptyUpdate',
      'phoneTaken',
    ]) {
      expect(i18n.exists(`validation.${key}`, { lng: 'he' }), key).toBe(true);
    }
  });
});
