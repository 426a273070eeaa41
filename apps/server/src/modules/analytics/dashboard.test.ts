import type { InjectOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, calls } from '../../db/schema/index.ts';
import { withOrg } from '../../db/tenant.ts';
import { createTestApp, driverName, signUp, type SignedUp, type TestApp } from '../../../test/helpers.ts';

const DAY = 86_400_000;

/**
 * The home dashboard's figures for a period against the one before, and the calls list's pages and
 * filters, over calls written straight into the database (as the webhook processor would).
 */
describe(`the home dashboard and the calls list on ${driverName}`, () => {
  let t: TestApp;
  let a: SignedUp;
  let b: SignedUp;
  const now = Date.now();
  const ids: Record<string, string> = {};
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const get = async (who: SignedUp, path: string) => {
    const res = await as(who, { method: 'GET', url: `/api/v1/orgs/${who.orgId}${path}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  type Call = {
    name: string;
    daysAgo: number | null; // null: not started yet (in progress, counted at its creation)
    duration?: number | null;
    evaluation?: string | null;
    endedReason?: string;
  };
  async function seed(
    orgId: string,
    list: Call[],
    booked: { call?: string; daysAgo: number; status?: 'cancelled' }[],
  ) {
    await withOrg(t.database.db, orgId, async (tx) => {
      for (const c of list) {
        const [row] = await tx
          .insert(calls)
          .values({
            orgId,
            vapiCallId: randomUUID(),
            status: c.daysAgo === null ? 'in-progress' : 'ended',
            callerNumber: '+33612345678',
            callerName: c.name,
            startedAt: c.daysAgo === null ? null : new Date(now - c.daysAgo * DAY),
            durationSeconds: c.duration ?? null,
            successEvaluation: c.evaluation ?? null,
            endedReason: c.endedReason ?? null,
            summary: `Call with ${c.name}`,
            transcript: `AI: Hello. User: this is ${c.name}. `.repeat(200),
          })
          .returning({ id: calls.id });
        ids[c.name] = row!.id;
      }
      let slot = 0;
      for (const x of booked) {
        const startsAt = new Date(now + (++slot + 1) * DAY);
        await tx.insert(appointments).values({
          orgId,
          callId: x.call ? ids[x.call] : null,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          status: x.status ?? 'booked',
          source: x.call ? 'call' : 'manual',
          createdAt: new Date(now - x.daysAgo * DAY),
        });
      }
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    a = await signUp(t.app);
    b = await signUp(t.app);
    await seed(
      a.orgId,
      [
        // this week: 4 calls, 2 answered, 2 evaluated of which 1 successful
        { name: 'Alice', daysAgo: 1, duration: 60, evaluation: 'true' },
        { name: 'Bruno', daysAgo: 2, duration: 0, endedReason: 'customer-did-not-answer' },
        { name: 'Chloé', daysAgo: 3, duration: 30, evaluation: 'false' },
        { name: 'Dan', daysAgo: null },
        // the week before: 2 calls, both answered, 1 evaluated and successful
        { name: 'Eve', daysAgo: 9, duration: 10, evaluation: 'Pass' },
        { name: 'Farid', daysAgo: 10, duration: 20 },
        // three weeks ago: only in the 30-day figures
        { name: 'Gil', daysAgo: 21, duration: 45 },
      ],
      [{ call: 'Alice', daysAgo: 1 }, { call: 'Chloé', daysAgo: 3, status: 'cancelled' }, { daysAgo: 9 }],
    );
    // Another organisation's busy week must not show in the first one's figures.
    await seed(
      b.orgId,
      [1, 2, 3].map((i) => ({ name: `Other ${i}`, daysAgo: i, duration: 5, evaluation: 'true' })),
      [{ call: 'Other 1', daysAgo: 1 }],
    );
  }, 60_000);
  afterAll(() => t?.close());

  it('compares this week with the one before: calls, bookings, answer rate and satisfaction', async () => {
    const week = await get(a, '/dashboard?days=7');
    expect(week.calls).toEqual({ value: 4, previous: 2 });
    expect(week.appointments).toEqual({ value: 1, previous: 1 });
    expect(week.answerRate).toEqual({ value: 0.5, previous: 1 });
    expect(week.satisfaction).toEqual({ value: 0.5, previous: 1 });
    expect(week.perDay).toHaveLength(7);
    expect(week.perDay.reduce((n: number, d: { calls: number }) => n + d.calls, 0)).toBe(4);
    expect(week.recentCalls.map((c: { callerName: string }) => c.callerName)).toEqual([
      'Dan',
      'Alice',
      'Bruno',
      'Chloé',
      'Eve',
    ]);
    expect(week.recentCalls.find((c: { callerName: string }) => c.callerName === 'Alice').booked).toBe(true);
    // A cancelled booking does not make a call "booked".
    expect(week.recentCalls.find((c: { callerName: string }) => c.callerName === 'Chloé').booked).toBe(false);

    const month = await get(a, '/dashboard?days=30');
    expect(month.calls).toEqual({ value: 7, previous: 0 });
    expect(month.answerRate.value).toBeCloseTo(5 / 7);
    expect(month.appointments).toEqual({ value: 2, previous: 0 });

    const other = await get(b, '/dashboard?days=7');
    expect(other.calls).toEqual({ value: 3, previous: 0 });
  });

  it('pages through calls newest first and filters them without their transcripts', async () => {
    const first = await get(a, '/calls?limit=3');
    expect(first.calls.map((c: { callerName: string }) => c.callerName)).toEqual(['Dan', 'Alice', 'Bruno']);
    expect(first.hasMore).toBe(true);
    const last = await get(a, '/calls?limit=3&offset=6');
    expect(last.calls.map((c: { callerName: string }) => c.callerName)).toEqual(['Gil']);
    expect(last.hasMore).toBe(false);
    expect(first.calls[1]).toMatchObject({ summary: 'Call with Alice', durationSeconds: 60, booked: true });
    expect(first.calls[1]).not.toHaveProperty('transcript');

    const booked = await get(a, '/calls?outcome=booked');
    expect(booked.calls.map((c: { callerName: string }) => c.callerName)).toEqual(['Alice']);
    const missed = await get(a, '/calls?outcome=missed');
    expect(missed.calls.map((c: { callerName: string }) => c.callerName)).toEqual(['Bruno']);
    // Search reaches into the transcript even though the list does not return it.
    const found = await get(a, `/calls?q=${encodeURIComponent('this is Farid')}`);
    expect(found.calls.map((c: { callerName: string }) => c.callerName)).toEqual(['Farid']);
  });
});
