import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';

export function EmptyState({
  icon,
  title,
  body,
  action,
}: {
  icon: IconName;
  title: ReactNode;
  body: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-8 ring-indigo-50/50">
        <Icon name={icon} className="size-6" />
      </div>
      <h2 className="mt-5 text-base font-semibold text-zinc-900">{title}</h2>
      <p className="mt-1.5 max-w-md text-sm text-balance text-zinc-500">{body}</p>
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
