import type { Transporter } from 'nodemailer';
import type { EmailMessage, EmailPort } from './email.port.ts';

export function smtpEmail(smtpUrl: string, from: string): EmailPort & { close(): void } {
  // nodemailer is loaded with the first email rather than at start-up (issue F, warm start).
  let transport: Transporter | undefined;
  return {
    delivers: true,
    async send(message: EmailMessage) {
      transport ??= (await import('nodemailer')).default.createTransport(smtpUrl);
      await transport.sendMail({ from, ...message });
    },
    close: () => transport?.close(),
  };
}
