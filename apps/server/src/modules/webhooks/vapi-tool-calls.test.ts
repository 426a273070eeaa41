import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningApp, driverName, signUp, TEST_KEY, type SignedUp } from '../../../test/helpers.ts';
import { decrypt, keyringFromString } from '../../lib/secrets.ts';
import { callIdFor, callsRepository } from '../calls/calls.repository.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { webhooksRepository } from './webhooks.repository.ts';
import { webhooksService, type VapiHandlers } from './webhooks.service.ts';

const keyring = keyringFromString(TEST_KEY);
type Results = { results: { toolCallId: string; name: string; result?: string; error?: string }[] };

/**
 * A tool call is answered in one transaction with the storing of its event: these tests hold that
 * transaction to the same rules as separate ones (one booking per slot, one event per delivery) and
 * check the fallback when it fails.
 */
describe(`Vapi tool calls in the event's transaction on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let secret: string;
  let vapiAssistantId: string;
  const as = (opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: owner.cookie } });
  const events = () => webhooksRepository(t.database.db).list(owner.orgId);
  let seq = 0;
  const toolCallsMessage = (name: string, args: unknown, callId = `call-${++seq}`) => ({
    message: {
      type: 'tool-calls',
      timestamp: 1_800_000_000_000 + ++seq,
      call: { id: callId, assistantId: vapiAssistantId, customer: { number: '+14155550123' } },
      toolCallList: [{ id: `tc-${++seq}`, type: 'function', function: { name, arguments: args } }],
    },
  });
  const post = async (body: unknown) => {
    const res = await fetch(`${t.publicUrl}/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as Results;
    return JSON.parse(results[0]!.result!) as Record<string, unknown>;
  };

  /** The webhooks service on the test database, with tool calls prepared by `prepareToolCalls`. */
  const serviceWith = (prepareToolCalls: VapiHandlers['prepareToolCalls']) =>
    webhooksService({
      credentials: credentialsRepository(t.database.db),
      events: webhooksRepository(t.database.db),
      keyring,
      vapi: { owns: async () => true, prepareToolCalls, assistantRequest: async () => ({}) },
    });

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app);
    await as({ method: 'POST', url: `/api/v1/orgs/${owner.orgId}/credentials/vapi/sandbox` });
    const assistant = await as({
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/assistants`,
      payload: { name: 'Ava', firstMessage: 'Hello.', systemPrompt: 'Receptionist.' },
    });
    vapiAssistantId = assistant.json().vapiAssistantId;
    secret = decrypt(keyring, (await credentialsRepository(t.database.db).getWebhookSecret(owner.orgId))!);
  });
  afterAll(async () => t?.close());

  it('concurrent bookings of one offered slot: exactly one wins; each event and tool call is stored once', async () => {
    const offered = await post(toolCallsMessage('check_availability', '{}'));
    const slot = (offered.slots as { start: string }[])[0]!.start;
    const bookings = [1, 2, 3].map((i) =>
      toolCallsMessage('book_appointment', { start: slot, name: `C${i}` }),
    );
    const answers = await Promise.all(bookings.map(post));
    expect(answers.filter((a) => a.booked === true)).toHaveLength(1);
    expect(answers.filter((a) => a.booked === false && a.detail === 'taken')).toHaveLength(2);
    const { appointments } = (
      await as({ method: 'GET', url: `/api/v1/orgs/${owner.orgId}/appointments` })
    ).json() as { appointments: { start: string }[] };
    expect(appointments.filter((a) => a.start === slot)).toHaveLength(1);

    // A retried delivery: stored once, answered with the same booking (idempotent on the tool call id).
    const winner = bookings[answers.findIndex((a) => a.booked === true)]!;
    const again = await post(winner);
    expect(again).toMatchObject({ booked: true, appointment: answers.find((a) => a.booked)!.appointment });
    const stored = (await events()).filter((e) => e.kind === 'tool-calls');
    expect(stored).toHaveLength(4);

    // Each call lists its tool call once: recorded in a batch a moment after the answer, and the
    // retried delivery adds nothing.
    const listed = async () =>
      Promise.all(
        bookings.map(async (b) => {
          const row = await callsRepository(t.database.db).get(owner.orgId, callIdFor(b.message.call.id));
          return (row?.toolCalls ?? []).map((c) => c.id);
        }),
      );
    for (let i = 0; i < 50 && (await listed()).some((ids) => ids.length === 0); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await listed()).toEqual(bookings.map((b) => [b.message.toolCallList[0]!.id]));
  });

  it('a read-only tool call: answered from what is booked, its event stored once however often it comes', async () => {
    const ask = toolCallsMessage('check_availability', '{}', 'call-reads');
    const [first, second] = await Promise.all([post(ask), post(ask)]);
    const slots = first.slots as { start: string }[];
    expect(slots.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    // A slot booked since is no longer offered.
    const booked = await post(toolCallsMessage('book_appointment', { start: slots[0]!.start, name: 'R' }));
    expect(booked.booked).toBe(true);
    const after = (await post(toolCallsMessage('check_availability', '{}', 'call-reads'))).slots as {
      start: string;
    }[];
    expect(after.map((s) => s.start)).not.toContain(slots[0]!.start);
    const mine = (await events()).filter(
      (e) => e.kind === 'tool-calls' && JSON.stringify(e.payload).includes('call-reads'),
    );
    // The question delivered twice is stored once; the later one is another event. Both were handled
    // in the request: stored processed, nothing for the event processor to claim.
    expect(mine).toHaveLength(2);
    expect(mine.every((e) => e.processedAt !== null && e.attempts === 0)).toBe(true);
  });

  it('a read-only tool call whose event cannot be stored gets no answer', async () => {
    const service = serviceWith(async () => ({ writes: () => false, run: async () => ({ slots: [] }) }));
    // PostgreSQL refuses \u0000 in jsonb: the event's insert fails.
    const body = { ...toolCallsMessage('check_availability', '{}', 'call-unstored'), bad: '\u0000' };
    await expect(service.vapi({ secret, body })).rejects.toThrow();
    const mine = (await events()).filter((e) => JSON.stringify(e.payload).includes('call-unstored'));
    expect(mine).toHaveLength(0);
  });

  it('when the shared transaction fails, nothing of it stays: the event is stored alone and the tools answer outside it', async () => {
    const repo = webhooksRepository(t.database.db);
    const recorded: unknown[] = [];
    const service = serviceWith(async (orgId) => ({
      writes: () => true,
      run: async (tc, tx) => {
        if (!tx) return { answered: 'outside the transaction' };
        await repo.record(
          orgId,
          { provider: 'vapi', kind: 'probe', eventKey: `ok:${tc.id}`, payload: {} },
          tx,
        );
        // Postgres refuses \u0000 in jsonb: the statement fails and aborts the transaction.
        const bad = {
          provider: 'vapi' as const,
          kind: 'probe',
          eventKey: `bad:${tc.id}`,
          payload: '\u0000',
        };
        await repo.record(orgId, bad, tx);
        return 'unreachable';
      },
      answered: (answers) => recorded.push(...answers.map((a) => a.result)),
    }));
    const body = toolCallsMessage('anything', '{}', 'call-fallback');
    const out = await service.vapi({ secret, body });
    expect(out.reply).toEqual({
      results: [
        {
          toolCallId: body.message.toolCallList[0]!.id,
          name: 'anything',
          result: JSON.stringify({ answered: 'outside the transaction' }),
        },
      ],
    });
    const mine = (await events()).filter((e) => JSON.stringify(e.payload).includes('call-fallback'));
    expect(mine.map((e) => e.kind)).toEqual(['tool-calls']);
    expect((await events()).filter((e) => e.kind === 'probe')).toHaveLength(0);
    // Only the answers that stand are passed on to be recorded on the call.
    expect(recorded).toEqual([{ answered: 'outside the transaction' }]);
  });
});
