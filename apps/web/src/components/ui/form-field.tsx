import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';
import { translateFieldError } from '../../lib/translate-error';
import { Label } from './label';

type ControlProps = {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
};

/** Label, control, hint and translated error, wired together for screen readers. */
export function FormField({
  id,
  label,
  hint,
  error,
  optional,
  labelAction,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: { type?: string | number; message?: string };
  optional?: boolean;
  labelAction?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const message = translateFieldError(t, (key) => i18n.exists(key), error);
  const describedBy = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>
          {label}
          {optional && <span className="ms-1.5 font-normal text-zinc-400">({t('app.optional')})</span>}
        </Label>
        {labelAction}
      </div>
      {children({ id, 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy })}
      {hint && !message && (
        <div id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </div>
      )}
      {message && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600">
          {message}
        </p>
      )}
    </div>
  );
}

export function FieldErrorText({ error }: { error?: { type?: string | number; message?: string } }) {
  const { t, i18n } = useTranslation();
  const message = translateFieldError(t, (key) => i18n.exists(key), error);
  if (!message) return null;
  return <p className="text-xs font-medium text-red-600">{message}</p>;
}
