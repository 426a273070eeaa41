import { useState, type InputHTMLAttributes, type Ref } from 'react';
import { cn } from '../../lib/cn';
import { inputClasses } from './input';

/** A password input with a show/hide toggle (labels passed in so this stays i18n-agnostic). */
export function PasswordInput({
  className,
  ref,
  showLabel,
  hideLabel,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & {
  ref?: Ref<HTMLInputElement>;
  showLabel: string;
  hideLabel: string;
}) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="relative">
      <input
        ref={ref}
        type={visible ? 'text' : 'password'}
        className={cn(inputClasses, 'pe-16', className)}
        {...props}
      />
      <button
        type="button"
        onClick={() => setVisible((v) => !v)}
        className="absolute inset-y-0 end-0 my-1 me-1 rounded-md px-2.5 text-xs font-medium text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700"
        aria-pressed={visible}
      >
        {visible ? hideLabel : showLabel}
      </button>
    </div>
  );
}
