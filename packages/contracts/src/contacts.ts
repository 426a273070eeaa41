import { z } from 'zod';
import { idParam } from './orgs.ts';

// ---- limits shared by the server and the web app ----------------------------------------------

/** A CSV import: about 2 MB of text and at most 10,000 contacts in one go. */
export const CONTACTS_CSV_MAX_CHARS = 2 * 1024 * 1024;
export const CONTACTS_CSV_MAX_ROWS = 10_000;
export const CONTACT_TAGS_MAX = 20;

// ---- contacts ---------------------------------------------------------------------------------

export const contactSchema = z.object({
  id: z.string(),
  /** always E.164 */
  e164: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  /** extra columns from a CSV import, usable as `{key}` in templates */
  fields: z.record(z.string(), z.string()),
  /** replied STOP (or was marked by hand): AVA will not text them until they text START */
  optedOut: z.boolean(),
  optedOutAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactSorts = ['newest', 'name'] as const;

export const tagSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(40, { message: 'validation.codes.too_big' });

export const listContactsQuerySchema = z.object({
  /** over name, number (any format) and email */
  q: z.string().trim().max(100).optional(),
  tag: tagSchema.optional(),
  optedOut: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: z.enum(contactSorts).default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListContactsQuery = z.input<typeof listContactsQuerySchema>;

export const contactsPageSchema = z.object({
  contacts: z.array(contactSchema),
  total: z.number(),
  hasMore: z.boolean(),
  /** the organisation's country: numbers typed without a country code are read as this country's */
  country: z.string().nullable(),
});
export type ContactsPage = z.infer<typeof contactsPageSchema>;

export const contactTagsSchema = z.object({
  tags: z.array(z.object({ tag: z.string(), count: z.number() })),
});
export type ContactTags = z.infer<typeof contactTagsSchema>;

/** Custom field names must work as template variables (`{company}`), so: a letter, then a-z 0-9 _. */
export const fieldKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'validation.invalid' });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: 'validation.codes.too_big' })
    .transform((v) => v || null)
    .nullable();

const emailSchema = z
  .string()
  .trim()
  .max(254, { message: 'validation.email' })
  .transform((v) => v.toLowerCase() || null)
  .pipe(z.email({ message: 'validation.email' }).nullable())
  .nullable();

const tagsSchema = z
  .array(tagSchema)
  .max(CONTACT_TAGS_MAX, { message: 'validation.codes.too_big' })
  .transform((tags) => [...new Set(tags)]);

const fieldsSchema = z
  .record(fieldKeySchema, z.string().trim().max(500, { message: 'validation.codes.too_big' }))
  .refine((f) => Object.keys(f).length <= 50, { message: 'validation.codes.too_big' });

export const createContactBodySchema = z.object({
  /** any format: national numbers are read in the organisation's country; stored as E.164 */
  e164: z.string().trim().min(1, { message: 'validation.required' }).max(40, { message: 'validation.phone' }),
  name: optionalText(120).optional(),
  email: emailSchema.optional(),
  notes: optionalText(2000).optional(),
  tags: tagsSchema.optional(),
  fields: fieldsSchema.optional(),
});
export type CreateContactBody = z.input<typeof createContactBodySchema>;

export const updateContactBodySchema = createContactBodySchema
  .partial()
  .extend({
    /**
     * true marks the contact opted out by hand. false is refused: only the contact can opt back in,
     * by texting START.
     */
    optedOut: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });
export type UpdateContactBody = z.input<typeof updateContactBodySchema>;

export const contactParamsSchema = z.object({ orgId: idParam, contactId: idParam });

// ---- CSV import -------------------------------------------------------------------------------

export const importCsvBodySchema = z.object({ csv: z.string() });
export type ImportCsvBody = z.infer<typeof importCsvBodySchema>;

/** What a column of the file was recognised as; anything else becomes a custom field. */
export const csvColumnRoles = [
  'phone',
  'name',
  'firstName',
  'lastName',
  'email',
  'tags',
  'notes',
  'field',
] as const;
export type CsvColumnRole = (typeof csvColumnRoles)[number];

/** Problems that keep a row out of the import. */
export const importRowErrors = ['missingNumber', 'invalidNumber', 'duplicateInFile'] as const;
/** Problems that only drop a value: the row is still imported. */
export const importRowWarnings = ['invalidEmail', 'tooManyTags', 'valueTooLong'] as const;
export type ImportRowError = (typeof importRowErrors)[number];
export type ImportRowWarning = (typeof importRowWarnings)[number];

export const importRowSchema = z.object({
  /** the line in the file (the header is line 1) */
  line: z.number(),
  /** the number as written in the file */
  phone: z.string(),
  e164: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  /** create a contact, update the one with this number, or skip the row because of its errors */
  action: z.enum(['create', 'update', 'skip']),
  /** the contact that will be updated */
  contactId: z.string().nullable(),
  /** for a duplicate in the file: the line that wins */
  duplicateOf: z.number().nullable(),
  errors: z.array(z.enum(importRowErrors)),
  warnings: z.array(z.enum(importRowWarnings)),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importPreviewSchema = z.object({
  columns: z.array(
    z.object({
      header: z.string(),
      role: z.enum(csvColumnRoles),
      /** the custom field (template variable) this column fills */
      field: z.string().nullable(),
    }),
  ),
  /** the file had no header row: columns were recognised from their values */
  headerless: z.boolean(),
  rows: z.array(importRowSchema),
  summary: z.object({ rows: z.number(), create: z.number(), update: z.number(), skip: z.number() }),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
