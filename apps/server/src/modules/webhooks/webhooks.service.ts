import { createHash } from 'node:crypto';
import { AppError } from '../../http/errors.ts';
import type { Keyring } from '../../lib/secrets.ts';
import { decrypt } from '../../lib/secrets.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';
import { verifyVapiSecret } from '../../providers/voice-agent/vapi.adapter.ts';
import type { CredentialsRepository } from '../credentials/credentials.repository.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

export type WebhooksService = ReturnType<typeof webhooksService>;

/**
 * Verify, store, acknowledge: nothing is stored unless the provider proved who it is, and a provider's
 * retry of an event already stored is acknowledged without being stored twice.
 */
export function webhooksService(deps: {
  credentials: CredentialsRepository;
  events: WebhooksRepository;
  keyring: Keyring;
}) {
  const { credentials, events, keyring } = deps;

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
      return {
        orgId,
        ...(await events.record(orgId, {
          provider: 'twilio',
          kind: 'message.inbound',
          eventKey: `in:${sid}`,
          payload: input.params,
        })),
      };
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
      return {
        orgId,
        ...(await events.record(orgId, {
          provider: 'twilio',
          kind: 'message.status',
          eventKey: `status:${sid}:${status}`,
          payload: input.params,
        })),
      };
    },

    /**
     * Vapi sends the org's secret back in X-Vapi-Secret ("<orgId>.<random>"): the prefix names the org,
     * the whole value is compared in constant time with the one stored for it.
     */
    async vapi(input: { secret: string | undefined; body: unknown }) {
      if (!input.secret) throw new AppError('UNAUTHENTICATED', 'Missing X-Vapi-Secret.');
      const orgId = input.secret.split('.')[0] ?? '';
      const sealed = orgId ? await credentials.getWebhookSecret(orgId) : undefined;
      if (!sealed || !verifyVapiSecret(decrypt(keyring, sealed), input.secret))
        throw new AppError('FORBIDDEN', 'Invalid X-Vapi-Secret.');
      const message = (
        input.body as
          { message?: { type?: string; call?: { id?: string }; timestamp?: number | string } } | undefined
      )?.message;
      if (!message?.type) throw new AppError('VALIDATION_FAILED', 'message.type is required.');
      const digest = createHash('sha256').update(JSON.stringify(input.body)).digest('hex').slice(0, 16);
      const key = `${message.call?.id ?? 'no-call'}:${message.type}:${message.timestamp ?? digest}`;
      return {
        orgId,
        type: message.type,
        ...(await events.record(orgId, {
          provider: 'vapi',
          kind: message.type,
          eventKey: key,
          payload: input.body,
        })),
      };
    },
  };
}
