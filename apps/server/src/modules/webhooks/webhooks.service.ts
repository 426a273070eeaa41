import { createHash } from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import type { Keyring } from '../../lib/secrets.ts';
import type { OrgTx } from '../../db/tenant.ts';
import type { Logger } from '../../lib/logger.ts';
import { ttlCache } from '../../lib/ttl-cache.ts';
import { decrypt } from '../../lib/secrets.ts';
import { validTwilioSignature } from '../../providers/telephony/twilio.adapter.ts';
import { verifyVapiSecret } from '../../providers/voice-agent/vapi.adapter.ts';
import type { CredentialsRepository } from '../credentials/credentials.repository.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

export type WebhooksService = ReturnType<typeof webhooksService>;

export type VapiCallRef = {
  id?: string;
  assistantId?: string;
  phoneNumberId?: string;
  customer?: { number?: string; name?: string };
};
export type VapiToolCall = { id: string; name: string; arguments: unknown };

/** The tool calls of one message, prepared by prepareToolCalls. */
export type ToolCalls = {
  /** whether a tool call may write (false: it only reads, and needs no transaction with the event) */
  writes(toolCall: VapiToolCall): boolean;
  /** runs one tool call; given `tx`, all of its database work goes through it (see OrgTx) */
  run(toolCall: VapiToolCall, tx?: OrgTx): Promise<unknown>;
  /** the answers that stand (their transaction committed): bookkeeping, off the caller's time */
  answered?(answers: { toolCall: VapiToolCall; result: unknown }[]): void;
};

/** What AVA does with Vapi's messages once they are verified and stored. */
export type VapiHandlers = {
  /** the call's assistant or number belongs to this org (a secret alone does not grant another org's calls) */
  owns(orgId: string, call: VapiCallRef): Promise<boolean>;
  /**
   * Loads what the call's tool calls need (cached lookups) while no transaction is open, for running
   * each of them inside the transaction that stores the event.
   */
  prepareToolCalls(orgId: string, call: VapiCallRef): Promise<ToolCalls>;
  assistantRequest(orgId: string, call: VapiCallRef): Promise<Record<string, unknown>>;
};

/** Vapi's tool-call shapes disagree across its docs (NOTES §3.2): read both, accept string or object arguments. */
function readToolCalls(message: Record<string, unknown>): VapiToolCall[] {
  const list = (message.toolCallList ?? message.toolCalls ?? []) as Record<string, unknown>[];
  return list.map((tc) => {
    const fn = (tc.function ?? {}) as { name?: string; arguments?: unknown };
    let args: unknown = fn.arguments ?? tc.arguments ?? tc.parameters ?? {};
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        args = {};
      }
    }
    return { id: String(tc.id ?? ''), name: String(fn.name ?? tc.name ?? ''), arguments: args };
  });
}

function digestOf(body: unknown) {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
}

/**
 * Verify, store, acknowledge: nothing is stored unless the provider proved who it is, and a provider's
 * retry of an event already stored is acknowledged without being stored twice.
 */
