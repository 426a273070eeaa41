import { createHash } from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import type { Keyring } from '../../lib/secrets.ts';
import type { Logger } from '../../lib/logger.ts';
import { ttlCache } from '../../lib/ttl-cache.ts';
import { decrypt } from '../../lib/secrets.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';
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

/** What AVA does with Vapi's messages once they are verified and stored. */
export type VapiHandlers = {
  /** the call's assistant or number belongs to this org (a secret alone does not grant another org's calls) */
  owns(orgId: string, call: VapiCallRef): Promise<boolean>;
  toolCall(orgId: string, call: VapiCallRef, toolCall: VapiToolCall): Promise<unknown>;
  assistantRequest(orgId: string, call: VapiCallRef): Promise<Record<string, unknown>>;
  /** informational messages (status, end-of-call report) are processed by a job after the 2xx */
  enqueue(orgId: string, eventId: string): Promise<void>;
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

/**
 * Verify, store, acknowledge: nothing is stored unless the provider proved who it is, and a provider's
 * retry of an event already stored is acknowledged without being stored twice.
 */
export function webhooksService(deps: {
  credentials: CredentialsRepository;
  events: WebhooksRepository;
  keyring: Keyring;
  vapi: VapiHandlers;
  /** inbound SMS and status callbacks are processed by a job after the 2xx */
  twilio?: { enqueue(orgId: string, eventId: string): Promise<void> };
  log?: Logger;
}) {
  const { credentials, events, keyring, vapi: handlers, log, twilio: twilioEvents } = deps;
  // Every server message of a call carries the secret: one lookup a minute per org is enough.
  const secrets = ttlCache<string>(60_000);

  async function verifyTwilio(input: {
    url: string;
    params: Record<string, string>;
    signature: string | undefined;
  }) {
    if (!input.signature) throw new AppError('UNAUTHENTICATED', 'Missing X-Twilio-Signature.');
    const accountSid = input.params.AccountSid;
    const account = accountSid ? await credentials.findTwilioAccount(accountSid) : undefined;
    // An unknown account and a wrong signature look the same from outside.
    if (!account || !accountSid) throw new AppError('FORBIDDEN', 'Invalid Twilio signature.');
    const telephony = createTwilioTelephony({
      accountSid,
      authToken: decrypt(keyring, account.secretEncrypted),
    });
    if (!telephony.validateWebhook({ url: input.url, params: input.params, signature: input.signature })) {
      throw new AppError('FORBIDDEN', 'Invalid Twilio signature.');
    }
    return account.orgId;
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
      if (stored.id) await twilioEvents?.enqueue(orgId, stored.id);
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
      if (stored.id) await twilioEvents?.enqueue(orgId, stored.id);
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
      const digest = createHash('sha256').update(JSON.stringify(input.body)).digest('hex').slice(0, 16);
      const key = `${call.id ?? 'no-call'}:${type}:${String(message.timestamp ?? digest)}`;
      const stored = await events.record(orgId, {
        provider: 'vapi',
        kind: type,
        eventKey: key,
        payload: input.body,
      });

      if (type === 'tool-calls') {
        // Answered now (Vapi waits, the caller hears silence); bookings are idempotent on the tool call id,
        // so a retried delivery gets the same answers.
        const results = await Promise.all(
          readToolCalls(message).map(async (tc) => {
            try {
              const result = await handlers.toolCall(orgId, call, tc);
              return {
                toolCallId: tc.id,
                name: tc.name,
                result: typeof result === 'string' ? result : JSON.stringify(result),
              };
            } catch (err) {
              if (!(err instanceof AppError)) log?.error({ err, orgId, tool: tc.name }, 'tool call failed');
              const text =
                err instanceof AppError ? err.message : 'The booking system is not available right now.';
              return { toolCallId: tc.id, name: tc.name, error: text };
            }
          }),
        );
        return { orgId, type, duplicate: stored.duplicate, reply: { results } };
      }
      if (type === 'assistant-request') {
        return {
          orgId,
          type,
          duplicate: stored.duplicate,
          reply: await handlers.assistantRequest(orgId, call),
        };
      }
      if (stored.id) await handlers.enqueue(orgId, stored.id);
      return { orgId, type, duplicate: stored.duplicate, reply: {} };
    },
  };
}
