import { cn } from '../lib/cn';

/** A segmented choice of period (7 days, 30 days…), shared by the dashboard and SMS analytics. */
export function PeriodPicker<P extends string | number>({
  label,
  periods,
  value,
  onChange,
  labelOf,
}: {
  label: string;
  periods: readonly P[];
  value: P;
  onChange: (period: P) => void;
  labelOf: (period: P) => string;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex max-w-full rounded-lg bg-zinc-100 p-0.5">
      {periods.map((p) => (
        <button
          key={p}
          type="button"
          role="radio"
          aria-checked={value === p}
          onClick={() => onChange(p)}
          className={cn(
            'rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap sm:px-3',
            value === p ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-500 hover:text-zinc-800',
          )}
        >
          {labelOf(p)}
        </button>
      ))}
    </div>
  );
}
