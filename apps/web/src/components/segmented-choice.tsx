import { cn } from '../lib/cn';

/** A segmented choice among a few options: the dashboard's and SMS analytics' periods, onboarding's tone. */
export function SegmentedChoice<P extends string | number>({
  label,
  options,
  value,
  onChange,
  labelOf,
}: {
  label: string;
  options: readonly P[];
  value: P;
  onChange: (option: P) => void;
  labelOf: (option: P) => string;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex max-w-full rounded-lg bg-zinc-100 p-0.5">
      {options.map((p) => (
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
