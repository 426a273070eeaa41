import nodemailer from 'nodemailer';
import type { EmailMessage, EmailPort } from './email.port.ts';

export function smtpEmail(smtpUrl: string, from: string): EmailPort & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    delivers: true,
    async send(message: EmailMessage) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}
