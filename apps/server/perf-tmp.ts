import pino from 'pino';
import { openDatabase } from './src/db/client.ts';
import { organizations } from './src/db/schema/index.ts';
import { orgsRepository } from './src/modules/orgs/orgs.repository.ts';
import { appointmentsModule } from './src/modules/appointments/appointments.module.ts';

const database = await openDatabase({ url: process.env.PG });
await database.migrate();
const orgId = crypto.randomUUID();
await database.db
  .insert(organizations)
  .values({ id: orgId, name: 'Perf', slug: orgId, timezone: 'Europe/Paris' });
const mod = appointmentsModule({
  db: database.db,
  orgs: orgsRepository(database.db),
  publicUrl: 'x',
  log: pino({ level: 'silent' }),
  now: () => Date.parse('2027-03-24T12:00:00Z'),
});
const time = async (label: string, n: number, fn: (i: number) => Promise<unknown>) => {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(label, 'p50', ts[Math.floor(n * 0.5)]!.toFixed(2), 'p99', ts[Math.floor(n * 0.99)]!.toFixed(2));
};
await time('check_availability', 500, () => mod.tools.check_availability(orgId, {}, { toolCallId: 'x' }));
const slots: string[] = [];
for (let d = 0; d < 60; d++) {
  const r = await mod.tools.check_availability(
    orgId,
    { date: new Date(Date.parse('2027-03-25') + d * 864e5).toISOString().slice(0, 10) },
    { toolCallId: 'x' },
  );
  slots.push(...(r.slots as { start: string }[]).map((s) => s.start));
}
await time('book_appointment', Math.min(300, slots.length), (i) =>
  mod.tools.book_appointment(
    orgId,
    { start: slots[i]! },
    { toolCallId: `b${i}`, callerNumber: '+33612345678' },
  ),
);
await time('book replay', 300, (i) =>
  mod.tools.book_appointment(orgId, { start: slots[i]! }, { toolCallId: `b${i}` }),
);
await time('check_availability (busy)', 500, () =>
  mod.tools.check_availability(orgId, {}, { toolCallId: 'x' }),
);
import('./src/modules/appointments/appointments.repository.ts').then(async ({ appointmentsRepository }) => {
  const repo = appointmentsRepository(database.db);
  const d = () => ({ businessHours: [], slotMinutes: 30, icsToken: 'x', bookingEnabled: true });
  await time('snapshot', 500, () =>
    repo.snapshot(
      orgId,
      d,
      { from: new Date('2027-03-24T12:00:00Z'), to: new Date('2027-04-02T00:00:00Z') },
      false,
    ),
  );
  await time('lock only', 500, () => repo.withBookingLock(orgId, d, async () => 1));
  await time('lock+around', 500, () =>
    repo.withBookingLock(orgId, d, async (l) =>
      l.around(new Date('2027-03-24T12:00:00Z'), new Date('2027-04-02T00:00:00Z'), 'zz'),
    ),
  );
  await database.close();
});
if (process.env.PG) process.exit(0);
