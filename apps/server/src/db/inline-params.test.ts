import { prepareValue } from 'pg/lib/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import type { Database } from './client.ts';
import { inlineParams } from './inline-params.ts';

const inline = (text: string, values: unknown[]) => inlineParams(text, values, prepareValue);

describe('inlineParams', () => {
  it('replaces each parameter by its quoted value, however often it appears', () => {
    expect(inline('SELECT $1, $2, $1 WHERE a = $10', [...'abcdefghij'])).toBe(
      "SELECT 'a', 'b', 'a' WHERE a = 'j'",
    );
  });

  it('leaves $n alone inside strings, names, dollar-quoted bodies and comments', () => {
    const text = `SELECT '$1', E'it\\'s $1', "a$1", $$ $1 $$, $f$ $1 $f$, x$1 -- $1
      /* $1 */ FROM t WHERE a = $1`;
    expect(inline(text, ['v'])).toBe(text.replace(/\$1$/, "'v'"));
  });

  it('refuses what a query text cannot carry', () => {
    expect(inline('SELECT $1', [Buffer.from('ab')])).toBeNull();
    expect(inline('SELECT $1', ['a\0b'])).toBeNull();
    expect(inline('SELECT $2', ['a'])).toBeNull();
  });
});

/**
 * The proof that matters: PostgreSQL gives the same answer to the statement with its parameters and
 * to the inlined text, for values chosen to break quoting.
 */
describe(`inlined statements answer as parameterised ones on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database?.dispose());

  const awkward = [
    "O'Brien",
    "''; DROP TABLE users; --",
    'back\\slash \\x41 \\',
    "E'\\''",
    '$1 $$ $tag$',
    'שלום — émoji 🎉 \u2028',
    '   ',
    '',
    '{"a":[1,"two"]}',
  ];
  const cases: [string, unknown[]][] = [
    ...awkward.map((s): [string, unknown[]] => ['SELECT $1::text AS v, length($1) AS n', [s]]),
    ['SELECT $1 AS v', ["it's"]],
    ['SELECT $1::int + 1 AS v, $2::numeric * 2 AS w', [41, '1.5']],
    ['SELECT 1 AS v LIMIT $1 OFFSET $2', [5, 0]],
    ['SELECT $1::boolean AS v, $2::text IS NULL AS w', [true, null]],
    ['SELECT $1::timestamptz AS v', [new Date('2026-03-29T01:30:00.123Z')]],
    ['SELECT $1::text[] AS v', [['a', "b'c", 'd"e', 'f\\g', null]]],
    ['SELECT $1::jsonb AS v', [{ quote: "'", slash: '\\', nested: { list: [1, 'x'] } }]],
    ["SELECT '$1' AS v, $1 AS w", ['x']],
    ['SELECT make_interval(secs => $1) AS v', [90]],
  ];

  it.each(cases)('%s', async (text, values) => {
    const inlined = inline(text, values);
    expect(inlined).not.toBeNull();
    const withParams = await database.executeSql(text, values);
    const asText = await database.executeSql(inlined!);
    expect(asText.rows).toEqual(withParams.rows);
  });
});
