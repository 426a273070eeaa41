import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { Icon, type IconName } from './icons';

const tones = {
  info: {
    box: 'bg-indigo-50 text-indigo-900 ring-indigo-200',
    icon: 'info' as IconName,
    iconColor: 'text-indigo-500',
  },
  success: {
    box: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
    icon: 'check-circle' as IconName,
    iconColor: 'text-emerald-500',
  },
  warning: {
    box: 'bg-amber-50 text-amber-900 ring-amber-200',
    icon: 'alert' as IconName,
    iconColor: 'text-amber-500',
  },
  error: { box: 'bg-red-50 text-red-900 ring-red-200', icon: 'alert' as IconName, iconColor: 'text-red-500' },
};

export function Alert({
  tone = 'info',
  title,
  children,
  action,
  className,
}: {
  tone?: keyof typeof tones;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const style = tones[tone];
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn('flex gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset', style.box, className)}
    >
      <Icon name={style.icon} className={cn('mt-0.5 size-4 shrink-0', style.iconColor)} />
      <div className="min-w-0 flex-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className={cn(title && 'mt-0.5', 'opacity-90')}>{children}</div>}
      </div>
      {action && <div className="shrink-0 self-center">{action}</div>}
    </div>
  );
}
