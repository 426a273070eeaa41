import type { Logger } from '../../lib/logger.ts';
import { deliveryErrorReason } from '../../providers/telephony/twilio.errors.ts';
import type { ContactsRepository } from '../contacts/contacts.repository.ts';
import type { MessagingRepository } from './messaging.repository.ts';

/** Twilio's standard opt-out and opt-in keywords (any case, surrounding spaces), as PRODUCT §6 lists them. */
const STOP = /^\s*(stop|stopall|unsubscribe|cancel|end|quit)\s*$/i;
const START = /^\s*(start|yes|unstop)\s*$/i;

export type MessagingService = ReturnType<typeof messagingService>;

/** Turns stored Twilio webhooks into the org's messages, contacts and opt-outs. Safe to run twice. */
export function messagingService(deps: {
  repo: MessagingRepository;
  contacts: ContactsRepository;
  numberIdFor: (orgId: string, e164: string) => Promise<string | null>;
  log: Logger;
}) {
  const { repo, contacts, numberIdFor, log } = deps;
  return {
    async inbound(orgId: string, p: Record<string, string>) {
      const from = p.From ?? '';
      const to = p.To ?? '';
      const sid = p.MessageSid ?? p.SmsSid ?? '';
      const body = p.Body ?? '';
      const contact = await contacts.matchOrCreate(orgId, from);
      const stored = await repo.insertInbound(orgId, {
        contactId: contact.id,
        phoneNumberId: await numberIdFor(orgId, to),
        from,
        to,
        body,
        twilioSid: sid,
        segments: p.NumSegments ? Number(p.NumSegments) : null,
      });
      if (!stored) return; // a replay of a message already handled
      // Twilio itself answers STOP/START/HELP and blocks sends; AVA mirrors the opt-out so it never tries.
      if (STOP.test(body)) await repo.setOptOut(orgId, contact.id, true);
      else if (START.test(body)) await repo.setOptOut(orgId, contact.id, false);
      log.info({ orgId, contactId: contact.id }, 'inbound SMS stored');
    },

    async status(orgId: string, p: Record<string, string>) {
      const sid = p.MessageSid ?? p.SmsSid ?? '';
      const status = p.MessageStatus ?? p.SmsStatus ?? '';
      const code = p.ErrorCode ? Number(p.ErrorCode) : null;
      const reason = code ? (deliveryErrorReason(code)?.userMessage ?? null) : null;
      await repo.applyStatus(orgId, sid, {
        status,
        errorCode: code,
        errorReason: reason,
        ...(p.Price ? { price: p.Price } : {}),
      });
    },
  };
}
