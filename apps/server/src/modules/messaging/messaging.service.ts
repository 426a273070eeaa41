import {
  contactVariables,
  estimateSms,
  renderTemplate,
  toE164,
  type BulkBody,
  type BulkPreview,
  type MessagingSettings,
  type SendMessageBody,
} from '@ava/contracts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { deliveryErrorReason } from '../../providers/telephony/twilio.errors.ts';
import type { ContactRow, ContactsRepository } from '../contacts/contacts.repository.ts';
import type { CredentialsRepository } from '../credentials/credentials.repository.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import type { PhoneNumberRow, PhoneNumbersRepository } from '../phone-numbers/phone-numbers.repository.ts';
import type { ConversationsRepository } from './conversations.repository.ts';
import type { MessageRow, MessagingRepository, PlannedText, Sender } from './messaging.repository.ts';
import { afterQuietHours, type QuietHours } from './quiet-hours.ts';

/** Twilio's opt-out, opt-in and help keywords (PRODUCT §6): one word, any case, spaces and punctuation. */
const word = (body: string) =>
  body
    .trim()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .toLowerCase();
const STOP = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout']);
const START = new Set(['start', 'yes', 'unstop']);
const HELP = new Set(['help', 'info']);
export const keywordOf = (body: string) => {
  const w = word(body);
  return STOP.has(w) ? 'stop' : START.has(w) ? 'start' : HELP.has(w) ? 'help' : null;
};

const MANAGERS = ['owner', 'admin'];
const TOLL_FREE = /^\+18(00|33|44|55|66|77|88)/;

const defaults: Omit<MessagingSettings, 'timezone'> = {
  quietHoursEnabled: true,
  quietStart: '21:00',
  quietEnd: '08:00',
  helpText: null,
  aiTone: 'friendly',
  aiContext: null,
  aiHours: null,
  aiMaxPerHour: 3,
};

const helpTexts: Record<string, string> = {
  en: '{business}: reply STOP to stop receiving texts, START to resume.',
  fr: '{business} : répondez STOP pour ne plus recevoir de SMS, START pour les réactiver.',
  he: '{business}: השיבו STOP כדי להפסיק לקבל הודעות, START כדי לחדש.',
};

export type MessagingService = ReturnType<typeof messagingService>;

/** Segments per second a number may send: as configured, else Twilio's default (toll-free 3, long code 1). */
export const senderRate = (n: { smsRate: string | null; e164: string }) =>
  n.smsRate ? Number(n.smsRate) : TOLL_FREE.test(n.e164) ? 3 : 1;

