import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp, type SignedUp, type TestApp } from '../../../test/helpers.ts';
import { withOrg } from '../../db/tenant.ts';
import { orgsRepository } from '../orgs/orgs.repository.ts';
import { appointmentsModule, type AppointmentsModule } from './appointments.module.ts';
import type { AppointmentEvent, AppointmentNotice } from './appointments.service.ts';
import { appointmentToolDefinitions } from './appointments.tools.ts';

type Slot = { start: string; end: string; label: string };

describe(`appointment tools on ${driverName}`, () => {
  let t: TestApp;
  // The assistant's side runs on a pinned clock, so weeks around daylight-saving changes are fixed.
  let clock = Date.parse('2027-03-24T12:00:00Z');
  const sent: {
    orgId: string;
    appointment: AppointmentNotice;
    calledNumber?: string;
    event?: AppointmentEvent;
  }[] = [];
  let failNotify = false;
  let mod: AppointmentsModule;
  let seq = 0;
  const ctx = (extra: Record<string, string> = {}) => ({
    toolCallId: `call_${++seq}`,
    callerNumber: '+33612345678',
    calledNumber: '+33198765432',
    ...extra,
  });
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });

  /** A fresh organisation in `timezone` with `hours`, the way an owner would set it up. */
  async function org(timezone: string, hours?: { day: number; open: string; close: string }[]) {
    const who = await signUp(t.app);
    const patched = await as(who, {
      method: 'PATCH',
      url: `/api/v1/orgs/${who.orgId}`,
      payload: { timezone },
    });
    expect(patched.statusCode).toBe(200);
    if (hours) {
      const res = await as(who, {
        method: 'PUT',
        url: `/api/v1/orgs/${who.orgId}/booking-settings`,
        payload: { businessHours: hours },
      });
      expect(res.statusCode).toBe(200);
    }
    return who;
  }
  const starts = (r: Record<string, unknown>) => (r.slots as Slot[]).map((s) => s.start);
  const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

  beforeAll(async () => {
    t = await createTestApp();
    mod = appointmentsModule({
      db: t.database.db,
      orgs: orgsRepository(t.database.db),
      publicUrl: 'http://ava.test',
      log: t.app.log as never,
      now: () => clock,
      notify: async (orgId, appointment, calledNumber, event) => {
        if (failNotify) throw new Error('SMS provider down');
        sent.push({ orgId, appointment, calledNumber, event });
      },
    });
  });
  afterAll(async () => t?.close());

  it('offers slots inside business hours in the org zone, across the spring daylight-saving change', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-26T16:00:00Z'); // Friday 17:00 in Paris (CET, UTC+1)
    const week = await mod.tools.check_availability(paris.orgId, {}, ctx());
    const slots = week.slots as Slot[];
    expect(slots).toHaveLength(8);
    // Friday's last slot (17:30–18:00 CET), then Monday 09:00 — now CEST, UTC+2.
    expect(slots[0]).toEqual({
      start: '2027-03-26T16:30:00.000Z',
      end: '2027-03-26T17:00:00.000Z',
      label: 'Friday 17:30',
    });
    expect(slots[1]).toMatchObject({ start: '2027-03-29T07:00:00.000Z', label: 'Monday 09:00' });
    expect(slots.slice(1).every((s) => s.start.startsWith('2027-03-29'))).toBe(true);

    // A named day; the weekend has no hours.
    expect(starts(await mod.tools.check_availability(paris.orgId, { date: '2027-03-26' }, ctx()))).toEqual([
      '2027-03-26T16:30:00.000Z',
    ]);
    const sunday = await mod.tools.check_availability(paris.orgId, { date: '2027-03-28' }, ctx());
    expect(sunday.slots).toEqual([]);
    expect(sunday.message).toMatch(/another day/);
    const tuesday = await mod.tools.check_availability(paris.orgId, { date: '2027-03-30' }, ctx());
    expect((tuesday.slots as Slot[])[0]).toMatchObject({ start: '2027-03-30T07:00:00.000Z' });

    // The autumn change: Friday 09:00 is 07:00Z (CEST), Monday 09:00 is 08:00Z (CET).
    clock = Date.parse('2027-10-28T20:00:00Z');
    const autumn = await mod.tools.check_availability(paris.orgId, { from: '2027-10-29T00:00:00Z' }, ctx());
    const autumnStarts = starts(autumn);
    expect(autumnStarts[0]).toBe('2027-10-29T07:00:00.000Z');
    expect(starts(await mod.tools.check_availability(paris.orgId, { date: '2027-11-01' }, ctx()))[0]).toBe(
      '2027-11-01T08:00:00.000Z',
    );
  });

  it('works a Sunday-to-Thursday week in Jerusalem, labels in Hebrew', async () => {
    const hours = [0, 1, 2, 3, 4].map((day) => ({ day, open: '09:00', close: '17:00' }));
    const tlv = await org('Asia/Jerusalem', hours);
    clock = Date.parse('2027-01-08T10:00:00Z'); // Friday noon in Jerusalem (UTC+2)
    const res = await mod.tools.check_availability(tlv.orgId, {}, ctx({ language: 'he' }));
    const slots = res.slots as Slot[];
    expect(slots[0]!.start).toBe('2027-01-10T07:00:00.000Z'); // Sunday 09:00
    expect(slots[0]!.label).toContain('ראשון'); // "Sunday"
    expect(slots[0]!.label).toContain('09:00');
    const saturday = await mod.tools.check_availability(tlv.orgId, { date: '2027-01-09' }, ctx());
    expect(saturday.slots).toEqual([]);
    const thursday = starts(await mod.tools.check_availability(tlv.orgId, { date: '2027-01-14' }, ctx()));
    expect(thursday.at(0)).toBe('2027-01-14T07:00:00.000Z');
    const friday = await mod.tools.check_availability(tlv.orgId, { date: '2027-01-15' }, ctx());
    expect(friday.slots).toEqual([]);
  });

  it('books an offered slot once per tool call id, texts the caller once, and takes it out of availability', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z'); // Wednesday
    const offered = (await mod.tools.check_availability(paris.orgId, { date: '2027-03-25' }, ctx()))
      .slots as Slot[];
    const pick = offered[2]!;
    const call = ctx({ callId: 'call-row-1' });
    sent.length = 0;
    const first = await mod.tools.book_appointment(
      paris.orgId,
      JSON.stringify({ start: pick.start, name: 'Jeanne Martin', notes: 'First visit' }),
      call,
    );
    expect(first).toMatchObject({
      booked: true,
      appointment: { start: pick.start, label: 'Thursday 10:00' },
    });
    const again = await mod.tools.book_appointment(paris.orgId, { start: pick.start, name: 'Jeanne' }, call);
    expect(again).toMatchObject({ booked: true });
    expect((again.appointment as { id: string }).id).toBe((first.appointment as { id: string }).id);

    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      orgId: paris.orgId,
      calledNumber: '+33198765432',
      event: 'booked',
      appointment: {
        customerName: 'Jeanne Martin',
        customerPhone: '+33612345678',
        callId: 'call-row-1',
        source: 'call',
        timezone: 'Europe/Paris',
      },
    });
    expect(sent[0]!.appointment.when).toMatch(/Thursday, March 25 at 10:00/);

    const after = starts(await mod.tools.check_availability(paris.orgId, { date: '2027-03-25' }, ctx()));
    expect(after).not.toContain(pick.start);
    expect(after).toContain(offered[1]!.start);
    expect(after).toContain(offered[3]!.start);
  });

  it('refuses slots it did not offer (off the grid, outside hours, weekend, past, taken) with alternatives', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const taken = await mod.tools.book_appointment(
      paris.orgId,
      { start: '2027-03-25T09:00:00+01:00' },
      ctx(),
    );
    expect(taken.booked).toBe(true);
    const cases: [string, string][] = [
      ['2027-03-25T09:10:00+01:00', 'outside_hours'],
      ['2027-03-25T19:00:00+01:00', 'outside_hours'],
      ['2027-03-27T10:00:00+01:00', 'outside_hours'],
      ['2027-03-24T09:00:00+01:00', 'past'],
      ['2027-03-25T09:00:00+01:00', 'taken'],
      ['2027-03-25T17:45:00+01:00', 'outside_hours'],
    ];
    for (const [start, detail] of cases) {
      const res = await mod.tools.book_appointment(paris.orgId, { start }, ctx());
      expect(res, start).toMatchObject({ booked: false, reason: 'not_available', detail });
      const alternatives = res.alternatives as Slot[];
      expect(alternatives.length, start).toBeGreaterThan(0);
      expect(alternatives.every((a) => Date.parse(a.start) > clock)).toBe(true);
    }
    // The alternatives to a taken slot are the next free ones after it.
    const refused = await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T08:00:00Z' }, ctx());
    expect((refused.alternatives as Slot[]).map((a) => a.start)).toEqual([
      '2027-03-25T08:30:00.000Z',
      '2027-03-25T09:00:00.000Z',
      '2027-03-25T09:30:00.000Z',
    ]);
    // A local time without an offset is read in the org's zone.
    const local = await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T11:00' }, ctx());
    expect(local).toMatchObject({ booked: true, appointment: { start: '2027-03-25T10:00:00.000Z' } });
  });

  it('two concurrent bookings of one slot: exactly one wins', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const start = '2027-03-26T14:00:00.000Z';
    const results = await Promise.all([
      mod.tools.book_appointment(paris.orgId, { start, name: 'A' }, ctx()),
      mod.tools.book_appointment(paris.orgId, { start, name: 'B' }, ctx()),
      mod.tools.book_appointment(paris.orgId, { start, name: 'C' }, ctx()),
    ]);
    expect(results.filter((r) => r.booked === true)).toHaveLength(1);
    expect(results.filter((r) => r.booked === false && r.detail === 'taken')).toHaveLength(2);
    const { appointments } = await mod.service.list({ orgId: paris.orgId, role: 'owner' } as never, {
      from: '2027-03-26T00:00:00Z',
      to: '2027-03-27T00:00:00Z',
    });
    expect(appointments).toHaveLength(1);

    // Overlapping but different starts (a 90-minute service at 10:00, half hours at 10:30 and 11:00):
    // the unique index cannot tell, the org's lock does.
    await as(paris, {
      method: 'POST',
      url: `/api/v1/orgs/${paris.orgId}/services`,
      payload: { name: 'Long', durationMinutes: 90 },
    });
    const overlapping = await Promise.all([
      mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T09:00:00Z', service: 'Long' }, ctx()),
      mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T09:30:00Z' }, ctx()),
      mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T10:00:00Z' }, ctx()),
    ]);
    const won = overlapping.filter((r) => r.booked === true);
    expect(won.length).toBeGreaterThanOrEqual(1);
    const day = await mod.service.list({ orgId: paris.orgId, role: 'owner' } as never, {
      from: '2027-03-25T00:00:00Z',
      to: '2027-03-26T00:00:00Z',
    });
    const kept = day.appointments.map((x) => [Date.parse(x.start), Date.parse(x.end)] as const);
    for (const [i, x] of kept.entries())
      for (const y of kept.slice(i + 1)) expect(x[0] < y[1] && y[0] < x[1]).toBe(false);
    expect(kept).toHaveLength(won.length);
  });

  it('books a named service for its duration; an unknown service is explained', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const created = await as(paris, {
      method: 'POST',
      url: `/api/v1/orgs/${paris.orgId}/services`,
      payload: { name: 'Coloration', durationMinutes: 90 },
    });
    expect(created.statusCode).toBe(201);
    const offered = await mod.tools.check_availability(
      paris.orgId,
      { date: '2027-03-25', service: 'coloration' },
      ctx(),
    );
    const slots = offered.slots as Slot[];
    expect(offered.service).toEqual({ name: 'Coloration', durationMinutes: 90 });
    expect(Date.parse(slots[0]!.end) - Date.parse(slots[0]!.start)).toBe(90 * 60_000);
    const booked = await mod.tools.book_appointment(
      paris.orgId,
      { start: slots[0]!.start, service: 'Coloration' },
      ctx(),
    );
    expect(booked).toMatchObject({ booked: true, appointment: { service: 'Coloration' } });
    // 09:00–10:30 (local) is taken: the first free half hour is 10:30.
    const halfHours = starts(await mod.tools.check_availability(paris.orgId, { date: '2027-03-25' }, ctx()));
    expect(halfHours[0]).toBe('2027-03-25T09:30:00.000Z');
    const unknown = await mod.tools.check_availability(paris.orgId, { service: 'Massage' }, ctx());
    expect(unknown.error).toMatch(/no service called "Massage".*Coloration/);
  });

  it('answers bad arguments in plain words instead of throwing', async () => {
    const paris = await org('Europe/Paris');
    expect((await mod.tools.book_appointment(paris.orgId, '{not json', ctx())).error).toMatch(
      /not valid JSON/,
    );
    expect((await mod.tools.book_appointment(paris.orgId, {}, ctx())).error).toMatch(/start/);
    expect(
      (await mod.tools.book_appointment(paris.orgId, { start: 'tomorrow at ten' }, ctx())).error,
    ).toMatch(/start must be a date and time/);
    expect((await mod.tools.check_availability(paris.orgId, { date: '2027-02-30' }, ctx())).error).toMatch(
      /not a real calendar date/,
    );
    expect((await mod.tools.cancel_appointment(paris.orgId, {}, ctx())).error).toMatch(/appointmentId/);
    expect(await mod.tools.run('transfer_call', paris.orgId, {}, ctx())).toEqual({
      error: 'Unknown tool "transfer_call".',
    });
    expect(await mod.tools.run('check_availability', paris.orgId, null, ctx())).toHaveProperty('slots');
    // The definitions handed to Vapi carry the same parameters.
    expect(appointmentToolDefinitions.map((d) => d.function.name)).toEqual([
      'check_availability',
      'book_appointment',
      'cancel_appointment',
      'reschedule_appointment',
    ]);
    expect(appointmentToolDefinitions[1]!.function.parameters).toMatchObject({ required: ['start'] });
  });

  it('a failed confirmation SMS does not undo the booking', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    failNotify = true;
    try {
      const res = await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T13:00:00Z' }, ctx());
      expect(res.booked).toBe(true);
      await flush();
      const list = await as(paris, {
        method: 'GET',
        url: `/api/v1/orgs/${paris.orgId}/appointments?from=2027-03-25T00:00:00Z&to=2027-03-26T00:00:00Z`,
      });
      expect(list.json().appointments).toHaveLength(1);
      expect(t.logs.some((l) => l.includes('appointment confirmation not sent'))).toBe(true);
    } finally {
      failNotify = false;
    }
  });

  it('cancels by id or by start and the caller’s phone; a stranger’s phone finds nothing', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const a = await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T08:00:00Z' }, ctx());
    const b = await mod.tools.book_appointment(
      paris.orgId,
      { start: '2027-03-25T09:00:00Z', phone: '+33 6 11 22 33 44' },
      ctx(),
    );
    expect(a.booked && b.booked).toBe(true);

    const stranger = await mod.tools.cancel_appointment(
      paris.orgId,
      { start: '2027-03-25T09:00:00Z' },
      ctx({ callerNumber: '+33700000000' }),
    );
    expect(stranger).toMatchObject({ cancelled: false, reason: 'not_found' });
    const noPhone = await mod.tools.cancel_appointment(
      paris.orgId,
      { start: '2027-03-25T09:00:00Z' },
      { toolCallId: 'x-1' },
    );
    expect(noPhone).toMatchObject({ cancelled: false, reason: 'need_phone' });
    const byPhone = await mod.tools.cancel_appointment(
      paris.orgId,
      { start: '2027-03-25T10:00+01:00', phone: '+33611223344' },
      ctx({ callerNumber: '+33700000000' }),
    );
    expect(byPhone).toMatchObject({ cancelled: true, appointment: { start: '2027-03-25T09:00:00.000Z' } });

    sent.length = 0;
    const id = (a.appointment as { id: string }).id;
    expect(await mod.tools.cancel_appointment(paris.orgId, { appointmentId: id }, ctx())).toMatchObject({
      cancelled: true,
    });
    // A retry is still a success, and texts nobody twice.
    expect(await mod.tools.cancel_appointment(paris.orgId, { appointmentId: id }, ctx())).toMatchObject({
      cancelled: true,
    });
    await flush();
    expect(sent.map((s) => s.event)).toEqual(['cancelled']);
    // Both slots are free again.
    const free = starts(await mod.tools.check_availability(paris.orgId, { date: '2027-03-25' }, ctx()));
    expect(free.slice(0, 3)).toEqual([
      '2027-03-25T08:00:00.000Z',
      '2027-03-25T08:30:00.000Z',
      '2027-03-25T09:00:00.000Z',
    ]);
  });

  it('reschedules to an offered slot, refuses a taken one, and a retry finds it already moved', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const mine = await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T08:00:00Z' }, ctx());
    await mod.tools.book_appointment(
      paris.orgId,
      { start: '2027-03-25T10:00:00Z' },
      ctx({ callerNumber: '+33700000001' }),
    );
    const id = (mine.appointment as { id: string }).id;

    const onTaken = await mod.tools.reschedule_appointment(
      paris.orgId,
      { appointmentId: id, newStart: '2027-03-25T10:00:00Z' },
      ctx(),
    );
    expect(onTaken).toMatchObject({ rescheduled: false, reason: 'not_available', detail: 'taken' });
    expect((onTaken.alternatives as Slot[])[0]!.start).toBe('2027-03-25T10:30:00.000Z');

    // Moving within its own time (08:00 → 08:30 overlaps itself only) is allowed.
    const moved = await mod.tools.reschedule_appointment(
      paris.orgId,
      { start: '2027-03-25T08:00:00Z', newStart: '2027-03-25T08:30:00Z' },
      ctx(),
    );
    expect(moved).toMatchObject({
      rescheduled: true,
      appointment: { id, start: '2027-03-25T08:30:00.000Z', end: '2027-03-25T09:00:00.000Z' },
    });
    const retried = await mod.tools.reschedule_appointment(
      paris.orgId,
      { start: '2027-03-25T08:00:00Z', newStart: '2027-03-25T08:30:00Z' },
      ctx(),
    );
    expect(retried).toMatchObject({ rescheduled: true, appointment: { id } });
    const offGrid = await mod.tools.reschedule_appointment(
      paris.orgId,
      { appointmentId: id, newStart: '2027-03-27T10:00:00Z' },
      ctx(),
    );
    expect(offGrid).toMatchObject({ rescheduled: false, detail: 'outside_hours' });
  });

  it('in the webhook’s transaction, a booking and its confirmation text stand or fall with it', async () => {
    const paris = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const start = '2027-03-26T15:00:00.000Z';
    const { timezone } = await mod.tools.prepare(paris.orgId);
    const texts = () => sent.filter((s) => s.orgId === paris.orgId);
    const booked = () =>
      mod.service.list({ orgId: paris.orgId, role: 'owner' } as never, {
        from: '2027-03-26T00:00:00Z',
        to: '2027-03-27T00:00:00Z',
      });
    await expect(
      withOrg(t.database.db, paris.orgId, async (tx) => {
        const r = await mod.tools.book_appointment(paris.orgId, { start }, { ...ctx(), tx, timezone });
        expect(r.booked).toBe(true);
        throw new Error('the event insert failed');
      }),
    ).rejects.toThrow('the event insert failed');
    await flush();
    expect(texts()).toHaveLength(0);
    expect((await booked()).appointments).toHaveLength(0);

    const r = await withOrg(t.database.db, paris.orgId, (tx) =>
      mod.tools.book_appointment(paris.orgId, { start }, { ...ctx(), tx, timezone }),
    );
    expect(r.booked).toBe(true);
    await flush();
    expect(texts()).toHaveLength(1);
    expect((await booked()).appointments).toHaveLength(1);
  });

  it('refuses to book when phone booking is off', async () => {
    const paris = await org('Europe/Paris');
    await as(paris, {
      method: 'PUT',
      url: `/api/v1/orgs/${paris.orgId}/booking-settings`,
      payload: { bookingEnabled: false },
    });
    clock = Date.parse('2027-03-24T12:00:00Z');
    expect(await mod.tools.check_availability(paris.orgId, {}, ctx())).toMatchObject({ slots: [] });
    expect(
      await mod.tools.book_appointment(paris.orgId, { start: '2027-03-25T08:00:00Z' }, ctx()),
    ).toMatchObject({ booked: false, reason: 'booking_disabled' });
  });

  it("tenant floor: a tool call made with org B's id cannot see, cancel or move org A's appointment", async () => {
    const a = await org('Europe/Paris');
    const b = await org('Europe/Paris');
    clock = Date.parse('2027-03-24T12:00:00Z');
    const booked = await mod.tools.book_appointment(a.orgId, { start: '2027-03-25T08:00:00Z' }, ctx());
    const id = (booked.appointment as { id: string }).id;
    expect(await mod.tools.cancel_appointment(b.orgId, { appointmentId: id }, ctx())).toMatchObject({
      cancelled: false,
      reason: 'not_found',
    });
    expect(
      await mod.tools.cancel_appointment(b.orgId, { start: '2027-03-25T08:00:00Z' }, ctx()),
    ).toMatchObject({ cancelled: false, reason: 'not_found' });
    expect(
      await mod.tools.reschedule_appointment(
        b.orgId,
        { appointmentId: id, newStart: '2027-03-25T09:00:00Z' },
        ctx(),
      ),
    ).toMatchObject({ rescheduled: false, reason: 'not_found' });
    // B's availability ignores A's bookings; A's appointment is untouched.
    expect(starts(await mod.tools.check_availability(b.orgId, { date: '2027-03-25' }, ctx()))[0]).toBe(
      '2027-03-25T08:00:00.000Z',
    );
    const still = await as(a, { method: 'GET', url: `/api/v1/orgs/${a.orgId}/appointments/${id}` });
    expect(still.json()).toMatchObject({ status: 'booked', start: '2027-03-25T08:00:00.000Z' });
  });
});
