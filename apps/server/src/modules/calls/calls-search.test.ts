import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { callsRepository, type CallFilters, type CallsRepository } from './calls.repository.ts';

/**
 * The calls search reads the newest calls first, then (for a term rare among them) asks the trigram
 * indexes through calls_matching (migration 0013): either way its pages are the ones a plain scan of
 * every call gives, for terms common, rare, only in old calls, absent or too short for a trigram, with
 * the other filters and deep pages, and never with another org's calls.
 */
describe(`calls search on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: CallsRepository;
  const rows = async (text: string, values?: unknown[]) => (await database.executeSql(text, values)).rows;

  /** The page from every call of org sa, matching by plain substring (no patterns, no escaping). */
  async function expected(f: CallFilters) {
    const ids = await rows(
      `SELECT id FROM calls
       WHERE org_id = 'sa'
         AND (strpos(lower(caller_number), lower($1)) > 0 OR strpos(lower(caller_name), lower($1)) > 0
              OR strpos(lower(summary), lower($1)) > 0 OR strpos(lower(transcript), lower($1)) > 0)
         AND ($2::text IS NULL OR coalesce(duration_seconds, 0) > 0)
         AND ($3::text IS NULL OR phone_number_id = $3)
         AND ($4::timestamptz IS NULL OR started_at >= $4) AND ($5::timestamptz IS NULL OR started_at < $5)
       ORDER BY started_at DESC, created_at DESC, id DESC
       LIMIT $6 OFFSET $7`,
      [
        f.q,
        f.outcome ?? null,
        f.phoneNumberId ?? null,
        f.from?.toISOString() ?? null,
        f.to?.toISOString() ?? null,
        f.limit + 1,
        f.offset,
      ],
    );
    return { ids: ids.slice(0, f.limit).map((r) => r.id), hasMore: ids.length > f.limit };
  }

  beforeAll(async () => {
    database = await freshDatabase();
    repo = callsRepository(database.db);
    await rows(`INSERT INTO organizations (id, name, slug) VALUES ('sa', 'A', 'sa'), ('sb', 'B', 'sb')`);
    // 1,300 calls, two by two at the same time (ties broken by id); some not started (first in the list).
    // "Valentine" only in old calls, out of the newest 1,000 but for the unstarted ones.
    await rows(
      `INSERT INTO calls (id, org_id, vapi_call_id, phone_number_id, caller_number, caller_name, started_at, created_at,
                          duration_seconds, summary, transcript)
       SELECT o || '-' || lpad(i::text, 5, '0'), o, 'v-' || o || '-' || i, 'n' || (i % 3),
              '+1555' || lpad((i % 97)::text, 7, '0'),
              CASE WHEN i % 5 = 0 THEN NULL WHEN i % 401 = 0 THEN 'Zebulon Okonkwo' ELSE 'Caller ' || i END,
              CASE WHEN i % 50 <> 7 THEN now() - make_interval(mins => (i / 2) * 10) END,
              now() - make_interval(mins => (i / 2) * 10),
              CASE WHEN i % 4 = 0 THEN 0 ELSE 60 + i % 200 END,
              CASE WHEN i % 3 = 0 THEN 'Asked about a haircut.' WHEN i % 3 = 1 THEN 'Asked about opening hours.' END,
              'AI: Hello' || chr(10) || 'User: ' ||
              CASE WHEN (i > 1100 OR o = 'sb') AND i % 4 = 1 THEN 'A Valentine gift card please'
                   WHEN i % 7 = 0 THEN 'a HAIRCUT tomorrow' ELSE 'just a question' END ||
              CASE WHEN i IN (40, 700, 1250) THEN ' rareword' ELSE '' END ||
              CASE WHEN i = 15 THEN ' 100% sure, a_b and a\\b' WHEN i = 16 THEN ' 100 percent, axb and ab' ELSE '' END
       FROM (VALUES ('sa', 1300), ('sb', 300)) AS org(o, n), generate_series(1, n) i`,
    );
  });
  afterAll(async () => database?.dispose());

  it('pages like a scan of every call, whatever the term and filters', async () => {
    const now = Date.now();
    const cases: CallFilters[] = [];
    for (const q of [
      'haircut',
      'HAIRCUT',
      'Valentine',
      'rareword',
      'Okonkwo',
      'zzzz-no-match',
      'ab',
      'a',
      '+1555000001',
    ])
      for (const [limit, offset] of [
        [25, 0],
        [25, 25],
        [10, 990],
      ] as const)
        cases.push({ q, limit, offset });
    // the search's own characters are literal
    for (const q of ['100%', 'a_b', 'a\\b', '%', '_']) cases.push({ q, limit: 25, offset: 0 });
    for (const q of ['haircut', 'Valentine', 'rareword', 'zzzz-no-match', 'ab'])
      cases.push(
        { q, outcome: 'answered', limit: 25, offset: 0 },
        { q, phoneNumberId: 'n1', limit: 25, offset: 25 },
        {
          q,
          from: new Date(now - 150 * 3_600_000),
          to: new Date(now - 20 * 3_600_000),
          limit: 25,
          offset: 0,
        },
      );
    for (const f of cases) {
      const got = await repo.list('sa', f);
      const want = await expected(f);
      expect({ ids: got.rows.map((r) => r.call.id), hasMore: got.hasMore }, JSON.stringify(f)).toEqual(want);
    }
    expect((await expected({ q: 'Valentine', limit: 100, offset: 0 })).ids).toHaveLength(50);
  });

  it('finds through calls_matching only calls of the org the transaction is scoped to', async () => {
    // Outside a request's transaction (no app.org_id) the function sees nothing, even as the owner.
    expect(await rows(`SELECT * FROM calls_matching('%valentine%')`)).toEqual([]);
    expect(
      (await repo.list('sb', { q: 'Valentine', limit: 100, offset: 0 })).rows.map((r) => r.call.id),
    ).toEqual(
      (
        await rows(
          `SELECT id FROM calls WHERE org_id = 'sb' AND transcript ILIKE '%valentine%' ORDER BY started_at DESC NULLS FIRST, created_at DESC, id DESC`,
        )
      ).map((r) => r.id),
    );
  });
});
