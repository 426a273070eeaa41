import { locales, type Locale } from '@ava/contracts';
import { useTranslation } from 'react-i18next';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from './ui/dropdown-menu';
import { Icon } from './ui/icons';
import { cn } from '../lib/cn';

/** Language names are written in their own language so anyone can find theirs. */
export const localeNames: Record<Locale, string> = { en: 'English', fr: 'Français', he: 'עברית' };

export function LanguageSwitcher({
  value,
  onChange,
  className,
}: {
  value: Locale;
  onChange: (locale: Locale) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={t('app.language')}
        className={cn(
          'inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600',
          className,
        )}
      >
        <Icon name="globe" className="size-4" />
        <span>{localeNames[value]}</span>
        <Icon name="chevron-down" className="size-3.5 text-zinc-400" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="min-w-36">
        <DropdownMenuRadioGroup value={value} onValueChange={(v) => onChange(v as Locale)}>
          {locales.map((locale) => (
            <DropdownMenuRadioItem key={locale} value={locale} lang={locale}>
              {localeNames[locale]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
