import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  driverName,
  signUp,
  uniqueEmail,
  type SignedUp,
  type TestApp,
} from '../../../test/helpers.ts';
import { unfoldIcs as unfold } from './ics.ts';

/** A whole hour about a month ahead, so the real clock never makes these times past. */
const base = Math.ceil((Date.now() + 30 * 86_400_000) / 3_600_000) * 3_600_000;
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

describe(`appointments REST on ${driverName}`, () => {
  let t: TestApp;
  let owner: SignedUp;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const url = (who: SignedUp, rest: string) => `/api/v1/orgs/${who.orgId}${rest}`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.app);
  });
  afterAll(async () => t?.close());

  it('creates default booking settings on first read, and saves changes', async () => {
    const res = await as(owner, { method: 'GET', url: url(owner, '/booking-settings') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      slotMinutes: 30,
      bookingEnabled: true,
      timezone: 'UTC',
      businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
    });
    expect(res.json().icsUrl).toMatch(/^http:\/\/ava\.test\/ics\/[\w-]{40,}\.ics$/);

    const put = await as(owner, {
      method: 'PUT',
      url: url(owner, '/booking-settings'),
      payload: { slotMinutes: 20, businessHours: [{ day: 6, open: '10:00', close: '13:00' }] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ slotMinutes: 20, businessHours: [{ day: 6 }] });
    expect(put.json().icsUrl).toBe(res.json().icsUrl);

    const bad = await as(owner, {
      method: 'PUT',
      url: url(owner, '/booking-settings'),
      payload: { slotMinutes: 1, businessHours: [{ day: 7, open: '18:00', close: '09:00' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('manages services; a duplicate name is a conflict', async () => {
    const created = await as(owner, {
      method: 'POST',
      url: url(owner, '/services'),
      payload: { name: 'Consultation', durationMinutes: 45 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Consultation', durationMinutes: 45, active: true });
    const dup = await as(owner, {
      method: 'POST',
      url: url(owner, '/services'),
      payload: { name: 'consultation', durationMinutes: 30 },
    });
    expect(dup.statusCode).toBe(409);
    const id = created.json().id;
    const patched = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/services/${id}`),
      payload: { active: false, durationMinutes: 60 },
    });
    expect(patched.json()).toMatchObject({ active: false, durationMinutes: 60 });
    const list = await as(owner, { method: 'GET', url: url(owner, '/services') });
    expect(list.json().services.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await as(owner, { method: 'DELETE', url: url(owner, `/services/${id}`) })).statusCode).toBe(200);
    expect((await as(owner, { method: 'DELETE', url: url(owner, `/services/${id}`) })).statusCode).toBe(404);
  });

  it('books by hand; an overlap is refused with 409, a neighbour is fine; moves and cancels', async () => {
    const service = (
      await as(owner, {
        method: 'POST',
        url: url(owner, '/services'),
        payload: { name: 'Bilan', durationMinutes: 60 },
      })
    ).json();
    const first = await as(owner, {
      method: 'POST',
      url: url(owner, '/appointments'),
      payload: {
        start: at(0),
        serviceId: service.id,
        customerName: 'Léa Dupont',
        customerPhone: '+33 6 12 34 56 78',
        notes: 'Allergic to latex',
      },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      start: at(0),
      end: at(60),
      status: 'booked',
      source: 'manual',
      serviceName: 'Bilan',
      customerPhone: '+33612345678',
    });

    const overlap = await as(owner, {
      method: 'POST',
      url: url(owner, '/appointments'),
      payload: { start: at(30), durationMinutes: 30 },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({
      code: 'CONFLICT',
      details: { conflicts: [first.json().id] },
    });
    expect(overlap.json().error.message).toMatch(/overlaps another appointment/);

    const next = await as(owner, {
      method: 'POST',
      url: url(owner, '/appointments'),
      payload: { start: at(60), durationMinutes: 30, customerName: 'Next' },
    });
    expect(next.statusCode).toBe(201);

    // Moving the second onto the first is refused; moving it later is fine.
    const clash = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/appointments/${next.json().id}`),
      payload: { start: at(45) },
    });
    expect(clash.statusCode).toBe(409);
    const moved = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/appointments/${next.json().id}`),
      payload: { start: at(120), notes: 'moved by phone' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ start: at(120), end: at(150), notes: 'moved by phone' });

    const week = await as(owner, {
      method: 'GET',
      url: url(
        owner,
        `/appointments?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(24 * 60))}`,
      ),
    });
    expect(week.json().appointments.map((a: { start: string }) => a.start)).toEqual([at(0), at(120)]);

    const cancelled = await as(owner, {
      method: 'POST',
      url: url(owner, `/appointments/${first.json().id}/cancel`),
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    // The freed time can be booked again.
    const again = await as(owner, {
      method: 'POST',
      url: url(owner, '/appointments'),
      payload: { start: at(0) },
    });
    expect(again.statusCode).toBe(201);

    const badRange = await as(owner, {
      method: 'GET',
      url: url(owner, `/appointments?from=${encodeURIComponent(at(60))}&to=${encodeURIComponent(at(0))}`),
    });
    expect(badRange.statusCode).toBe(400);
    const unknownService = await as(owner, {
      method: 'POST',
      url: url(owner, '/appointments'),
      payload: { start: at(600), serviceId: 'nope' },
    });
    expect(unknownService.statusCode).toBe(400);
  });

  it('serves the ICS feed on the secret URL; rotating the token revokes the old one', async () => {
    const o = await signUp(t.app);
    const booked = await as(o, {
      method: 'POST',
      url: url(o, '/appointments'),
      payload: { start: at(300), customerName: 'Dupont, Jean; VIP', notes: 'Line one\nLine two' },
    });
    const cancelled = await as(o, {
      method: 'POST',
      url: url(o, '/appointments'),
      payload: { start: at(400) },
    });
    await as(o, { method: 'POST', url: url(o, `/appointments/${cancelled.json().id}/cancel`) });
    const feedUrl = new URL((await as(o, { method: 'GET', url: url(o, '/booking-settings') })).json().icsUrl)
      .pathname;

    const feed = await t.app.inject({ method: 'GET', url: feedUrl });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const lines = unfold(feed.body);
    expect(lines).toContain(`UID:${booked.json().id}@ava`);
    expect(lines).toContain(`DTSTART:${at(300).replace(/[-:]/g, '').replace('.000', '')}`);
    expect(lines).toContain('SUMMARY:Appointment — Dupont\\, Jean\\; VIP');
    expect(lines.some((l) => l.startsWith('DESCRIPTION:') && l.includes('Line one\\nLine two'))).toBe(true);
    expect(feed.body).not.toContain(cancelled.json().id);

    expect((await t.app.inject({ method: 'GET', url: '/ics/not-a-token.ics' })).statusCode).toBe(404);
    const rotated = await as(o, { method: 'POST', url: url(o, '/booking-settings/ics-token') });
    expect(new URL(rotated.json().icsUrl).pathname).not.toBe(feedUrl);
    expect((await t.app.inject({ method: 'GET', url: feedUrl })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: new URL(rotated.json().icsUrl).pathname })).statusCode,
    ).toBe(200);
  });

  it('members may look but not change', async () => {
    const email = uniqueEmail('member');
    const inv = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/invitations`,
      payload: { email, role: 'member' },
    });
    const joined = await signUp(t.app, { email });
    await as(joined, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` });
    const m = { ...joined, orgId: owner.orgId };
    for (const path of ['/booking-settings', '/services', '/appointments'])
      expect((await as(m, { method: 'GET', url: url(m, path) })).statusCode, path).toBe(200);
    const some = (await as(owner, { method: 'GET', url: url(owner, '/appointments') })).json()
      .appointments[0];
    for (const opts of [
      { method: 'PUT', url: url(m, '/booking-settings'), payload: { slotMinutes: 15 } },
      { method: 'POST', url: url(m, '/booking-settings/ics-token') },
      { method: 'POST', url: url(m, '/services'), payload: { name: 'X', durationMinutes: 30 } },
      { method: 'POST', url: url(m, '/appointments'), payload: { start: at(900) } },
      { method: 'PATCH', url: url(m, `/appointments/${some.id}`), payload: { notes: 'x' } },
      { method: 'POST', url: url(m, `/appointments/${some.id}/cancel`) },
    ] as InjectOptions[]) {
      expect((await as(m, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(403);
    }
  });

  it("tenant floor: org B gets 404 on every route of org A, and A's rows are unchanged; no session gets 401", async () => {
    const b = await signUp(t.app);
    const service = (
      await as(owner, {
        method: 'POST',
        url: url(owner, '/services'),
        payload: { name: 'Private', durationMinutes: 30 },
      })
    ).json();
    const appt = (
      await as(owner, { method: 'POST', url: url(owner, '/appointments'), payload: { start: at(1000) } })
    ).json();
    const routes: InjectOptions[] = [
      { method: 'GET', url: url(owner, '/booking-settings') },
      { method: 'PUT', url: url(owner, '/booking-settings'), payload: { slotMinutes: 15 } },
      { method: 'POST', url: url(owner, '/booking-settings/ics-token') },
      { method: 'GET', url: url(owner, '/services') },
      { method: 'POST', url: url(owner, '/services'), payload: { name: 'Y', durationMinutes: 30 } },
      { method: 'PATCH', url: url(owner, `/services/${service.id}`), payload: { active: false } },
      { method: 'DELETE', url: url(owner, `/services/${service.id}`) },
      { method: 'GET', url: url(owner, '/appointments') },
      { method: 'POST', url: url(owner, '/appointments'), payload: { start: at(1200) } },
      { method: 'GET', url: url(owner, `/appointments/${appt.id}`) },
      { method: 'PATCH', url: url(owner, `/appointments/${appt.id}`), payload: { start: at(1300) } },
      { method: 'POST', url: url(owner, `/appointments/${appt.id}/cancel`) },
    ];
    for (const opts of routes) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
      expect((await t.app.inject(opts)).statusCode, `anonymous ${opts.method} ${opts.url}`).toBe(401);
    }
    // B's own ids on its own org do not reach A's rows either.
    for (const opts of [
      { method: 'GET', url: url(b, `/appointments/${appt.id}`) },
      { method: 'POST', url: url(b, `/appointments/${appt.id}/cancel`) },
      { method: 'PATCH', url: url(b, `/services/${service.id}`), payload: { active: false } },
    ] as InjectOptions[]) {
      expect((await as(b, opts)).statusCode, `${opts.method} ${opts.url}`).toBe(404);
    }
    const still = await as(owner, { method: 'GET', url: url(owner, `/appointments/${appt.id}`) });
    expect(still.json()).toMatchObject({ status: 'booked', start: at(1000) });
    const svc = (await as(owner, { method: 'GET', url: url(owner, '/services') })).json().services;
    expect(svc.find((s: { id: string }) => s.id === service.id)).toMatchObject({ active: true });
  });
});
