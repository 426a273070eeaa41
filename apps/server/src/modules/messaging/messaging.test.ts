import { eq, sql } from 'drizzle-orm';
import { webhookEvents } from '../../db/schema/index.ts';
import type { InjectOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createListeningApp,
  driverName,
  eventsProcessed,
  signUp,
  type SignedUp,
} from '../../../test/helpers.ts';
import { contactsRepository } from '../contacts/contacts.repository.ts';
import { messagingRepository } from './messaging.repository.ts';

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`the SMS hub: inbox, sending, opt-out, bulk on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let stranger: SignedUp;
  let number: { id: string; e164: string };
  let second: { id: string; e164: string };
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const api = (opts: InjectOptions) => as(owner, { ...opts, url: `/api/v1/orgs/${owner.orgId}${opts.url}` });
  const twilio = () => t.app.ava.sandbox!.twilio;
  // Waits for this very event to be processed (status callbacks of earlier sends run in the same queue).
  const text = async (from: string, body: string, to = number.e164) => {
    const result = await twilio().receiveFromHandset({ from, to, body });
    expect(result.webhook?.response?.status).toBe(200);
    const sid = (result.webhook!.params as Record<string, string>).MessageSid;
    await until(async () => {
      const rows = await t.database.db
        .select({ at: webhookEvents.processedAt })
        .from(webhookEvents)
        .where(eq(webhookEvents.eventKey, `in:${sid}`));
      return rows[0]?.at;
    });
    return result;
  };
  const received = (handset: string) =>
    twilio()
      .handsetMessages(handset)
      .filter((m) => m.direction !== 'inbound');
  const send = (payload: Record<string, unknown>) =>
    api({ method: 'POST', url: '/messages', payload: { idempotencyKey: randomUUID(), ...payload } });
  const buy = async (country: string) => {
    const [pick] = (
      await api({ method: 'GET', url: `/numbers/available?country=${country}&type=mobile` })
    ).json();
    return (
      await api({ method: 'POST', url: '/numbers', payload: { phoneNumber: pick.phoneNumber } })
    ).json();
  };

  beforeAll(async () => {
    // Retries wait at most 2 s here (5 min in production) so the fault storm below ends in seconds.
    t = await createListeningApp({ SMS_RETRY_MAX_DELAY_MS: '2000' });
    owner = await signUp(t.app);
    stranger = await signUp(t.app);
    await api({ method: 'POST', url: '/credentials/twilio/sandbox' });
    await t.database.db.execute(sql`UPDATE organizations SET country = 'FR', timezone = 'Europe/Paris'`);
    number = await buy('FR');
    second = await buy('FR');
  });
  afterAll(async () => t?.close());

  it('an inbound text opens one thread per contact, unread, replying from the number it was sent to', async () => {
    const first = await text('+33611223344', 'Bonjour, êtes-vous ouverts samedi ?');
    await text('+33611223344', 'Et dimanche ?', second.e164);
    const inbox = (await api({ method: 'GET', url: '/conversations' })).json();
    expect(inbox.unreadTotal).toBe(2);
    const conv = inbox.conversations.find(
      (c: { contact: { e164: string } }) => c.contact.e164 === '+33611223344',
    );
    expect(conv).toMatchObject({ unreadCount: 2, lastPreview: 'Et dimanche ?', phoneNumberId: second.id });
    // Twilio retries the same webhook: still two messages.
    await fetch(first.webhook!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': first.webhook!.signature,
      },
      body: new URLSearchParams(first.webhook!.params as Record<string, string>).toString(),
    });
    await eventsProcessed(t.database);
    const thread = (await api({ method: 'GET', url: `/conversations/${conv.id}` })).json();
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual([
      'Bonjour, êtes-vous ouverts samedi ?',
      'Et dimanche ?',
    ]);
    const read = await api({ method: 'PATCH', url: `/conversations/${conv.id}`, payload: { read: true } });
    expect(read.json().unreadCount).toBe(0);
  });

  it('a reply goes out once from the thread number and its status moves to delivered', async () => {
    const conv = (await api({ method: 'GET', url: '/conversations?q=611223344' })).json().conversations[0];
    const key = randomUUID();
    const first = await send({ conversationId: conv.id, body: 'Oui, de 9h à 18h !', idempotencyKey: key });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'pending', from: second.e164, segments: 1 });
    // The same submission again (a double click, a retry): the same message, nothing sent twice.
    const again = await send({ conversationId: conv.id, body: 'Oui, de 9h à 18h !', idempotencyKey: key });
    expect(again.json().id).toBe(first.json().id);
    const delivered = await until(async () => {
      const thread = (await api({ method: 'GET', url: `/conversations/${conv.id}` })).json();
      const m = thread.messages.find((x: { id: string }) => x.id === first.json().id);
      // Callbacks carry no price: AVA asks Twilio once the text is final, so the price follows shortly.
      return m.status === 'delivered' && m.price !== null && m;
    });
    expect(delivered.price).toBeGreaterThan(0);
    expect(received('+33611223344').filter((m) => m.body === 'Oui, de 9h à 18h !')).toHaveLength(1);
  });

  it('a raw number in national format is normalised; an invalid one is refused and nothing is stored', async () => {
    const ok = await send({ to: '06 12 34 56 78', body: 'Votre commande est prête.' });
    expect(ok.json().to).toBe('+33612345678');
    const bad = await send({ to: '12', body: 'Hello' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'to', message: 'validation.phone' });
    const none = await send({ body: 'Hello' });
    expect(none.statusCode).toBe(400);
  });

  it('STOP (any case, punctuation) opts out for the org: sends are refused before Twilio; START opts back in', async () => {
    await text('+33699887766', '  Stop! ');
    const contact = await contactsRepository(t.database.db).matchOrCreate(owner.orgId, '+33699887766');
    expect(contact.optedOutAt).toBeInstanceOf(Date);
    const before = received('+33699887766').length;
    const refused = await send({ to: '+33699887766', body: 'Promo !' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('OPTED_OUT');
    expect(received('+33699887766').length).toBe(before);
    await text('+33699887766', 'start');
    expect((await send({ to: '+33699887766', body: 'Welcome back' })).statusCode).toBe(202);
    await text('+33699887766', 'Stop sending me the promo please');
    expect((await contactsRepository(t.database.db).get(owner.orgId, contact.id))!.optedOutAt).toBeNull();
  });

  it('HELP gets the org help text from the number texted', async () => {
    await api({
      method: 'PATCH',
      url: '/messaging/settings',
      payload: { helpText: '{business}: call us on 01 23 45 67 89.' },
    });
    await text('+33655554444', 'help');
    const reply = await until(async () =>
      received('+33655554444').find((m) => m.body.includes('01 23 45 67 89')),
    );
    expect(reply.from).toBe(number.e164);
  });

  it('AI replies: one segment, marked AI, never to STOP, at most N per contact per hour', async () => {
    await api({ method: 'PATCH', url: `/numbers/${number.id}`, payload: { aiReplies: true } });
    await api({
      method: 'PATCH',
      url: '/messaging/settings',
      payload: { aiMaxPerHour: 1, aiTone: 'professional' },
    });
    await text('+33677001122', 'Bonjour, faites-vous les coupes homme le samedi ?');
    const reply = await until(async () => received('+33677001122')[0]);
    expect(reply.from).toBe(number.e164);
    expect(reply.numSegments).toBe(1);
    const conv = (await api({ method: 'GET', url: '/conversations?q=677001122' })).json().conversations[0];
    const thread = (await api({ method: 'GET', url: `/conversations/${conv.id}` })).json();
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'outbound', ai: true, source: 'ai' });
    // The hourly limit (1 here) holds; STOP is never answered by the AI.
    await text('+33677001122', 'Et le dimanche ?');
    await text('+33677002233', 'STOP');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(received('+33677001122')).toHaveLength(1);
    expect(
      received('+33677002233').filter((m) => m.body && !/STOP|unsubscribed|désinscrit/i.test(m.body)),
    ).toHaveLength(0);
    await api({ method: 'PATCH', url: `/numbers/${number.id}`, payload: { aiReplies: false } });
  });

  it('rotation spreads texts over the flagged numbers at each sender rate', async () => {
    for (const n of [number, second])
      await api({ method: 'PATCH', url: `/numbers/${n.id}`, payload: { rotation: true } });
    const sent = [];
    for (let i = 0; i < 4; i++)
      sent.push(
        (await send({ to: `+3361000000${i}`, body: `Rotation ${i}`, phoneNumberId: 'rotation' })).json(),
      );
    const bySender = new Map<string, number[]>();
    for (const m of sent) bySender.set(m.from, [...(bySender.get(m.from) ?? []), Date.parse(m.sendAt)]);
    expect([...bySender.keys()].sort()).toEqual([number.e164, second.e164].sort());
    for (const times of bySender.values()) {
      expect(times).toHaveLength(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(999); // 1 segment/s per long code
    }
  });

  it('a text scheduled in quiet hours moves to the morning, is listed, and can be cancelled', async () => {
    // 23:30 in Paris, two days from now.
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const at = new Date(`${day}T22:30:00Z`);
    const res = await send({ to: '+33612121212', body: 'Rappel : RDV demain', sendAt: at.toISOString() });
    expect(res.statusCode).toBe(202);
    const planned = new Date(res.json().sendAt);
    expect(planned.getTime()).toBeGreaterThan(at.getTime());
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
      }).format(planned),
    ).toBe('08:00');
    const list = (await api({ method: 'GET', url: '/messages/scheduled' })).json().messages;
    expect(list.map((m: { id: string }) => m.id)).toContain(res.json().id);
    const canceled = await api({ method: 'POST', url: `/messages/${res.json().id}/cancel` });
    expect(canceled.json().status).toBe('canceled');
    expect((await api({ method: 'POST', url: `/messages/${res.json().id}/cancel` })).statusCode).toBe(409);
  });

  it('status callbacks never move a message backwards', async () => {
    const repo = messagingRepository(t.database.db);
    const m = (await send({ to: '+33613131313', body: 'Order shipped' })).json();
    const row = await until(async () => {
      const r = await repo.get(owner.orgId, m.id);
      return r?.twilioSid ? r : undefined;
    });
    const direct = repo;
    expect(
      await direct.applyStatus(owner.orgId, row.twilioSid!, {
        status: 'delivered',
        errorCode: null,
        errorReason: null,
      }),
    ).toBe('applied');
    expect(
      await direct.applyStatus(owner.orgId, row.twilioSid!, {
        status: 'sent',
        errorCode: null,
        errorReason: null,
      }),
    ).toBe('stale');
    expect((await repo.get(owner.orgId, m.id))!.status).toBe('delivered');
  });

  it('bulk: preview explains who is skipped; the send completes; the rest can be cancelled', async () => {
    // Quiet hours would hold a "now" bulk until the morning when this runs in the evening.
    await api({ method: 'PATCH', url: '/messaging/settings', payload: { quietHoursEnabled: false } });
    const contacts = contactsRepository(t.database.db);
    const ids = [];
    for (const n of ['+33620000001', '+33620000002', '+33620000003'])
      ids.push((await contacts.matchOrCreate(owner.orgId, n, 'Léa Martin')).id);
    const out = await contacts.matchOrCreate(owner.orgId, '+33620000009');
    await messagingRepository(t.database.db).setOptOut(owner.orgId, out.id, true);
    const body = {
      name: 'Soldes',
      body: 'Bonjour {first_name}, -20% ce week-end chez {business} !',
      recipients: { contactIds: [...ids, out.id], numbers: ['0620000001', 'not a number', '0620000004'] },
    };
    const preview = (await api({ method: 'POST', url: '/bulk/preview', payload: body })).json();
    expect(preview.recipients).toBe(4);
    expect(preview.skipped.map((s: { reason: string }) => s.reason).sort()).toEqual([
      'duplicate',
      'invalidNumber',
      'optedOut',
    ]);
    expect(preview.samples[0].text).toMatch(/^Bonjour Léa, -20% ce week-end chez /);
    expect(preview.unknownVariables).toEqual([]);
    const created = await api({ method: 'POST', url: '/bulk', payload: body });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const done = await until(async () => {
      const s = (await api({ method: 'GET', url: `/bulk/${id}` })).json();
      return s.send.status === 'completed' && s;
    }, 30_000);
    expect(done.recipients).toHaveLength(4);
    expect(received('+33620000004').filter((m) => m.body.startsWith('Bonjour , -20%'))).toHaveLength(1);
    expect(received('+33620000009')).toHaveLength(0);

    // A later send can be cancelled before it leaves.
    const later = await api({
      method: 'POST',
      url: '/bulk',
      payload: { ...body, name: 'Plus tard', sendAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(later.json().status).toBe('scheduled');
    const canceled = (await api({ method: 'POST', url: `/bulk/${later.json().id}/cancel` })).json();
    expect(canceled).toMatchObject({ status: 'canceled', canceled: 4 });

    // A big send cancelled right away frees its sender: the next reply is not queued behind it.
    const big = await api({
      method: 'POST',
      url: '/bulk',
      payload: {
        name: 'Big',
        body: 'Hello',
        recipients: {
          numbers: Array.from({ length: 60 }, (_, i) => `+336300000${String(i).padStart(2, '0')}`),
        },
        phoneNumberId: second.id,
      },
    });
    expect(big.statusCode).toBe(201);
    await api({ method: 'POST', url: `/bulk/${big.json().id}/cancel` });
    const reply = (await send({ to: '+33631313131', body: 'Right away', phoneNumberId: second.id })).json();
    expect(Date.parse(reply.sendAt) - Date.now()).toBeLessThan(10_000);
  });

  it('a 21610 from Twilio (opted out at the carrier) fails the text and opts the contact out', async () => {
    // The handset's STOP reaches Twilio but the webhook to AVA is lost.
    twilio().faults.set({ dropWebhookRate: 1 });
    await twilio().receiveFromHandset({ from: '+33614141414', to: number.e164, body: 'STOP' });
    twilio().faults.clear();
    const m = (await send({ to: '+33614141414', body: 'Hello', phoneNumberId: number.id })).json();
    const failed = await until(async () => {
      const r = await messagingRepository(t.database.db).get(owner.orgId, m.id);
      return r?.status === 'failed' && r;
    });
    expect(failed).toMatchObject({ errorCode: 21610, errorReason: 'provider.twilio.optedOut' });
    const contact = await contactsRepository(t.database.db).matchOrCreate(owner.orgId, '+33614141414');
    expect(contact.optedOutAt).toBeInstanceOf(Date);
  });

  it('with 20% of Twilio requests failing (429/500), a 1,000-text bulk sends every text exactly once', async () => {
    await api({ method: 'PATCH', url: `/numbers/${number.id}`, payload: { smsRate: 100 } });
    const numbers = Array.from({ length: 1000 }, (_, i) => `+3367${String(i).padStart(7, '0')}`);
    twilio().faults.set({ rate429: 0.1, rate500: 0.1 });
    const created = await api({
      method: 'POST',
      url: '/bulk',
      payload: { name: 'Storm', body: 'Flash sale', recipients: { numbers }, phoneNumberId: number.id },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await until(async () => {
      const s = (await api({ method: 'GET', url: `/bulk/${id}` })).json();
      return s.send.status === 'completed';
    }, 300_000);
    twilio().faults.clear();
    const sent = twilio()
      .listMessages()
      .filter((m) => m.body === 'Flash sale');
    const counts = (await api({ method: 'GET', url: `/bulk/${id}` })).json().send.counts;
    const odd = (await api({ method: 'GET', url: `/bulk/${id}?status=failed` })).json().recipients;
    expect(sent.length, JSON.stringify({ counts, odd: odd.slice(0, 3) })).toBe(1000);
    expect(new Set(sent.map((m) => m.to)).size).toBe(1000);
    const s = (await api({ method: 'GET', url: `/bulk/${id}` })).json();
    expect(s.send.counts.failed ?? 0).toBe(0);
  }, 360_000);

  it('another org sees none of it: 404 on every id, empty lists; no session 401', async () => {
    const conv = (await api({ method: 'GET', url: '/conversations' })).json().conversations[0];
    const bulk = (await api({ method: 'GET', url: '/bulk' })).json().sends[0];
    const msg = (await api({ method: 'GET', url: `/conversations/${conv.id}` })).json().messages[0];
    const other = (opts: InjectOptions) =>
      as(stranger, { ...opts, url: `/api/v1/orgs/${owner.orgId}${opts.url}` });
    const routes: InjectOptions[] = [
      { method: 'GET', url: '/conversations' },
      { method: 'GET', url: `/conversations/${conv.id}` },
      { method: 'PATCH', url: `/conversations/${conv.id}`, payload: { read: true } },
      { method: 'POST', url: '/conversations', payload: { contactId: conv.contact.id } },
      {
        method: 'POST',
        url: '/messages',
        payload: { to: '+33612345678', body: 'x', idempotencyKey: randomUUID() },
      },
      { method: 'GET', url: '/messages/scheduled' },
      { method: 'PATCH', url: `/messages/${msg.id}`, payload: { body: 'x' } },
      { method: 'POST', url: `/messages/${msg.id}/cancel` },
      { method: 'POST', url: '/bulk/preview', payload: { name: 'x', body: 'x', recipients: { q: 'a' } } },
      { method: 'POST', url: '/bulk', payload: { name: 'x', body: 'x', recipients: { q: 'a' } } },
      { method: 'GET', url: '/bulk' },
      { method: 'GET', url: `/bulk/${bulk.id}` },
      { method: 'PATCH', url: `/bulk/${bulk.id}`, payload: { name: 'x' } },
      { method: 'POST', url: `/bulk/${bulk.id}/cancel` },
      { method: 'GET', url: '/messaging/settings' },
      { method: 'PATCH', url: '/messaging/settings', payload: { aiMaxPerHour: 5 } },
    ];
    for (const route of routes) {
      expect((await other(route)).statusCode, `${route.method} ${route.url}`).toBe(404);
      const anon = await t.app.inject({ ...route, url: `/api/v1/orgs/${owner.orgId}${route.url}` });
      expect(anon.statusCode, `${route.method} ${route.url} without session`).toBe(401);
    }
    // In their own org, our ids are simply not there.
    const own = (opts: InjectOptions) =>
      as(stranger, { ...opts, url: `/api/v1/orgs/${stranger.orgId}${opts.url}` });
    expect((await own({ method: 'GET', url: `/conversations/${conv.id}` })).statusCode).toBe(404);
    expect((await own({ method: 'GET', url: `/bulk/${bulk.id}` })).statusCode).toBe(404);
    expect(
      (await own({ method: 'POST', url: '/conversations', payload: { contactId: conv.contact.id } }))
        .statusCode,
    ).toBe(404);
    expect((await own({ method: 'GET', url: '/conversations' })).json().conversations).toEqual([]);
  });
});
