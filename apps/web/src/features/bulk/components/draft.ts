import { bulkBodySchema, type BulkBody } from '@ava/contracts';
import { fromZoned } from './zoned-time';

export type PickedContact = { id: string; name: string | null; e164: string };

/** Everything the "New bulk send" steps collect before the preview. */
export type Draft = {
  /** picked by hand, kept across searches */
  contacts: Record<string, PickedContact>;
  /** "everyone matching this search" instead of ticking them one by one */
  matchQuery: string | null;
  tags: string[];
  numbersText: string;
  name: string;
  body: string;
  templateId: string | null;
  /** 'rotation' or a number's id */
  sender: string;
  when: 'now' | 'later';
  date: string;
  time: string;
};

export const emptyDraft = (name: string): Draft => ({
  contacts: {},
  matchQuery: null,
  tags: [],
  numbersText: '',
  name,
  body: '',
  templateId: null,
  sender: 'rotation',
  when: 'now',
  date: '',
  time: '',
});

/** Pasted numbers: one per line, or separated by commas or semicolons. */
export const parseNumbers = (text: string) =>
  text
    .split(/[\n,;\t]+/)
    .map((n) => n.trim())
    .filter(Boolean);

export const hasRecipients = (d: Draft) =>
  Object.keys(d.contacts).length > 0 ||
  Boolean(d.matchQuery) ||
  d.tags.length > 0 ||
  parseNumbers(d.numbersText).length > 0;

export type StepErrors = Partial<
  Record<'recipients' | 'name' | 'body' | 'sender' | 'sendAt', { message: string; type?: string }>
>;

export function validateRecipients(d: Draft): StepErrors {
  return hasRecipients(d) ? {} : { recipients: { message: 'validation.noRecipients' } };
}

export function validateMessage(d: Draft): StepErrors {
  const errors: StepErrors = {};
  const name = bulkBodySchema.shape.name.safeParse(d.name);
  if (!name.success)
    errors.name = { message: name.error.issues[0]!.message, type: name.error.issues[0]!.code };
  const body = bulkBodySchema.shape.body.safeParse(d.body);
  if (!body.success)
    errors.body = { message: body.error.issues[0]!.message, type: body.error.issues[0]!.code };
  return errors;
}

export function validateTiming(d: Draft, timeZone: string, now = Date.now()): StepErrors {
  if (d.when === 'now') return {};
  const at = fromZoned(d.date, d.time, timeZone);
  if (!at) return { sendAt: { message: 'bulk.timing.invalid' } };
  if (Date.parse(at) < now) return { sendAt: { message: 'bulk.timing.past' } };
  return {};
}

/** The request both the preview and the send use, so what is previewed is exactly what is sent. */
export function toBody(d: Draft, timeZone: string): BulkBody {
  const contactIds = Object.keys(d.contacts);
  const numbers = parseNumbers(d.numbersText);
  const sendAt = d.when === 'later' ? fromZoned(d.date, d.time, timeZone) : null;
  return {
    name: d.name.trim(),
    body: d.body,
    ...(d.templateId ? { templateId: d.templateId } : {}),
    recipients: {
      ...(contactIds.length ? { contactIds } : {}),
      ...(d.matchQuery ? { q: d.matchQuery } : {}),
      ...(d.tags.length ? { tags: d.tags } : {}),
      ...(numbers.length ? { numbers } : {}),
    },
    ...(d.sender !== 'rotation' ? { phoneNumberId: d.sender } : {}),
    ...(sendAt ? { sendAt } : {}),
  };
}
