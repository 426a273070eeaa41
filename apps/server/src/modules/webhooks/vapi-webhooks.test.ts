import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createListeningApp,
  driverName,
  eventsProcessed,
  outbox,
  signUp,
  type SignedUp,
} from '../../../test/helpers.ts';
import { callIdFor, callsRepository } from '../calls/calls.repository.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { webhooksRepository } from './webhooks.repository.ts';
import { decrypt, keyringFromString } from '../../lib/secrets.ts';
import { TEST_KEY } from '../../../test/helpers.ts';

const keyring = keyringFromString(TEST_KEY);

describe(`Vapi server messages through the sandbox on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let secret: string;
  let number: { id: string; e164: string };
  let vapiAssistantId: string;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const events = () => webhooksRepository(t.database.db).list(owner.orgId);
  const post = (body: unknown, secretHeader = secret) =>
    fetch(`${t.publicUrl}/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': secretHeader },
      body: JSON.stringify(body),
    });
  const call = (script: string[], from = '+14155550123') =>
    fetch(`${t.publicUrl}/sandbox/vapi/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: number.e164, from, script }),
    });

  /** Waits, job by job, until the call's end-of-call report has been processed. */
  async function processedReport(vapiCallId: string) {
    const done = async () =>
      (await events()).some(
        (e) =>
          e.kind === 'end-of-call-report' && e.processedAt && JSON.stringify(e.payload).includes(vapiCallId),
      );
    await eventsProcessed(t.database);
    expect(await done()).toBe(true);
  }

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app, { name: 'Dr Ana' });
    await as(owner, { method: 'POST', url: `/api/v1/orgs/${owner.orgId}/credentials/vapi/sandbox` });
    const assistant = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/assistants`,
      payload: {
        name: 'Léa',
        firstMessage: 'Bonjour, cabinet du docteur Lévy.',
        systemPrompt: 'Réceptionniste du cabinet.',
        language: 'fr',
      },
    });
    vapiAssistantId = assistant.json().vapiAssistantId;
    number = (
      await as(owner, {
        method: 'POST',
        url: `/api/v1/orgs/${owner.orgId}/numbers/vapi`,
        payload: { areaCode: '415' },
      })
    ).json();
    secret = decrypt(keyring, (await credentialsRepository(t.database.db).getWebhookSecret(owner.orgId))!);
  });
  afterAll(async () => t?.close());

  it('a simulated call lands as one call record with transcript, and the owner gets an email', async () => {
    const res = await call(['Bonjour, je voudrais un rendez-vous.', 'Merci, au revoir.']);
    expect(res.status).toBe(201);
    const { call: c } = (await res.json()) as { call: { id: string } };
    await processedReport(c.id);
    const stored = (await events()).filter((e) => JSON.stringify(e.payload).includes(c.id));
    expect(stored.map((e) => e.kind)).toContain('end-of-call-report');
    const list = (await as(owner, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/calls` })).json();
    expect(list.calls).toHaveLength(1);
    expect(list.calls[0]).toMatchObject({
      status: 'ended',
      callerNumber: '+14155550123',
      phoneNumberId: number.id,
    });
    const detail = (
      await as(owner, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/calls/${list.calls[0].id}` })
    ).json();
    expect(detail.transcript).toContain('rendez-vous');
    expect(detail.messages.length).toBeGreaterThan(0);
    expect(detail.contact).toMatchObject({ e164: '+14155550123' });
    expect(detail.durationSeconds).toBeGreaterThanOrEqual(0);
    const search = (
      await as(owner, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/calls?q=0123` })
    ).json();
    expect(search.calls).toHaveLength(1);
    expect(
      (await as(owner, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/calls?q=nobody-like-this` })).json()
        .calls,
    ).toHaveLength(0);
    const dash = (
      await as(owner, { method: 'GET', url: `/api/v1/orgs/${owner.orgId}/dashboard?days=7` })
    ).json();
    expect(dash).toMatchObject({ days: 7, calls: { value: 1, previous: 0 } });
    expect(dash.perDay).toHaveLength(7);
    expect(dash.perDay.reduce((n: number, d: { calls: number }) => n + d.calls, 0)).toBe(1);
    expect(dash.recentCalls[0].id).toBe(list.calls[0].id);
    const mails = await outbox(
      t.app,
      (await as(owner, { method: 'GET', url: '/api/v1/me' })).json().user.email,
    );
    expect(mails.filter((m) => m.subject?.startsWith('Call from'))).toHaveLength(1);
  });

  it('a duplicated end-of-call report is stored and mailed once', async () => {
    const body = {
      message: {
        type: 'end-of-call-report',
        timestamp: 1_790_000_000_000,
        endedReason: 'customer-ended-call',
        call: { id: 'call-dup', assistantId: vapiAssistantId, customer: { number: '+14155550999' } },
        artifact: { transcript: 'AI: Bonjour\nUser: Au revoir', messages: [] },
        analysis: { summary: 'Short call' },
        startedAt: '2026-11-21T09:00:00.000Z',
        endedAt: '2026-11-21T09:01:30.000Z',
        cost: 0.12,
      },
    };
    expect((await post(body)).status).toBe(200);
    await processedReport('call-dup');
    expect((await post(body)).status).toBe(200);
    const rows = (await callsRepository(t.database.db).list(owner.orgId, { limit: 10, offset: 0 })).rows
      .map((r) => r.call)
      .filter((r) => r.id === callIdFor('call-dup'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ durationSeconds: 90, cost: '0.12', summary: 'Short call' });
    expect((await events()).filter((e) => JSON.stringify(e.payload).includes('call-dup'))).toHaveLength(1);
  });

  it('refuses a wrong or missing secret and a call of another org, storing nothing', async () => {
    const before = (await events()).length;
    expect(
      (await post({ message: { type: 'status-update', call: { id: 'x' } } }, `${owner.orgId}.wrong`)).status,
    ).toBe(403);
    expect(
      (await post({ message: { type: 'status-update', call: { id: 'x' } } }, 'unknown-org.whatever')).status,
    ).toBe(403);
    const missing = await fetch(`${t.publicUrl}/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { type: 'status-update' } }),
    });
    expect(missing.status).toBe(401);
    // A valid secret does not open another org's assistant.
    const foreign = await post({
      message: {
        type: 'tool-calls',
        call: { id: 'c', assistantId: 'someone-elses-assistant' },
        toolCallList: [{ id: 't1', function: { name: 'check_availability', arguments: '{}' } }],
      },
    });
    expect(foreign.status).toBe(403);
    expect(await events()).toHaveLength(before);
  });

  it('answers assistant-request with the number assistant, and unknown tools with an error result', async () => {
    const vapiNumberId = [...t.app.ava.sandbox!.vapi.phoneNumbers.values()]
      .map((n) => n.data)
      .find((n) => n.number === number.e164)!.id;
    const ar = await post({
      message: { type: 'assistant-request', call: { id: 'call-ar', phoneNumberId: vapiNumberId } },
    });
    expect(await ar.json()).toEqual({ assistantId: vapiAssistantId });
    // Closed (every day 00:00–00:01) with a fallback: the call goes to the fallback number.
    const closed = Array.from({ length: 7 }, (_, day) => ({ day, open: '00:00', close: '00:01' }));
    await as(owner, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/numbers/${number.id}`,
      payload: { businessHours: closed, fallbackNumber: '+14155550142' },
    });
    const after = await post({
      message: { type: 'assistant-request', call: { id: 'call-ar-2', phoneNumberId: vapiNumberId } },
    });
    expect(await after.json()).toEqual({ destination: { type: 'number', number: '+14155550142' } });
    // Without hours, the receptionist answers at any time.
    await as(owner, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/numbers/${number.id}`,
      payload: { businessHours: null },
    });
    const open = await post({
      message: { type: 'assistant-request', call: { id: 'call-ar-3', phoneNumberId: vapiNumberId } },
    });
    expect(await open.json()).toEqual({ assistantId: vapiAssistantId });
    const tc = await post({
      message: {
        type: 'tool-calls',
        call: { id: 'call-tc', assistantId: vapiAssistantId },
        toolCallList: [{ id: 'tc-1', function: { name: 'order_pizza', arguments: '{"size":"L"}' } }],
      },
    });
    const { results } = (await tc.json()) as { results: { toolCallId: string; error?: string }[] };
    expect(results).toEqual([
      { toolCallId: 'tc-1', name: 'order_pizza', error: 'This assistant has no tool named order_pizza.' },
    ]);
  });
});

describe(`calls and dashboard tenant floor on ${driverName}`, () => {
  it('org B gets 404 for org A calls and dashboard; no session gets 401', async () => {
    const t = await createListeningApp();
    try {
      const a = await signUp(t.app);
      const b = await signUp(t.app);
      for (const url of [
        `/api/v1/orgs/${a.orgId}/calls`,
        `/api/v1/orgs/${a.orgId}/calls/some-id`,
        `/api/v1/orgs/${a.orgId}/dashboard`,
      ]) {
        expect((await t.app.inject({ url, headers: { cookie: b.cookie } })).statusCode, url).toBe(404);
        expect((await t.app.inject({ url })).statusCode, url).toBe(401);
      }
      expect(
        (
          await t.app.inject({
            url: `/api/v1/orgs/${a.orgId}/dashboard?days=12`,
            headers: { cookie: a.cookie },
          })
        ).statusCode,
      ).toBe(400);
    } finally {
      await t.close();
    }
  });
});
