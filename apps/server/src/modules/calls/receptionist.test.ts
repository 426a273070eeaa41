import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createListeningApp,
  driverName,
  eventsProcessed,
  signUp,
  type SignedUp,
} from '../../../test/helpers.ts';
import { SEND_CONFIRMATION } from '../appointments/appointments.notify.ts';

describe(`the receptionist books a real free slot during a simulated call on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let number: { e164: string };
  const as = (opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: owner.cookie } });
  const org = (rest: string) => `/api/v1/orgs/${owner.orgId}${rest}`;

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app, { name: 'Dr Ana Lévy' });
    await as({ method: 'POST', url: org('/credentials/twilio/sandbox') });
    await as({ method: 'POST', url: org('/credentials/vapi/sandbox') });
    const preset = (
      await t.app.inject({ url: '/api/v1/presets?industry=health&language=en&business=Levy%20Clinic' })
    ).json();
    const created = await as({ method: 'POST', url: org('/assistants'), payload: preset });
    expect(created.json().syncIssue).toBeNull();
    const [pick] = (
      await as({ method: 'GET', url: org('/numbers/available?country=US&areaCode=415') })
    ).json();
    number = (
      await as({ method: 'POST', url: org('/numbers'), payload: { phoneNumber: pick.phoneNumber } })
    ).json();
    expect(number).toMatchObject({ importStatus: 'imported' });
  });
  afterAll(async () => t?.close());

  it('a caller asks for Monday at 10, confirms, and the booking, the call link and the SMS all exist', async () => {
    const caller = '+14155550177';
    const confirmation = t.app.ava.jobs.waitForNext(SEND_CONFIRMATION);
    const res = await fetch(`${t.publicUrl}/sandbox/vapi/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        number: number.e164,
        from: caller,
        script: ["Hello, I'd like an appointment on Monday at 10am", 'Yes please', 'Thank you, goodbye'],
      }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { transcript: unknown; toolCalls: { name: string }[] };
    const { toolCalls } = body;
    const transcript = JSON.stringify(body.transcript);
    expect(
      toolCalls.map((c) => c.name),
      JSON.stringify(body.transcript) + JSON.stringify(body.toolCalls),
    ).toEqual(['check_availability', 'book_appointment']);
    expect(transcript).toMatch(/booked for Monday 10:00/);

    const appts = (await as({ method: 'GET', url: org('/appointments') })).json();
    const list = Array.isArray(appts) ? appts : appts.appointments;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'booked', source: 'call', customerPhone: caller });
    expect(new Date(list[0].start).getUTCHours()).toBe(10);
    expect(new Date(list[0].start).getUTCDay()).toBe(1);

    // The caller got a confirmation text from the number they called.
    expect((await confirmation).ok).toBe(true);
    const texts = t.app.ava
      .sandbox!.twilio.listMessages()
      .filter((m) => m.to === caller && m.from === number.e164);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toMatch(/confirmed/i);

    // The call record links the appointment once its end-of-call report is processed.
    await eventsProcessed(t.database);
    const [call] = (await as({ method: 'GET', url: org('/calls?outcome=booked') })).json().calls;
    expect(call.booked).toBe(true);
    expect((await as({ method: 'GET', url: org('/calls?outcome=missed') })).json().calls).toHaveLength(0);
    const detail = (await as({ method: 'GET', url: org(`/calls/${call.id}`) })).json();
    expect(detail.appointments).toHaveLength(1);
    expect(detail.toolCalls.map((c: { name: string }) => c.name)).toEqual([
      'check_availability',
      'book_appointment',
    ]);
    const dash = (await as({ method: 'GET', url: org('/dashboard?days=7') })).json();
    expect(dash).toMatchObject({ calls: { value: 1 }, appointments: { value: 1 } });
  });
});
