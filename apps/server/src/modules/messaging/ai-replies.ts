import { countSegments, type MessagingSettings } from '@ava/contracts';
import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { Logger } from '../../lib/logger.ts';
import type { LlmMessage, LlmPort } from '../../providers/llm/llm.port.ts';
import type { ContactsRepository } from '../contacts/contacts.repository.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import type { PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository.ts';
import type { MessagingRepository } from './messaging.repository.ts';
import { senderRate } from './messaging.service.ts';
import { withinWeeklyHours } from './quiet-hours.ts';

const tones = {
  professional: 'Be courteous, precise and professional.',
  friendly: 'Be warm and friendly, like a helpful front-desk person.',
  casual: 'Be relaxed and casual, short sentences, still polite.',
} as const;

/** Fits a reply into one SMS segment, cutting at a sentence, else a word, and marking the cut. */
export function oneSegment(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (countSegments(t).segments === 1) return t;
  const gsm = countSegments(t).encoding === 'GSM-7';
  const ellipsis = gsm ? '...' : '…';
  const limit = (gsm ? 160 : 70) - ellipsis.length;
  while (countSegments(t + ellipsis).segments > 1 || t.length > limit) {
    const cut = t.slice(0, Math.min(t.length - 1, limit));
    const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
    if (sentence > limit / 2) return cut.slice(0, sentence + 1);
    const space = cut.lastIndexOf(' ');
    t = (space > 0 ? cut.slice(0, space) : cut).trim();
  }
  return t + ellipsis;
}

/** The model sees alternating turns starting with the customer, as the LLM APIs require. */
function turns(history: { direction: string; body: string }[]): LlmMessage[] {
  const out: LlmMessage[] = [];
  for (const m of history) {
    const role = m.direction === 'inbound' ? 'user' : 'assistant';
    const last = out[out.length - 1];
    if (last?.role === role) last.content += `\n${m.body}`;
    else if (out.length || role === 'user') out.push({ role, content: m.body });
  }
  return out;
}

export const AI_REPLY = 'messaging.ai-reply';

/**
 * Answers an inbound text with the LLM, within the rules of PRODUCT §6: only where the number has AI
 * replies on, never to an opted-out contact, never outside the configured hours, at most N per contact
 * per hour, always one segment. Idempotent on the inbound message (its key), so a retry sends nothing new.
 */
export const aiReplyJob = (deps: {
  repo: MessagingRepository;
  contacts: ContactsRepository;
  numbers: PhoneNumbersRepository;
  orgs: OrgsRepository;
  settings: (orgId: string) => Promise<MessagingSettings>;
  llm: () => LlmPort | null;
  kick: () => void;
  log: Logger;
}) =>
  defineJob({
    name: AI_REPLY,
    schema: z.object({ orgId: z.string(), messageId: z.string() }),
    retryLimit: 2,
    handler: async ({ orgId, messageId }) => {
      const { repo, log } = deps;
      const inbound = await repo.get(orgId, messageId);
      if (!inbound?.contactId || !inbound.phoneNumberId) return;
      const [contact, number, settings, org] = await Promise.all([
        deps.contacts.get(orgId, inbound.contactId),
        deps.numbers.get(orgId, inbound.phoneNumberId),
        deps.settings(orgId),
        deps.orgs.getOrg(orgId),
      ]);
      const llm = deps.llm();
      if (!contact || contact.optedOutAt || !number?.aiReplies || !llm) return;
      if (!withinWeeklyHours(settings.aiHours, Date.now(), settings.timezone)) return;
      const since = new Date(Date.now() - 3600_000);
      if ((await repo.countAiSince(orgId, contact.id, since)) >= settings.aiMaxPerHour) {
        log.info({ orgId, contactId: contact.id }, 'AI reply skipped: hourly limit reached');
        return;
      }
      const history = turns(await repo.recentWithContact(orgId, contact.id, 12));
      const system = [
        `You answer text messages (SMS) for ${org?.name ?? 'a small business'}.`,
        settings.aiContext ? `About the business: ${settings.aiContext}` : '',
        tones[settings.aiTone],
        "Reply in the language of the customer's last message, in at most 150 characters, plain text, no emoji.",
        'Never invent prices, availability or facts you were not given; offer that someone will follow up instead.',
      ]
        .filter(Boolean)
        .join('\n');
      const completion = await llm.complete({ system, messages: history, maxTokens: 200 });
      const text = oneSegment(completion.text);
      if (!text) return;
      const est = countSegments(text);
      await repo.plan(orgId, {
        senders: [{ id: number.id, e164: number.e164, rate: senderRate(number) }],
        texts: [
          {
            contactId: contact.id,
            to: contact.e164,
            body: text,
            segments: est.segments,
            encoding: est.encoding,
            senderId: number.id,
            source: 'ai',
            ai: true,
            idempotencyKey: `ai:${messageId}`,
          },
        ],
        notBefore: Date.now(),
        quiet: null,
      });
      deps.kick();
      log.info({ orgId, contactId: contact.id }, 'AI reply planned');
    },
  });
