import { and, asc, eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, twilioCalls } from '../../db/schema/index.ts';
import { createListeningApp, driverName, signUp, uniqueEmail, type SignedUp } from '../../../test/helpers.ts';
import { ProviderError } from '../../providers/provider-error.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';
import { contactsRepository } from '../contacts/contacts.repository.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { syncPageJob } from './twilio-sync.jobs.ts';
import { twilioSyncRepository } from './twilio-sync.repository.ts';
import { twilioSyncService, type SyncPagePayload } from './twilio-sync.service.ts';

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const HANDSETS = ['+33611000001', '+33611000002', '+33611000003'];

describe(`Sync from Twilio (message history, call log) on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let stranger: SignedUp;
  let number: { id: string; e164: string };
  let foreignNumber: string;
  let accountSid: string;
  let port: TelephonyPort;
  const twilio = () => t.app.ava.sandbox!.twilio;
  const as = (who: SignedUp | null, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, ...(who ? { cookie: who.cookie } : {}) } });
  const api = (opts: InjectOptions) => as(owner, { ...opts, url: `/api/v1/orgs/${owner.orgId}${opts.url}` });
  const repo = () => twilioSyncRepository(t.database.db);
  const syncRows = () =>
    t.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, owner.orgId), eq(messages.source, 'sync')))
      .orderBy(asc(messages.createdAt));
  /** Starts a run and waits for it to end, as the card does (GET polling). */
  const sync = async (kind: 'messages' | 'calls', pageSize: number) => {
    const started = await api({ method: 'POST', url: `/twilio-sync/${kind}`, payload: { pageSize } });
    expect(started.statusCode).toBe(202);
    return until(async () => {
      const run = (await api({ method: 'GET', url: '/twilio-sync' })).json()[kind];
      return run?.id === started.json().id && run.status !== 'running' && run;
    }, 40_000);
  };
  // The emulator's clock only moves when told: every record gets its own second, so "newest" is exact.
  const tick = () => twilio().advance(1_000);

  beforeAll(async () => {
    t = await createListeningApp({}, { sandbox: { clock: 'manual' } });
    owner = await signUp(t.app);
    stranger = await signUp(t.app);
    await api({ method: 'POST', url: '/credentials/twilio/sandbox' });
    await t.database.db.execute(sql`UPDATE organizations SET country = 'FR', timezone = 'Europe/Paris'`);
    const [pick] = (await api({ method: 'GET', url: '/numbers/available?country=FR&type=mobile' })).json();
    number = (
      await api({ method: 'POST', url: '/numbers', payload: { phoneNumber: pick.phoneNumber } })
    ).json();
    accountSid = (await credentialsRepository(t.database.db).get(owner.orgId, 'twilio'))!.accountId!;
    const account = twilio().getAccount(accountSid)!;
    port = createTwilioTelephony({
      accountSid,
      authToken: account.authToken,
      baseUrl: `${t.app.ava.config.internalUrl}/sandbox/twilio`,
    });
    // A number of the same Twilio account that AVA does not manage (used by another app).
    const [spare] = await port.searchAvailableNumbers({ country: 'FR', type: 'mobile', sms: true, limit: 5 });
    foreignNumber = (
      await port.buyNumber({ phoneNumber: spare!.phoneNumber, smsUrl: '', statusCallback: '' })
    ).phoneNumber;

    // AVA's own text first: it already has its SID, so the sync must not store it twice.
    const live = await api({
      method: 'POST',
      url: '/messages',
      payload: { idempotencyKey: randomUUID(), to: HANDSETS[2], body: 'Sent from AVA' },
    });
    expect(live.statusCode).toBe(202);
    await until(async () => {
      const [row] = await t.database.db.select().from(messages).where(eq(messages.id, live.json().id));
      return row?.twilioSid;
    });

    // History AVA never saw: its webhooks are dropped.
    twilio().faults.set({ dropWebhookRate: 1 }, accountSid);
    await twilio().advance(60_000);
    for (let j = 0; j < 3; j++) {
      for (const [i, from] of HANDSETS.entries()) {
        await twilio().receiveFromHandset({ from, to: number.e164, body: `Message ${j} from ${i}` });
        await tick();
      }
    }
    twilio().sendMessage(account, { from: number.e164, to: HANDSETS[0], body: 'Reply  from the\nconsole' });
    await tick();
    twilio().sendMessage(account, { from: foreignNumber, to: HANDSETS[1], body: 'Sent by another app' });
    await tick();
    for (let k = 0; k < 4; k++) {
      await twilio().callFromHandset({ from: HANDSETS[k % 3]!, to: number.e164, durationSeconds: 20 });
      await tick();
    }
  }, 60_000);
  afterAll(async () => t?.close());

  it('imports the message history page by page, once, into one thread per contact without unread noise', async () => {
    // Two clicks at once start one run.
    const [a, b] = await Promise.all([
      api({ method: 'POST', url: '/twilio-sync/messages', payload: { pageSize: 5 } }),
      api({ method: 'POST', url: '/twilio-sync/messages', payload: { pageSize: 5 } }),
    ]);
    expect(a.json().id).toBe(b.json().id);
    const run = await until(async () => {
      const r = (await api({ method: 'GET', url: '/twilio-sync' })).json().messages;
      return r.status !== 'running' && r;
    });
    // 12 texts at Twilio on pages of 5, 5, 2; AVA had one of them already.
    expect(run).toMatchObject({ status: 'completed', pages: 3, imported: 11, skipped: 1, error: null });
    expect(run.finishedAt).toEqual(expect.any(String));

    const rows = await syncRows();
    expect(rows).toHaveLength(11);
    expect(new Set(rows.map((r) => r.twilioSid)).size).toBe(11);
    const twilioDates = new Map(
      (await port.pageMessages({ pageSize: 50 })).items.map((m) => [m.sid, m.createdAt!.getTime()]),
    );
    for (const r of rows) {
      expect(r.contactId && r.conversationId).toBeTruthy();
      expect(r.createdAt.getTime()).toBe(twilioDates.get(r.twilioSid!));
      expect(Number(r.price ?? 0)).toBeGreaterThanOrEqual(0);
    }
    expect(rows.filter((r) => r.direction === 'inbound')).toHaveLength(9);
    expect(rows.find((r) => r.body === 'Message 0 from 1')).toMatchObject({
      status: 'received',
      from: HANDSETS[1],
      to: number.e164,
      phoneNumberId: number.id,
      segments: 1,
      encoding: 'GSM-7',
    });
    const console = rows.find((r) => r.body.startsWith('Reply'))!;
    expect(console).toMatchObject({ direction: 'outbound', from: number.e164, phoneNumberId: number.id });
    expect(['queued', 'sending', 'sent', 'delivered']).toContain(console.status);
    expect(rows.find((r) => r.body === 'Sent by another app')).toMatchObject({
      from: foreignNumber,
      phoneNumberId: null,
    });

    const inbox = (await api({ method: 'GET', url: '/conversations' })).json();
    expect(inbox.unreadTotal).toBe(0);
    const thread = (i: number) =>
      inbox.conversations.find((c: { contact: { e164: string } }) => c.contact.e164 === HANDSETS[i]);
    expect(
      inbox.conversations.filter((c: { contact: { e164: string } }) => HANDSETS.includes(c.contact.e164)),
    ).toHaveLength(3);
    // Each thread shows its newest message, dated when Twilio had it, not when it was imported.
    expect(thread(0)).toMatchObject({
      lastPreview: 'Reply from the console',
      lastDirection: 'outbound',
      phoneNumberId: number.id,
      unreadCount: 0,
      lastMessageAt: console.createdAt.toISOString(),
    });
    expect(thread(1)).toMatchObject({ lastPreview: 'Sent by another app', lastDirection: 'outbound' });
    expect(thread(2)).toMatchObject({ lastPreview: 'Message 2 from 2', lastDirection: 'inbound' });
    const history = (await api({ method: 'GET', url: `/conversations/${thread(2).id}` })).json();
    expect(history.messages.map((m: { body: string }) => m.body)).toEqual([
      'Sent from AVA',
      'Message 0 from 2',
      'Message 1 from 2',
      'Message 2 from 2',
    ]);
  });

  it('retries the same page through 429/500s and still counts exactly; a second run imports nothing', async () => {
    // Every request fails: the page is retried in the job, then re-queued with backoff.
    twilio().faults.set({ dropWebhookRate: 1, rate500: 1 }, accountSid);
    const started = await api({ method: 'POST', url: '/twilio-sync/calls', payload: { pageSize: 3 } });
    await until(async () => t.logs.some((l) => l.includes('twilio sync page retried')));
    expect((await api({ method: 'GET', url: '/twilio-sync' })).json().calls).toMatchObject({
      id: started.json().id,
      status: 'running',
      pages: 0,
    });
    twilio().faults.set({ dropWebhookRate: 1, rate429: 0.3, rate500: 0.1 }, accountSid);
    const calls = await until(async () => {
      const r = (await api({ method: 'GET', url: '/twilio-sync' })).json().calls;
      return r.status !== 'running' && r;
    }, 40_000);
    expect(calls).toMatchObject({ status: 'completed', pages: 2, imported: 4, skipped: 0 });
    const log = await t.database.db.select().from(twilioCalls).where(eq(twilioCalls.orgId, owner.orgId));
    expect(log).toHaveLength(4);
    const contact0 = await contactsRepository(t.database.db).matchOrCreate(owner.orgId, HANDSETS[0]!);
    expect(log.filter((c) => c.contactId === contact0.id)).toHaveLength(2);
    expect(log[0]).toMatchObject({ direction: 'inbound', to: number.e164 });

    expect(await sync('messages', 5)).toMatchObject({ status: 'completed', imported: 0, skipped: 12 });
    expect(await sync('calls', 3)).toMatchObject({ status: 'completed', imported: 0, skipped: 4 });
    expect(await syncRows()).toHaveLength(11);
    twilio().faults.set({ dropWebhookRate: 1 }, accountSid);
  }, 60_000);

  it('a run interrupted after its first page resumes from the stored cursor', async () => {
    await t.database.db
      .delete(messages)
      .where(and(eq(messages.orgId, owner.orgId), eq(messages.source, 'sync')));
    const queued: SyncPagePayload[] = [];
    const worker = twilioSyncService({
      repo: repo(),
      contacts: contactsRepository(t.database.db),
      telephonyFor: async () => port,
      enqueue: async (p) => {
        queued.push(p);
      },
      log: pino({ level: 'silent' }),
    });
    const { run } = await repo().startOrRunning(owner.orgId, 'messages');
    expect(await worker.step({ orgId: owner.orgId, runId: run.id, pageSize: 5, attempt: 0 })).toBe('more');
    const afterOne = (await repo().get(owner.orgId, run.id))!;
    expect(afterOne).toMatchObject({ status: 'running', pages: 1, imported: 5, skipped: 0 });
    expect(afterOne.cursor).toContain('PageToken=');
    // The same page stored again by a late duplicate of the job is refused.
    expect(
      await repo().saveMessagesPage(owner.orgId, run.id, {
        pagesDone: 0,
        seen: 0,
        rows: [],
        nextPageUrl: null,
      }),
    ).toBeUndefined();

    // The worker died here; its queued job is picked up by another process (this app's queue).
    await t.app.ava.jobs.send(
      syncPageJob(() => worker),
      {
        orgId: owner.orgId,
        runId: run.id,
        pageSize: 5,
        attempt: 0,
      },
    );
    const done = await until(async () => {
      const r = await repo().get(owner.orgId, run.id);
      return r?.status === 'completed' && r;
    });
    // Had it started over, it would have read 4 pages and skipped the first 5 again.
    expect(done).toMatchObject({ pages: 3, imported: 11, skipped: 1, cursor: null });
    expect(await syncRows()).toHaveLength(11);
    expect(await worker.step({ orgId: owner.orgId, runId: run.id, pageSize: 5, attempt: 0 })).toBe('stale');
    expect((await api({ method: 'GET', url: '/twilio-sync' })).json().messages.id).toBe(run.id);
  });

  it('re-queues transient failures with backoff and ends the run with Twilio’s reason otherwise', async () => {
    const queued: { p: SyncPagePayload; delayMs: number | undefined }[] = [];
    let failure: ProviderError = new ProviderError({
      provider: 'twilio',
      code: 'twilio.unavailable',
      retryable: true,
      userMessage: 'Twilio did not answer.',
    });
    const worker = twilioSyncService({
      repo: repo(),
      contacts: contactsRepository(t.database.db),
      telephonyFor: async () => {
        throw failure;
      },
      enqueue: async (p, delayMs) => {
        queued.push({ p, delayMs });
      },
      log: pino({ level: 'silent' }),
      sleep: async () => {},
    });
    const org = await signUp(t.app);
    const { run } = await repo().startOrRunning(org.orgId, 'calls');
    const page = { orgId: org.orgId, runId: run.id, pageSize: 10, attempt: 2 };
    await worker.runPage(page);
    expect(queued).toEqual([{ p: { ...page, attempt: 3 }, delayMs: 4_000 }]);
    await worker.runPage({ ...page, attempt: 6 });
    expect(await repo().get(org.orgId, run.id)).toMatchObject({
      status: 'failed',
      error: 'provider.twilio.unavailable',
    });

    failure = new ProviderError({
      provider: 'twilio',
      code: 'twilio.invalidCredentials',
      retryable: false,
      userMessage: 'Wrong credentials.',
    });
    const second = (await repo().startOrRunning(org.orgId, 'calls')).run;
    expect(second.id).not.toBe(run.id);
    await worker.runPage({ ...page, runId: second.id, attempt: 0 });
    expect(queued).toHaveLength(1);
    const status = (await as(org, { method: 'GET', url: `/api/v1/orgs/${org.orgId}/twilio-sync` })).json();
    expect(status).toMatchObject({
      messages: null,
      calls: { id: second.id, status: 'failed', error: 'provider.twilio.invalidCredentials' },
    });
  });

  it('is for members of the org only; starting is for owners and admins with Twilio connected', async () => {
    const routes: InjectOptions[] = [
      { method: 'GET', url: '/twilio-sync' },
      { method: 'POST', url: '/twilio-sync/messages' },
      { method: 'POST', url: '/twilio-sync/calls', payload: { pageSize: 10 } },
    ];
    for (const r of routes) {
      const url = `/api/v1/orgs/${owner.orgId}${r.url}`;
      expect((await as(stranger, { ...r, url })).statusCode, `${r.method} ${r.url}`).toBe(404);
      expect((await as(null, { ...r, url })).statusCode, `${r.method} ${r.url}`).toBe(401);
    }
    const own = `/api/v1/orgs/${stranger.orgId}/twilio-sync`;
    const notConnected = await as(stranger, { method: 'POST', url: `${own}/messages` });
    expect(notConnected.statusCode).toBe(422);
    expect(notConnected.json().error).toMatchObject({
      code: 'PROVIDER_ERROR',
      details: { reason: 'provider.twilio.notConfigured' },
    });
    expect((await as(stranger, { method: 'GET', url: own })).json()).toEqual({ messages: null, calls: null });
    expect((await as(stranger, { method: 'POST', url: `${own}/contacts` })).statusCode).toBe(400);
    expect(
      (await as(stranger, { method: 'POST', url: `${own}/calls`, payload: { pageSize: 5000 } })).statusCode,
    ).toBe(400);

    const email = uniqueEmail('member');
    const inv = await api({ method: 'POST', url: '/invitations', payload: { email, role: 'member' } });
    const joined = await signUp(t.app, { email });
    await as(joined, { method: 'POST', url: `/api/v1/invitations/${inv.json().id}/accept` });
    const base = `/api/v1/orgs/${owner.orgId}/twilio-sync`;
    expect((await as(joined, { method: 'GET', url: base })).statusCode).toBe(200);
    expect((await as(joined, { method: 'POST', url: `${base}/messages` })).statusCode).toBe(403);
  });
});
