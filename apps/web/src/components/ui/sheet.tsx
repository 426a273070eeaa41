import type { ReactNode } from 'react';
import { Dialog as RadixDialog } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

export const Sheet = RadixDialog.Root;

/** A side drawer (Radix dialog) sliding in from the reading end: the right in English, the left in Hebrew. */
export function SheetContent({
  title,
  description,
  children,
  footer,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 data-[state=open]:animate-[fade-in_150ms_ease-out]" />
      <RadixDialog.Content
        className="fixed inset-y-0 end-0 z-50 flex w-full max-w-md flex-col bg-white shadow-xl ring-1 ring-zinc-900/5 data-[state=open]:animate-[fade-in_150ms_ease-out]"
        {...(description ? {} : { 'aria-describedby': undefined })}
      >
        <div className="flex items-start justify-between gap-4 border-b border-zinc-100 px-5 py-4">
          <div className="min-w-0">
            <RadixDialog.Title className="text-base font-semibold text-zinc-900">{title}</RadixDialog.Title>
            {description && (
              <RadixDialog.Description className="mt-1 text-sm text-zinc-500">
                {description}
              </RadixDialog.Description>
            )}
          </div>
          <RadixDialog.Close
            className="-m-1.5 rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-600"
            aria-label={t('app.close')}
          >
            <Icon name="x" className="size-4" />
          </RadixDialog.Close>
        </div>
        <div className="flex-1 overflow-y-auto px-5 py-5">{children}</div>
        {footer && <div className="flex justify-end gap-3 border-t border-zinc-100 px-5 py-3">{footer}</div>}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}
