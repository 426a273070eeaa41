import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, type Locale } from '@ava/contracts';

type Bundle = Record<string, unknown>;

// Each language is its own chunk, fetched on demand: the first bundle carries no strings, and a
// French visitor never downloads Hebrew. main.tsx waits for the active one before the first render.
const bundles: Record<Locale, () => Promise<{ default: Bundle }>> = {
  en: () => import('./locales/en'),
  fr: () => import('./locales/fr'),
  he: () => import('./locales/he'),
};

/** Makes a language's strings available (once; later calls reuse them). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  const { default: bundle } = await bundles[locale]();
  i18n.addResourceBundle(locale, 'translation', bundle, true, true);
}

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

let latestRequest: Locale | undefined;

/** Changes the UI language (once its strings have arrived) and remembers it on this device. */
export async function setLocale(locale: Locale, options: { picked?: boolean } = {}) {
  const storage = safeStorage();
  storage?.setItem(STORAGE_KEY, locale);
  if (options.picked) storage?.setItem(PICKED_KEY, locale);
  latestRequest = locale;
  await loadLocale(locale);
  // Two quick picks: the last one wins even if the earlier language's strings arrive later.
  if (latestRequest === locale) await i18n.changeLanguage(locale);
}

/** Whether a language picked before signing in waits to be applied (takePickedLocale consumes it). */
export const hasPickedLocale = () => isLocale(safeStorage()?.getItem(PICKED_KEY));

/** The language chosen on a public page before signing in, consumed once. */
export function takePickedLocale(): Locale | undefined {
  const storage = safeStorage();
  const picked = storage?.getItem(PICKED_KEY);
  storage?.removeItem(PICKED_KEY);
  return isLocale(picked) ? picked : undefined;
}

i18n.on('languageChanged', applyDocumentLocale);

const initialLocale = detectLocale();
void i18n.use(initReactI18next).init({
  resources: {},
  lng: initialLocale,
  fallbackLng: 'en',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  initAsync: false,
  react: { useSuspense: false },
});
applyDocumentLocale(i18n.language);

/**
 * Resolves once the language on screen has its strings: render nothing before (no flash of keys).
 * i18next settles `resolvedLanguage` (what currentLocale() reads) only among languages that have
 * strings, hence choosing the language again once they are in.
 */
export const i18nReady: Promise<void> = loadLocale(initialLocale).then(async () => {
  await i18n.changeLanguage(initialLocale);
});

export { i18n };
