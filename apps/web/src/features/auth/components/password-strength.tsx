import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';

/** 0–4: a rough, friendly estimate (length and variety), not a security guarantee. */
export function passwordScore(password: string): number {
  if (!password) return 0;
  let score = 0;
  if (password.length >= 8) score++;
  if (password.length >= 12) score++;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes >= 2) score++;
  if (classes >= 3 || password.length >= 16) score++;
  return password.length < 8 ? Math.min(score, 1) : score;
}

const labels = ['weak', 'weak', 'fair', 'good', 'strong'] as const;
const colors = ['bg-red-500', 'bg-red-500', 'bg-amber-500', 'bg-emerald-500', 'bg-emerald-600'];

export function PasswordStrength({ password }: { password: string }) {
  const { t } = useTranslation();
  if (!password) return null;
  const score = passwordScore(password);
  return (
    <div className="mt-2" aria-live="polite">
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((i) => (
          <span
            key={i}
            className={cn('h-1 flex-1 rounded-full', i <= Math.max(score, 1) ? colors[score] : 'bg-zinc-200')}
          />
        ))}
      </div>
      <p className="mt-1 text-xs text-zinc-500">
        {t('auth.strength.label')}: {t(`auth.strength.${labels[score]}`)}
      </p>
    </div>
  );
}
