import { useId } from 'react';
import { cn } from '../../lib/cn';

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  // Unique per instance: a gradient defined inside a hidden copy (the desktop sidebar on phones) would not paint.
  const gradientId = useId();
  return (
    <span
      className={cn('inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900', className)}
    >
      <svg viewBox="0 0 32 32" className="size-8 shrink-0" aria-hidden="true">
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#6366f1" />
            <stop offset="1" stopColor="#4338ca" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="9" fill={`url(#${gradientId})`} />
        <path
          d="M10 22.5 16 9.5l6 13M12.3 18h7.4"
          stroke="white"
          strokeWidth="2.4"
          fill="none"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {withName && <span className="text-lg">AVA</span>}
    </span>
  );
}
