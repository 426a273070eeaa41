import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * `INSERT INTO table (…) SELECT … FROM unnest(…)` for many rows: one array parameter per column, so the
 * statement has a handful of parameters however many rows it carries. drizzle's multi-row insert builds
 * one parameter per value (10,000 texts of 14 columns: 140,000, about 0.8 s of the app's CPU to build,
 * and as long for PostgreSQL to bind); this builds in milliseconds. The caller adds ON CONFLICT and
 * RETURNING.
 *
 * Values go through each column's own driver mapping (dates, JSON) as drizzle's insert would; a column
 * given in no row is left to its database default, one with a JS default (`$defaultFn`, e.g. ids) gets
 * it per row, and one missing from some rows only is NULL there — unless it has a database default,
 * which an array cannot express: that throws.
 */
export function insertByColumns<T extends PgTable>(table: T, rows: T['$inferInsert'][]): SQL {
  const columns = Object.entries(getTableColumns(table));
  const given = columns.filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  const filled = columns.filter(([key, c]) => c.defaultFn && !given.some(([k]) => k === key));
  // A column absent from a row is NULL there, as in drizzle's insert, unless it has a database default.
  for (const [key, column] of given)
    if (
      column.hasDefault &&
      !column.defaultFn &&
      rows.some((r) => (r as Record<string, unknown>)[key] === undefined)
    )
      throw new Error(`insertByColumns: ${key} (which has a default) is missing from some rows`);
  const used = [...given, ...filled];
  const arrays = used.map(([key, column]) => {
    const values = rows.map((r) => {
      const v = (r as Record<string, unknown>)[key] ?? (column.defaultFn ? column.defaultFn() : undefined);
      return v === null || v === undefined ? null : column.mapToDriverValue(v);
    });
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
  });
  const names = sql.join(
    used.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  return sql`INSERT INTO ${sql.identifier(getTableName(table))} (${names})
    SELECT * FROM unnest(${sql.join(arrays, sql`, `)})`;
}
