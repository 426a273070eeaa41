import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningApp, driverName, signUp, type SignedUp } from '../../../test/helpers.ts';
import { contactsRepository } from '../contacts/contacts.repository.ts';
import { PROCESS_TWILIO_EVENT } from '../webhooks/webhooks.jobs.ts';
import { messagingRepository } from './messaging.repository.ts';

describe(`inbound SMS become messages, contacts and opt-outs on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let number: { id: string; e164: string };
  const as = (opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: owner.cookie } });
  const text = async (from: string, body: string) => {
    const processed = t.app.ava.jobs.waitForNext(PROCESS_TWILIO_EVENT);
    const result = await t.app.ava.sandbox!.twilio.receiveFromHandset({ from, to: number.e164, body });
    expect(
      result.webhook?.response?.status,
      t.logs
        .filter((l) => l.includes('"level":50'))
        .join('')
        .slice(0, 1500),
    ).toBe(200);
    expect((await processed).ok).toBe(true);
    return result;
  };

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app);
    await as({ method: 'POST', url: `/api/v1/orgs/${owner.orgId}/credentials/twilio/sandbox` });
    const [pick] = (
      await as({ method: 'GET', url: `/api/v1/orgs/${owner.orgId}/numbers/available?country=FR&type=mobile` })
    ).json();
    number = (
      await as({
        method: 'POST',
        url: `/api/v1/orgs/${owner.orgId}/numbers`,
        payload: { phoneNumber: pick.phoneNumber },
      })
    ).json();
  });
  afterAll(async () => t?.close());

  it('stores a text once, matched to a contact created from the number', async () => {
    const first = await text('+33611223344', 'Bonjour, êtes-vous ouverts samedi ?');
    const contact = await contactsRepository(t.database.db).matchOrCreate(owner.orgId, '+33611223344');
    const thread = await messagingRepository(t.database.db).listForContact(owner.orgId, contact.id);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({
      direction: 'inbound',
      status: 'received',
      body: 'Bonjour, êtes-vous ouverts samedi ?',
      phoneNumberId: number.id,
      from: '+33611223344',
    });
    // Twilio retries the same webhook: still one message.
    const processed = t.app.ava.jobs.waitForNext(PROCESS_TWILIO_EVENT, 2_000).catch(() => undefined);
    await fetch(first.webhook!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': first.webhook!.signature,
      },
      body: new URLSearchParams(first.webhook!.params as Record<string, string>).toString(),
    });
    await processed;
    expect(await messagingRepository(t.database.db).listForContact(owner.orgId, contact.id)).toHaveLength(1);
  });

  it('STOP (any case, spaces) opts the contact out of this org; START opts back in', async () => {
    await text('+33699887766', '  stop ');
    const contacts = contactsRepository(t.database.db);
    expect((await contacts.matchOrCreate(owner.orgId, '+33699887766')).optedOutAt).toBeInstanceOf(Date);
    await text('+33699887766', 'START');
    expect((await contacts.matchOrCreate(owner.orgId, '+33699887766')).optedOutAt).toBeNull();
    await text('+33699887766', 'Stop sending me the promo please');
    expect((await contacts.matchOrCreate(owner.orgId, '+33699887766')).optedOutAt).toBeNull();
  });
});
