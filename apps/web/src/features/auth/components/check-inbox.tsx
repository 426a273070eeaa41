import type { ReactNode } from 'react';
import { Icon, type IconName } from '../../../components/ui/icons';

export function ResultPanel({
  icon = 'mail',
  tone = 'indigo',
  title,
  body,
  children,
}: {
  icon?: IconName;
  tone?: 'indigo' | 'green' | 'red';
  title: ReactNode;
  body: ReactNode;
  children?: ReactNode;
}) {
  const tones = {
    indigo: 'bg-indigo-50 text-indigo-600',
    green: 'bg-emerald-50 text-emerald-600',
    red: 'bg-red-50 text-red-600',
  };
  return (
    <div>
      <div className={`mb-5 flex size-12 items-center justify-center rounded-full ${tones[tone]}`}>
        <Icon name={icon} className="size-6" />
      </div>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="mt-2 text-sm text-zinc-500">{body}</p>
      {children && <div className="mt-7 space-y-3">{children}</div>}
    </div>
  );
}
