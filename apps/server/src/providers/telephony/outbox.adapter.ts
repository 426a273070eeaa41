import type { OutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import type { Logger } from '../../lib/logger.ts';
import { ProviderError } from '../provider-error.ts';
import type { TelephonyPort } from './telephony.port.ts';

const notConfigured = (): ProviderError =>
  new ProviderError({
    provider: 'twilio',
    code: 'twilio.notConfigured',
    retryable: false,
    userMessage: 'No Twilio account is connected yet. Connect Twilio in Settings first.',
  });

/**
 * Until a telephony provider is configured, system SMS (login codes) land in the outbox. Everything that
 * needs a real phone account (numbers, calls, webhooks) fails with a clear "connect Twilio" error instead
 * of pretending to work.
 */
export function outboxTelephony(outbox: OutboxRepository, log: Logger): TelephonyPort {
  const fail = async (): Promise<never> => {
    throw notConfigured();
  };
  return {
    async sendSms({ to, body }) {
      const id = await outbox.add({ channel: 'sms', to, subject: null, text: body, html: null });
      log.info({ outboxId: id }, 'SMS stored in the outbox (no telephony provider configured)');
      return { sid: `outbox-${String(id)}`, status: 'queued', segments: 1, price: null };
    },
    verifyCredentials: fail,
    searchAvailableNumbers: fail,
    buyNumber: fail,
    listNumbers: fail,
    updateNumberWebhooks: fail,
    releaseNumber: fail,
    getMessage: fail,
    listMessages: fail,
    listCalls: fail,
    // Nothing can have been signed for us without a connected account.
    validateWebhook: () => false,
  };
}
