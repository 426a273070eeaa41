import type { ComponentProps } from 'react';
import { Checkbox as RadixCheckbox } from 'radix-ui';
import { cn } from '../../lib/cn';
import { Icon } from './icons';

export function Checkbox({ className, ...props }: ComponentProps<typeof RadixCheckbox.Root>) {
  return (
    <RadixCheckbox.Root
      className={cn(
        'peer flex size-4.5 shrink-0 items-center justify-center rounded-[5px] bg-white ring-1 ring-zinc-300 ring-inset',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
        'data-[state=checked]:bg-indigo-600 data-[state=checked]:ring-indigo-600 aria-invalid:ring-red-400',
        className,
      )}
      {...props}
    >
      <RadixCheckbox.Indicator className="text-white">
        <Icon name="check" className="size-3.5" strokeWidth={3} />
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
