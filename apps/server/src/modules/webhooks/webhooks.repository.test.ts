import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { webhooksRepository, type WebhooksRepository } from './webhooks.repository.ts';

/**
 * Events that arrive together are stored by one INSERT (issue F, ingest): each request still learns,
 * once it is committed, whether its own event was new, and one bad event fails only its own request.
 */
describe(`webhook events stored in groups on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: WebhooksRepository;
  const status = (orgId: string, key: string, payload: unknown = { MessageSid: key }) =>
    repo.record(orgId, { provider: 'twilio', kind: 'message.status', eventKey: key, payload });
  const stored = async (where = 'true') =>
    (
      await database.executeSql(
        `SELECT org_id, event_key, payload FROM webhook_events WHERE ${where} ORDER BY event_key`,
      )
    ).rows;

  beforeAll(async () => {
    database = await freshDatabase();
    repo = webhooksRepository(database.db);
    await database.executeSql(
      `INSERT INTO organizations (id, name, slug) VALUES ('org-a', 'A', 'a'), ('org-b', 'B', 'b')`,
    );
  });
  afterAll(async () => database?.dispose());

  it('stores 300 events of two orgs that arrive at once, each once, with their own org and payload', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `g1-${String(i).padStart(3, '0')}`);
    const results = await Promise.all(keys.map((k, i) => status(i % 2 ? 'org-b' : 'org-a', k)));
    expect(results.every((r) => !r.duplicate && typeof r.id === 'string')).toBe(true);
    expect(new Set(results.map((r) => r.id)).size).toBe(300);
    const rows = await stored(`event_key LIKE 'g1-%'`);
    expect(rows).toHaveLength(300);
    expect(rows[7]).toEqual({ org_id: 'org-b', event_key: 'g1-007', payload: { MessageSid: 'g1-007' } });

    // The same events again (a provider's retries), some twice within one group: none stored again.
    const again = await Promise.all([...keys, ...keys.slice(0, 50)].map((k) => status('org-a', k)));
    expect(again.every((r) => r.duplicate && r.id === null)).toBe(true);
    expect(await stored(`event_key LIKE 'g1-%'`)).toEqual(rows);
  });

  it('stores an event sent twice in the same group once: one caller learns it is new, the other not', async () => {
    const [first, second] = await Promise.all([status('org-a', 'twice'), status('org-a', 'twice')]);
    expect([first!.duplicate, second!.duplicate].sort()).toEqual([false, true]);
    expect(await stored(`event_key = 'twice'`)).toHaveLength(1);
  });

  it('fails only the request whose event the database refuses; the others of its group are stored', async () => {
    // A lone surrogate is valid in a JS string but not in PostgreSQL's JSON.
    const results = await Promise.allSettled([
      status('org-a', 'ok-1'),
      status('org-a', 'bad', { Body: 'broken \ud800 text' }),
      status('org-b', 'ok-2'),
      status('no-such-org', 'orphan'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((await stored(`event_key IN ('ok-1', 'ok-2', 'bad', 'orphan')`)).map((r) => r.event_key)).toEqual([
      'ok-1',
      'ok-2',
    ]);
  });
});