export function webhooksService(deps: {
  credentials: CredentialsRepository;
  events: WebhooksRepository;
  keyring: Keyring;
  vapi: VapiHandlers;
  /**
   * A new event was stored: the processor (webhooks.processor.ts) handles inbound SMS, status callbacks
   * and Vapi's informational messages after the 2xx. This wakes it in this process; others poll.
   */
  stored?: () => void;
  log?: Logger;
}) {
  const { credentials, events, keyring, vapi: handlers, log } = deps;
  // Every server message of a call carries the secret: one lookup a minute per org is enough.
  const secrets = ttlCache<string>(60_000);
  // Every Twilio webhook names its account: its org and auth token are looked up once a minute, not per
  // request. An unknown account is not remembered (credentials may be added any moment).
  const twilioAccounts = ttlCache<{ orgId: string; authToken: string } | null>(60_000);
  const twilioAccount = async (accountSid: string, fresh = false) => {
    if (fresh) twilioAccounts.delete(accountSid);
    const account = await twilioAccounts.get(accountSid, async () => {
      const row = await credentials.findTwilioAccount(accountSid);
      return row ? { orgId: row.orgId, authToken: decrypt(keyring, row.secretEncrypted) } : null;
    });
    if (!account) twilioAccounts.delete(accountSid);
    return account;
  };
  const wake = (id: string | null) => {
    if (id) deps.stored?.();
  };

  async function verifyTwilio(input: {
    url: string;
    params: Record<string, string>;
    signature: string | undefined;
  }) {
    if (!input.signature) throw new AppError('UNAUTHENTICATED', 'Missing X-Twilio-Signature.');
    const accountSid = input.params.AccountSid;
    const valid = (account: { authToken: string } | null) =>
      account !== null && validTwilioSignature(account.authToken, input.url, input.params, input.signature!);
    let account = accountSid ? await twilioAccount(accountSid) : null;
    // A token rotated within the minute: check once more against the stored one before refusing.
    if (accountSid && account && !valid(account)) account = await twilioAccount(accountSid, true);
    // An unknown account and a wrong signature look the same from outside.
    if (!account || !valid(account)) throw new AppError('FORBIDDEN', 'Invalid Twilio signature.');
    return account.orgId;
  }

  /** One tool call's entry in the reply: its result as text, or an error the model can say. */
  async function answer(orgId: string, tc: VapiToolCall, run: () => Promise<unknown>) {
    try {
      const result = await run();
      const text = typeof result === 'string' ? result : JSON.stringify(result);
      return { ok: true as const, result, entry: { toolCallId: tc.id, name: tc.name, result: text } };
    } catch (err) {
      if (!(err instanceof AppError)) log?.error({ err, orgId, tool: tc.name }, 'tool call failed');
      const text = err instanceof AppError ? err.message : 'The booking system is not available right now.';
      return { ok: false as const, entry: { toolCallId: tc.id, name: tc.name, error: text } };
    }
  }

  return {
    async twilioInboundMessage(input: {
      url: string;
      params: Record<string, string>;
      signature: string | undefined;
    }) {
      const orgId = await verifyTwilio(input);
      const sid = input.params.MessageSid ?? input.params.SmsSid;
      if (!sid) throw new AppError('VALIDATION_FAILED', 'MessageSid is missing.');
      const stored = await events.record(orgId, {
        provider: 'twilio',
        kind: 'message.inbound',
        eventKey: `in:${sid}`,
        payload: input.params,
      });
      wake(stored.id);
      return { orgId, ...stored };
    },

    async twilioStatus(input: {
      url: string;
      params: Record<string, string>;
      signature: string | undefined;
    }) {
      const orgId = await verifyTwilio(input);
      const sid = input.params.MessageSid ?? input.params.SmsSid;
      const status = input.params.MessageStatus ?? input.params.SmsStatus;
      if (!sid || !status)
        throw new AppError('VALIDATION_FAILED', 'MessageSid and MessageStatus are required.');
      // Each status is its own event: "sent" then "delivered" for one message are two facts.
      const stored = await events.record(orgId, {
        provider: 'twilio',
        kind: 'message.status',
        eventKey: `status:${sid}:${status}`,
        payload: input.params,
      });
      wake(stored.id);
      return { orgId, ...stored };
    },

    /**
     * Vapi sends the org's secret back in X-Vapi-Secret ("<orgId>.<random>"): the prefix names the org,
     * the whole value is compared in constant time with the one stored for it.
     */
    async vapi(input: {
      secret: string | undefined;
      body: unknown;
    }): Promise<{ orgId: string; type: string; duplicate: boolean; reply: unknown }> {
      if (!input.secret) throw new AppError('UNAUTHENTICATED', 'Missing X-Vapi-Secret.');
      const orgId = input.secret.split('.')[0] ?? '';
      const expected = orgId
        ? await secrets.get(orgId, async () => {
            const sealed = await credentials.getWebhookSecret(orgId);
            return sealed ? decrypt(keyring, sealed) : '';
          })
        : '';
      if (!expected) secrets.delete(orgId); // no secret yet: do not remember the absence
      if (!expected || !verifyVapiSecret(expected, input.secret))
        throw new AppError('FORBIDDEN', 'Invalid X-Vapi-Secret.');
      const message = (input.body as { message?: Record<string, unknown> } | undefined)?.message;
      const type = typeof message?.type === 'string' ? message.type : undefined;
      if (!message || !type) throw new AppError('VALIDATION_FAILED', 'message.type is required.');
      const call = (message.call ?? {}) as VapiCallRef;
      if (!(await handlers.owns(orgId, call)))
        throw new AppError('FORBIDDEN', 'This call does not belong to the organisation of this secret.');
      // Vapi's timestamp identifies a message; without one, its content does.
      const key = `${call.id ?? 'no-call'}:${type}:${String(message.timestamp ?? digestOf(input.body))}`;
      // Tool calls and assistant requests are answered here: stored as handled, the processor has
      // nothing left to do with them (and no claim and release to write per tool call).
      const handled = type === 'tool-calls' || type === 'assistant-request';
      const event = { provider: 'vapi' as const, kind: type, eventKey: key, payload: input.body, handled };

      if (type === 'tool-calls') {
        // Answered now (Vapi waits, the caller hears silence): the tools' writes and the event's insert
        // are one transaction. Bookings are idempotent on the tool call id, so a retried delivery gets
        // the same answers.
        const toolCalls = readToolCalls(message);
        const tools = await handlers.prepareToolCalls(orgId, call);
        const answerAll = (tx?: OrgTx) =>
          Promise.all(toolCalls.map((tc) => answer(orgId, tc, () => tools.run(tc, tx))));
        let stored: { duplicate: boolean };
        let answers: Awaited<ReturnType<typeof answerAll>>;
        if (!toolCalls.some((tc) => tools.writes(tc))) {
          // Reads only (check_availability): nothing to commit with the event, so it joins the next
          // grouped insert while the tools read (one round trip each), and the answer waits for both.
          [answers, stored] = await Promise.all([answerAll(), events.record(orgId, event)]);
        } else {
          try {
            ({ value: answers, ...stored } = await events.recordAfter(orgId, event, answerAll));
          } catch (err) {
            // The shared transaction failed and rolled back whole (a statement error, a lost race): store
            // the event alone, then answer with each tool in its own transactions, as they retry there.
            log?.warn({ err, orgId }, 'tool calls answered outside the event transaction');
            stored = await events.record(orgId, event);
            answers = await answerAll();
          }
        }
        tools.answered?.(
          answers.flatMap((a, i) => (a.ok ? [{ toolCall: toolCalls[i]!, result: a.result }] : [])),
        );
        return { orgId, type, duplicate: stored.duplicate, reply: { results: answers.map((a) => a.entry) } };
      }
      const stored = await events.record(orgId, event);
      if (type === 'assistant-request') {
        return {
          orgId,
          type,
          duplicate: stored.duplicate,
          reply: await handlers.assistantRequest(orgId, call),
        };
      }
      wake(stored.id);
      return { orgId, type, duplicate: stored.duplicate, reply: {} };
    },
  };
}
