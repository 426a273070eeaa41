import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase, seedTwoOrgs } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { callIdFor, callsRepository, type ToolCallEntry } from './calls.repository.ts';

const entry = (id: string, result: unknown = 'ok'): ToolCallEntry => ({
  id,
  name: 'check_availability',
  arguments: { date: '2026-11-24', note: 'l\'après-midi \\ "quoted"' },
  result,
});

describe(`calls repository: tool-call lists on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: ReturnType<typeof callsRepository>;
  const listOf = async (orgId: string, vapiCallId: string) =>
    ((await repo.get(orgId, callIdFor(vapiCallId)))?.toolCalls as ToolCallEntry[] | null | undefined) ?? null;

  beforeAll(async () => {
    database = await freshDatabase();
    await seedTwoOrgs(database.db);
    repo = callsRepository(database.db);
  });
  afterAll(async () => database?.dispose());

  it('appends in order, several calls in one batch, creating the call rows it needs', async () => {
    await repo.appendToolCalls('org-a', [
      { vapiCallId: 'call-2', entries: [entry('t3')] },
      { vapiCallId: 'call-1', entries: [entry('t1'), entry('t2', { slots: ['10:00'] })] },
    ]);
    expect(await listOf('org-a', 'call-1')).toEqual([entry('t1'), entry('t2', { slots: ['10:00'] })]);
    expect(await listOf('org-a', 'call-2')).toEqual([entry('t3')]);
  });

  it('adds no entry twice: a replayed batch, or an id repeated within one, changes nothing', async () => {
    await repo.appendToolCalls('org-a', [
      { vapiCallId: 'call-1', entries: [entry('t2', 'other'), entry('t4'), entry('t4')] },
    ]);
    expect((await listOf('org-a', 'call-1'))?.map((e) => e.id)).toEqual(['t1', 't2', 't4']);
    expect((await listOf('org-a', 'call-1'))?.[1]?.result).toEqual({ slots: ['10:00'] });
  });

  it("never touches another organisation's call", async () => {
    // Refused or skipped (the call's id is taken by org A's row, which org B cannot see or change).
    await repo.appendToolCalls('org-b', [{ vapiCallId: 'call-2', entries: [entry('x')] }]).catch(() => {});
    expect((await listOf('org-a', 'call-2'))?.map((e) => e.id)).toEqual(['t3']);
    expect(await listOf('org-b', 'call-2')).toBeNull();
  });
});
