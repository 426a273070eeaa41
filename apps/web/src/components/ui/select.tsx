import type { ComponentProps, ReactNode } from 'react';
import { Select as RadixSelect } from 'radix-ui';
import { cn } from '../../lib/cn';
import { Icon } from './icons';

export type SelectOption = { value: string; label: ReactNode; description?: ReactNode };

/** A styled Radix select for short lists (roles, languages). */
export function Select({
  value,
  onValueChange,
  options,
  placeholder,
  className,
  disabled,
  id,
  'aria-label': ariaLabel,
  'aria-invalid': ariaInvalid,
  size = 'md',
}: {
  value: string | undefined;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  size?: 'sm' | 'md';
}) {
  return (
    <RadixSelect.Root value={value} onValueChange={onValueChange} disabled={disabled}>
      <RadixSelect.Trigger
        id={id}
        aria-label={ariaLabel}
        aria-invalid={ariaInvalid}
        className={cn(
          'inline-flex w-full items-center justify-between gap-2 rounded-lg bg-white px-3 text-start text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset',
          'focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500 data-[placeholder]:text-zinc-400',
          size === 'sm' ? 'h-8' : 'h-10',
          className,
        )}
      >
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon>
          <Icon name="chevron-down" className="size-4 text-zinc-400" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-72 min-w-(--radix-select-trigger-width) overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-zinc-900/10"
        >
          <RadixSelect.Viewport className="p-1">
            {options.map((option) => (
              <SelectItem key={option.value} value={option.value} description={option.description}>
                {option.label}
              </SelectItem>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}

function SelectItem({
  children,
  description,
  className,
  ...props
}: ComponentProps<typeof RadixSelect.Item> & { description?: ReactNode }) {
  return (
    <RadixSelect.Item
      className={cn(
        'relative flex cursor-default flex-col rounded-md py-1.5 ps-2 pe-8 text-sm text-zinc-800 outline-none select-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900',
        className,
      )}
      {...props}
    >
      <RadixSelect.ItemText>{children}</RadixSelect.ItemText>
      {description && <span className="text-xs text-zinc-500">{description}</span>}
      <RadixSelect.ItemIndicator className="absolute end-2 top-2 text-indigo-600">
        <Icon name="check" className="size-4" />
      </RadixSelect.ItemIndicator>
    </RadixSelect.Item>
  );
}

/** A styled native select for long lists (countries, time zones): searchable by typing, great on phones. */
export function NativeSelect({ className, children, ...props }: ComponentProps<'select'>) {
  return (
    <div className="relative">
      <select
        className={cn(
          'block h-10 w-full appearance-none rounded-lg border-0 bg-white ps-3 pe-9 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset',
          'focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500 aria-invalid:ring-red-400',
          className,
        )}
        {...props}
      >
        {children}
      </select>
      <Icon
        name="chevron-down"
        className="pointer-events-none absolute end-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400"
      />
    </div>
  );
}