export function messagingService(deps: {
  repo: MessagingRepository;
  conversations: ConversationsRepository;
  contacts: ContactsRepository;
  numbers: PhoneNumbersRepository;
  orgs: OrgsRepository;
  credentials: CredentialsRepository;
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  log: Logger;
  /** wakes this process's dispatcher: a text due now leaves without waiting for the next poll */
  kick: () => void;
  /** queues the AI reply to an inbound text (a job, so the webhook path never waits on a model) */
  aiReply?: (orgId: string, messageId: string) => Promise<void>;
  templateUsed?: (orgId: string, templateId: string) => Promise<void>;
}) {
  const { repo, conversations, contacts, numbers, orgs, credentials, log } = deps;

  async function settingsOf(orgId: string): Promise<MessagingSettings> {
    const [row, org] = await Promise.all([repo.settings(orgId), orgs.getOrg(orgId)]);
    const timezone = org?.timezone ?? 'UTC';
    if (!row) return { ...defaults, timezone };
    return {
      quietHoursEnabled: row.quietHoursEnabled,
      quietStart: row.quietStart,
      quietEnd: row.quietEnd,
      helpText: row.helpText,
      aiTone: row.aiTone,
      aiContext: row.aiContext,
      aiHours: row.aiHours ?? null,
      aiMaxPerHour: row.aiMaxPerHour,
      timezone,
    };
  }

  const quietOf = (s: MessagingSettings): QuietHours | null =>
    s.quietHoursEnabled ? { start: s.quietStart, end: s.quietEnd, tz: s.timezone } : null;

  const canSend = (n: PhoneNumberRow) => n.source === 'twilio' && n.capabilities.sms;
  const senderOf = (n: PhoneNumberRow): Sender => ({ id: n.id, e164: n.e164, rate: senderRate(n) });

  /**
   * Who sends: the number chosen, else the conversation's number, else rotation across the numbers
   * flagged for it, else the org's first SMS number. `fixed` null means rotation decides per text.
   */
  async function sendersFor(orgId: string, chosen: string | undefined, threadNumber: string | null) {
    const all = (await numbers.list(orgId)).filter(canSend);
    if (chosen && chosen !== 'rotation') {
      const n = all.find((x) => x.id === chosen);
      if (!n) throw new AppError('NO_SENDER', 'The chosen number cannot send texts.');
      return { senders: [senderOf(n)], fixed: n.id };
    }
    const rotation = all.filter((n) => n.rotation);
    if (chosen === 'rotation' || !threadNumber) {
      if (rotation.length) return { senders: rotation.map(senderOf), fixed: null };
    }
    const thread = all.find((n) => n.id === threadNumber);
    const one = thread ?? all[0];
    if (!one) throw new AppError('NO_SENDER');
    return { senders: [senderOf(one)], fixed: one.id };
  }

  /** Real (non-sandbox) Twilio texts cost money: like buying a number, they need a verified email. */
  async function requireSendable(ctx: OrgContext) {
    const account = await credentials.get(ctx.orgId, 'twilio');
    if (!account) throw new AppError('NO_SENDER', 'Connect your Twilio account to send texts.');
    if (!account.sandbox && !ctx.user.emailVerified)
      throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address before sending texts.');
  }

  const countryOf = (e164: string) => parsePhoneNumberFromString(e164)?.country ?? null;

  async function normalise(orgId: string, raw: string) {
    const org = await orgs.getOrg(orgId);
    return toE164(raw, (org?.country ?? undefined) as CountryCode | undefined);
  }

  const invalidNumber = () =>
    new AppError('VALIDATION_FAILED', 'Not a valid phone number.', [
      { path: 'to', code: 'custom', message: 'validation.phone' },
    ]);

  return {
    settings: settingsOf,

    async updateSettings(ctx: OrgContext, patch: Partial<Omit<MessagingSettings, 'timezone'>>) {
      if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
      await repo.saveSettings(ctx.orgId, patch);
      return settingsOf(ctx.orgId);
    },

    // ---- inbound ----

    async inbound(orgId: string, p: Record<string, string>) {
      const from = p.From ?? '';
      const to = p.To ?? '';
      const body = p.Body ?? '';
      const contact = await contacts.matchOrCreate(orgId, from);
      const number = (await numbers.list(orgId)).find((n) => n.e164 === to);
      const media = Array.from({ length: Number(p.NumMedia ?? 0) }, (_, i) => p[`MediaUrl${i}`]).filter(
        (u): u is string => Boolean(u),
      );
      const stored = await repo.insertInbound(orgId, {
        contactId: contact.id,
        phoneNumberId: number?.id ?? null,
        from,
        to,
        body,
        twilioSid: p.MessageSid ?? p.SmsSid ?? '',
        segments: p.NumSegments ? Number(p.NumSegments) : null,
        mediaUrls: media.length ? media : null,
      });
      if (!stored) return; // a replay of a message already handled
      const keyword = keywordOf(body);
      // Twilio itself answers STOP/START and blocks sends; AVA mirrors the opt-out so it never tries.
      if (keyword === 'stop') await repo.setOptOut(orgId, contact.id, true);
      else if (keyword === 'start') await repo.setOptOut(orgId, contact.id, false);
      else if (keyword === 'help' && number && canSend(number)) {
        const [settings, org] = await Promise.all([settingsOf(orgId), orgs.getOrg(orgId)]);
        const lang = number.country === 'FR' ? 'fr' : number.country === 'IL' ? 'he' : 'en';
        const template = settings.helpText ?? helpTexts[lang]!;
        const text = renderTemplate(template, { business: org?.name ?? '' }).text;
        await repo.plan(orgId, {
          senders: [senderOf(number)],
          texts: [autoText(contact.id, from, text, number.id, `help:${stored.id}`)],
          notBefore: Date.now(),
          quiet: null,
        });
        deps.kick();
      } else if (!keyword && number?.aiReplies && !contact.optedOutAt && deps.aiReply) {
        await deps.aiReply(orgId, stored.id);
      }
      log.info({ orgId, contactId: contact.id }, 'inbound SMS stored');
    },

    /** A status callback. Throws for a SID not stored yet so the job retries (callback raced the send). */
    async status(orgId: string, p: Record<string, string>, receivedAt: Date) {
      const sid = p.MessageSid ?? p.SmsSid ?? '';
      const status = p.MessageStatus ?? p.SmsStatus ?? '';
      const code = p.ErrorCode ? Number(p.ErrorCode) : null;
      const outcome = await repo.applyStatus(orgId, sid, {
        status,
        errorCode: code,
        errorReason: deliveryErrorReason(code)?.reason ?? null,
        ...(p.Price ? { price: Number(p.Price) } : {}),
      });
      if (outcome === 'unknown' && Date.now() - receivedAt.getTime() < 120_000)
        throw new Error(`status for ${sid} arrived before the send was recorded; retrying`);
      // Callbacks carry no price: once the text is final, ask Twilio what it cost (best effort, the
      // analytics estimate from the price table until then). Only on a final status, so a storm of
      // callbacks costs one lookup per text, not one per callback.
      if (outcome === 'applied' && !p.Price && ['delivered', 'undelivered', 'failed'].includes(status)) {
        try {
          const price = (await (await deps.telephonyFor(orgId)).getMessage(sid)).price;
          if (price !== null) await repo.setPrice(orgId, sid, price);
        } catch (err) {
          log.debug({ err, orgId }, 'price not fetched yet');
        }
      }
    },

    // ---- sending ----

    async send(ctx: OrgContext, input: SendMessageBody & { source?: 'inbox' | 'scheduled' }) {
      const existing = await repo.byIdempotencyKey(ctx.orgId, input.idempotencyKey);
      if (existing) return existing;
      await requireSendable(ctx);
      let contact;
      let threadNumber: string | null = null;
      if (input.conversationId) {
        const conv = await conversations.get(ctx.orgId, input.conversationId);
        if (!conv) throw new AppError('NOT_FOUND');
        contact = conv.contact;
        threadNumber = conv.conversation.phoneNumberId;
      } else if (input.contactId) {
        contact = await contacts.get(ctx.orgId, input.contactId);
        if (!contact) throw new AppError('NOT_FOUND');
      } else {
        const e164 = await normalise(ctx.orgId, input.to ?? '');
        if (!e164) throw invalidNumber();
        contact = await contacts.matchOrCreate(ctx.orgId, e164);
      }
      if (contact.optedOutAt) throw new AppError('OPTED_OUT');
      const { senders, fixed } = await sendersFor(ctx.orgId, input.phoneNumberId, threadNumber);
      const settings = await settingsOf(ctx.orgId);
      const later = input.sendAt ? Date.parse(input.sendAt) : null;
      const est = estimateSms(input.body, countryOf(contact.e164));
      const [message] = await repo.plan(ctx.orgId, {
        senders,
        texts: [
          {
            contactId: contact.id,
            to: contact.e164,
            body: input.body,
            segments: est.segments,
            encoding: est.encoding,
            country: countryOf(contact.e164),
            senderId: fixed,
            source: later ? 'scheduled' : (input.source ?? 'inbox'),
            idempotencyKey: input.idempotencyKey,
            templateId: input.templateId ?? null,
            createdBy: ctx.user.id,
          },
        ],
        notBefore: later ?? Date.now(),
        // Quiet hours hold back what is planned for later, never a reply typed now.
        quiet: later ? quietOf(settings) : null,
      });
      // Lost a race with the same key: the other request planned it.
      const row = message ?? (await repo.byIdempotencyKey(ctx.orgId, input.idempotencyKey))!;
      if (input.templateId) await deps.templateUsed?.(ctx.orgId, input.templateId);
      deps.kick();
      return row;
    },

    async editScheduled(ctx: OrgContext, id: string, patch: { body?: string; sendAt?: string }) {
      const current = await repo.get(ctx.orgId, id);
      if (!current) throw new AppError('NOT_FOUND');
      const settings = await settingsOf(ctx.orgId);
      const q = quietOf(settings);
      const values: Parameters<MessagingRepository['updatePending']>[2] = {};
      if (patch.body) {
        const est = estimateSms(patch.body, current.country);
        Object.assign(values, { body: patch.body, segments: est.segments, encoding: est.encoding });
      }
      if (patch.sendAt) {
        const at = Date.parse(patch.sendAt);
        values.sendAt = new Date(q ? afterQuietHours(at, q) : at);
      }
      const row = await repo.updatePending(ctx.orgId, id, values);
      if (!row) throw new AppError('CONFLICT', 'This text has already been sent.');
      deps.kick();
      return row;
    },

    async cancelScheduled(ctx: OrgContext, id: string) {
      if (!(await repo.get(ctx.orgId, id))) throw new AppError('NOT_FOUND');
      const row = await repo.updatePending(ctx.orgId, id, { status: 'canceled' });
      if (!row) throw new AppError('CONFLICT', 'This text has already been sent.');
      return row;
    },

    scheduled: (ctx: OrgContext) => repo.scheduled(ctx.orgId),

    // ---- bulk ----

    async previewBulk(ctx: OrgContext, input: BulkBody): Promise<BulkPreview & { plan: PlannedText[] }> {
      const org = await orgs.getOrg(ctx.orgId);
      const sel = input.recipients;
      const chosen = await repo.selectContacts(ctx.orgId, {
        ...(sel.contactIds ? { contactIds: sel.contactIds } : {}),
        ...(sel.tags ? { tags: sel.tags } : {}),
        ...(sel.q ? { q: sel.q } : {}),
      });
      const skipped: BulkPreview['skipped'] = [];
      const seen = new Set<string>();
      const recipients: ContactRow[] = [];
      const found = new Set(chosen.map((c) => c.id));
      for (const id of sel.contactIds ?? [])
        if (!found.has(id)) skipped.push({ contactId: id, e164: null, reason: 'unknownContact' });
      for (const c of chosen) {
        if (seen.has(c.e164)) skipped.push({ contactId: c.id, e164: c.e164, reason: 'duplicate' });
        else if (c.optedOutAt) skipped.push({ contactId: c.id, e164: c.e164, reason: 'optedOut' });
        else recipients.push(c);
        seen.add(c.e164);
      }
      for (const raw of sel.numbers ?? []) {
        const e164 = toE164(raw, (org?.country ?? undefined) as CountryCode | undefined);
        if (!e164) {
          skipped.push({ contactId: null, e164: raw, reason: 'invalidNumber' });
          continue;
        }
        if (seen.has(e164)) {
          skipped.push({ contactId: null, e164, reason: 'duplicate' });
          continue;
        }
        seen.add(e164);
        const c = await contacts.matchOrCreate(ctx.orgId, e164);
        if (c.optedOutAt) skipped.push({ contactId: c.id, e164, reason: 'optedOut' });
        else recipients.push(c);
      }
      const { senders, fixed } = await sendersFor(ctx.orgId, input.phoneNumberId ?? 'rotation', null);
      const unknown = new Set<string>();
      let cost = 0;
      // Each number is parsed once (libphonenumber is the costliest step of a 10,000-recipient preview).
      const plan: PlannedText[] = recipients.map((c) => {
        const r = renderTemplate(input.body, contactVariables(c, org?.name ?? ''));
        r.unknown.forEach((u) => unknown.add(u));
        const country = countryOf(c.e164);
        const est = estimateSms(r.text, country);
        cost += est.costUsd;
        return {
          contactId: c.id,
          to: c.e164,
          body: r.text,
          segments: est.segments,
          encoding: est.encoding,
          country,
          senderId: fixed,
          source: 'bulk' as const,
          templateId: input.templateId ?? null,
          createdBy: ctx.user.id,
        };
      });
      const settings = await settingsOf(ctx.orgId);
      const requested = input.sendAt ? Date.parse(input.sendAt) : Date.now();
      const q = quietOf(settings);
      const startsAt = q ? afterQuietHours(requested, q) : requested;
      // Duration at the senders' combined rate (the real plan also waits behind earlier sends).
      const segments = plan.reduce((a, t) => a + t.segments, 0);
      const rate = senders.reduce((a, s) => a + s.rate, 0);
      const firstEncoding = plan.some((t) => t.encoding === 'UCS-2') ? 'UCS-2' : 'GSM-7';
      return {
        recipients: plan.length,
        skipped,
        segments,
        costUsd: Math.round(cost * 1e4) / 1e4,
        encoding: firstEncoding,
        unknownVariables: [...unknown],
        samples: plan.slice(0, 3).map((t) => ({
          to: t.to,
          name: recipients.find((c) => c.id === t.contactId)?.name ?? null,
          text: t.body,
        })),
        startsAt: new Date(startsAt).toISOString(),
        shiftedByQuietHours: startsAt !== requested,
        finishesAt: new Date(startsAt + (segments / Math.max(rate, 0.1)) * 1000).toISOString(),
        senders: senders.length,
        plan,
      };
    },

    async createBulk(ctx: OrgContext, input: BulkBody) {
      await requireSendable(ctx);
      const { plan, ...preview } = await this.previewBulk(ctx, input);
      if (!plan.length) throw new AppError('UNPROCESSABLE', 'Every recipient was skipped.', preview.skipped);
      const { senders } = await sendersFor(ctx.orgId, input.phoneNumberId ?? 'rotation', null);
      const settings = await settingsOf(ctx.orgId);
      const requested = input.sendAt ? new Date(input.sendAt) : new Date();
      const bulk = await repo.insertBulk(ctx.orgId, {
        name: input.name,
        body: input.body,
        templateId: input.templateId ?? null,
        status: Date.parse(preview.startsAt) > Date.now() + 60_000 ? 'scheduled' : 'sending',
        requestedAt: requested,
        startsAt: new Date(preview.startsAt),
        shiftedByQuietHours: preview.shiftedByQuietHours,
        phoneNumberId: input.phoneNumberId ?? null,
        total: plan.length,
        skipped: preview.skipped,
        createdBy: ctx.user.id,
      });
      await repo.planMany(ctx.orgId, {
        senders,
        texts: plan.map((t) => ({ ...t, bulkId: bulk.id, idempotencyKey: `bulk:${bulk.id}:${t.contactId}` })),
        notBefore: Date.parse(preview.startsAt),
        quiet: quietOf(settings),
      });
      if (input.templateId) await deps.templateUsed?.(ctx.orgId, input.templateId);
      deps.kick();
      return bulk.id;
    },

    async cancelBulk(ctx: OrgContext, id: string) {
      const [found] = await repo.bulks(ctx.orgId, id);
      if (!found) throw new AppError('NOT_FOUND');
      const canceled = await repo.cancelPendingOfBulk(ctx.orgId, id);
      await repo.updateBulk(ctx.orgId, id, { status: 'canceled' });
      await repo.releasePacing(ctx.orgId);
      return canceled;
    },

    async editBulk(ctx: OrgContext, id: string, patch: { name?: string; body?: string; sendAt?: string }) {
      const [found] = await repo.bulks(ctx.orgId, id);
      if (!found) throw new AppError('NOT_FOUND');
      const { bulk } = found;
      const started = Object.entries(found.counts).some(
        ([s, n]) => s !== 'pending' && s !== 'canceled' && n > 0,
      );
      if (patch.body || patch.sendAt) {
        if (bulk.status === 'canceled' || started || bulk.startsAt.getTime() <= Date.now())
          throw new AppError('CONFLICT', 'This send has started: cancel the rest instead.');
        // Re-plan from scratch: the pending texts are replaced by a new plan with the new text or time.
        await repo.cancelPendingOfBulk(ctx.orgId, id);
        const recipients = (await repo.bulkRecipients(ctx.orgId, id, { limit: 100_000, offset: 0 })).rows;
        const fresh = await this.previewBulk(ctx, {
          name: patch.name ?? bulk.name,
          body: patch.body ?? bulk.body,
          recipients: { contactIds: recipients.map((r) => r.message.contactId!).filter(Boolean) },
          ...(bulk.phoneNumberId ? { phoneNumberId: bulk.phoneNumberId } : {}),
          sendAt: patch.sendAt ?? bulk.requestedAt.toISOString(),
        });
        const settings = await settingsOf(ctx.orgId);
        const { senders } = await sendersFor(ctx.orgId, bulk.phoneNumberId ?? 'rotation', null);
        const version = Date.now().toString(36);
        await repo.planMany(ctx.orgId, {
          senders,
          texts: fresh.plan.map((t) => ({
            ...t,
            bulkId: id,
            idempotencyKey: `bulk:${id}:${version}:${t.contactId}`,
          })),
          notBefore: Date.parse(fresh.startsAt),
          quiet: quietOf(settings),
        });
        await repo.updateBulk(ctx.orgId, id, {
          body: patch.body ?? bulk.body,
          ...(patch.sendAt ? { requestedAt: new Date(patch.sendAt) } : {}),
          startsAt: new Date(fresh.startsAt),
          shiftedByQuietHours: fresh.shiftedByQuietHours,
          total: fresh.plan.length,
        });
      }
      if (patch.name) await repo.updateBulk(ctx.orgId, id, { name: patch.name });
      deps.kick();
    },

    bulks: (ctx: OrgContext, id?: string) => repo.bulks(ctx.orgId, id),
    bulkRecipients: (ctx: OrgContext, id: string, q: { status?: string; limit: number; offset: number }) =>
      repo.bulkRecipients(ctx.orgId, id, q),
  };
}

function autoText(contactId: string, to: string, body: string, senderId: string, key: string): PlannedText {
  const est = estimateSms(body);
  return {
    contactId,
    to,
    body,
    segments: est.segments,
    encoding: est.encoding,
    senderId,
    source: 'auto',
    idempotencyKey: key,
  };
}

export type { MessageRow };
