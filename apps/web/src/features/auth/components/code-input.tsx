import type { InputHTMLAttributes, Ref } from 'react';
import { cn } from '../../../lib/cn';
import { Input } from '../../../components/ui/input';

/** A 6-digit one-time code field that phones can fill from the SMS. */
export function CodeInput({
  className,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <Input
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      dir="ltr"
      className={cn('h-12 text-center font-mono text-xl tracking-[0.5em]', className)}
      {...props}
    />
  );
}
