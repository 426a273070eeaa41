export type Change = { direction: 'up' | 'down' | 'flat'; percent: number | null; good: boolean | null };

/**
 * The change of a metric against the previous period. Counts compare relatively (+50 %), rates (0..1)
 * compare in points (+12 pts is shown as 12). No previous value (or 0 for counts) → no percentage.
 */
export function computeChange(
  value: number | null,
  previous: number | null,
  kind: 'count' | 'rate' = 'count',
): Change {
  if (value === null || previous === null) return { direction: 'flat', percent: null, good: null };
  const diff = value - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const good = direction === 'flat' ? null : direction === 'up';
  if (kind === 'rate') return { direction, percent: Math.round(Math.abs(diff) * 100), good };
  if (previous === 0) return { direction, percent: null, good };
  return { direction, percent: Math.round((Math.abs(diff) / previous) * 100), good };
}
