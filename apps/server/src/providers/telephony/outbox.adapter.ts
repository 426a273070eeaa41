import type { OutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SmsSender } from './telephony.port.ts';

/** With no Twilio account and no sandbox, system SMS (sign-in codes) land in the outbox and the log. */
export function outboxTelephony(outbox: OutboxRepository, log: Logger): SmsSender {
  return {
    async sendSms({ to, body }) {
      const id = await outbox.add({ channel: 'sms', to, subject: null, text: body, html: null });
      log.info({ outboxId: id }, 'SMS stored in the outbox (no telephony provider configured)');
    },
  };
}
