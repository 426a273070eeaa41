import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { claimLoop } from './claim-loop.ts';

/** How many times an idle loop looks for work in `ms`, told that the next row is due at `next`. */
async function claimsWhileIdle(next: Date | null, ms: number) {
  let claims = 0;
  const loop = claimLoop<never>({
    name: 'test',
    batch: 10,
    idleMs: 100,
    log: pino({ level: 'silent' }),
    claim: async () => {
      claims++;
      return [];
    },
    handle: async () => {},
    nextDue: async () => next,
  });
  loop.start();
  await new Promise((r) => setTimeout(r, ms));
  await loop.stop();
  return claims;
}

describe('claim loop', () => {
  it('with nothing due, looks again after its idle interval', async () => {
    expect(await claimsWhileIdle(null, 350)).toBeLessThanOrEqual(5);
  });

  it('a row due later than the idle interval does not keep it awake', async () => {
    expect(await claimsWhileIdle(new Date(Date.now() + 60_000), 350)).toBeLessThanOrEqual(5);
  });

  it("an unreadable due time (a row parked at 'infinity') is taken as nothing due, not as now", async () => {
    expect(await claimsWhileIdle(new Date('infinity'), 350)).toBeLessThanOrEqual(5);
  });
});
