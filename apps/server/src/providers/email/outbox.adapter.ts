import type { OutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import type { Logger } from '../../lib/logger.ts';
import type { EmailMessage, EmailPort } from './email.port.ts';

/** Without SMTP, mail is kept in the database so verification and magic links still work offline. */
export function outboxEmail(outbox: OutboxRepository, log: Logger): EmailPort {
  return {
    delivers: false,
    async send(message: EmailMessage) {
      const id = await outbox.add({
        channel: 'email',
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
      });
      log.info(
        { outboxId: id, subject: message.subject },
        'email stored in the outbox (no SMTP_URL configured)',
      );
    },
  };
}
