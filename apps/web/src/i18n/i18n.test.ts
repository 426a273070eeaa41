import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n, setLocale } from './i18n';
import en from './locales/en';
import fr from './locales/fr';
import he from './locales/he';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('fetches a language only when it is first shown, and the last pick wins', async () => {
    // Only the language on screen at start (English here) has been fetched.
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(true);
    expect(i18n.hasResourceBundle('he', 'translation')).toBe(false);
    expect(i18n.hasResourceBundle('fr', 'translation')).toBe(false);
    const slow = setLocale('he');
    const fast = setLocale('fr');
    await Promise.all([slow, fast]);
    expect(i18n.language).toBe('fr');
    expect(i18n.hasResourceBundle('he', 'translation')).toBe(true);
    expect(document.documentElement.dir).toBe('ltr');
  });

  it('starts in the saved language, its strings loaded and reported as the current one', async () => {
    localStorage.setItem('ava.locale', 'fr');
    vi.resetModules();
    const fresh = await import('./i18n');
    await fresh.i18nReady;
    expect(fresh.currentLocale()).toBe('fr');
    expect(fresh.i18n.t('auth.login.submit')).toBe('Se connecter');
    expect(document.documentElement.lang).toBe('fr');
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

  it('has every key in all three languages, with no empty string', async () => {
    const enKeys = keys(en).sort();
    expect(keys(fr).sort()).toEqual(enKeys);
    expect(keys(he).sort()).toEqual(enKeys);
    for (const locale of ['en', 'fr', 'he'] as const) {
      await setLocale(locale);
      for (const key of enKeys) expect(i18n.getFixedT(locale)(key), `${locale}:${key}`).not.toBe('');
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
