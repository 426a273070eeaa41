import type { OutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TelephonyPort } from './telephony.port.ts';

/** Until a telephony provider is configured, system SMS (login codes) land in the outbox. */
export function outboxTelephony(outbox: OutboxRepository, log: Logger): TelephonyPort {
  return {
    async sendSms({ to, body }) {
      const id = await outbox.add({ channel: 'sms', to, subject: null, text: body, html: null });
      log.info({ outboxId: id }, 'SMS stored in the outbox (no telephony provider configured)');
    },
  };
}
