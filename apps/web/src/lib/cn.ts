/** Joins class names, skipping falsy values. */
export function cn(...values: unknown[]): string {
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0).join(' ');
}
