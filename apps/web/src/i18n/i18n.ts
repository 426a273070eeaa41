import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, type Locale } from '@ava/contracts';
import en from './en.json';
import fr from './fr.json';
import he from './he.json';

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  he: { translation: he },
} as const;

const STORAGE_KEY = 'ava.locale';
/** Set when someone picks a language before signing in, so that choice wins over the saved one once. */
const PICKED_KEY = 'ava.locale.picked';

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);
export const isRtl = (locale: string) => locale === 'he';

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** localStorage first, then the browser's languages, then English. */
export function detectLocale(): Locale {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of languages) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base === 'iw') return 'he';
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function applyDocumentLocale(locale: string) {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = locale;
  document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
}

export function currentLocale(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Changes the UI language and remembers it on this device. */
export async function setLocale(locale: Locale, options: { picked?: boolean } = {}) {
  const storage = safeStorage();
  storage?.setItem(STORAGE_KEY, locale);
  if (options.picked) storage?.setItem(PICKED_KEY, locale);
  await i18n.changeLanguage(locale);
}

/** The language chosen on a public page before signing in, consumed once. */
export function takePickedLocale(): Locale | undefined {
  const storage = safeStorage();
  const picked = storage?.getItem(PICKED_KEY);
  storage?.removeItem(PICKED_KEY);
  return isLocale(picked) ? picked : undefined;
}

i18n.on('languageChanged', applyDocumentLocale);

void i18n.use(initReactI18next).init({
  resources,
  lng: detectLocale(),
  fallbackLng: 'en',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  initAsync: false,
  react: { useSuspense: false },
});
applyDocumentLocale(i18n.language);

export { i18n };
