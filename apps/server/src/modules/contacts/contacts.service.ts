import {
  CONTACT_TAGS_MAX,
  CONTACTS_CSV_MAX_CHARS,
  CONTACTS_CSV_MAX_ROWS,
  toE164,
  type Contact,
  type ContactsPage,
  type ContactTags,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
  type ImportRowError,
  type ImportRowWarning,
  type Role,
  type createContactBodySchema,
  type listContactsQuerySchema,
  type updateContactBodySchema,
} from '@ava/contracts';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { detectColumns, extractRows } from './contacts.import.ts';
import type { ContactPatch, ContactRow, ContactsRepository, ContactValues } from './contacts.repository.ts';
import { parseCsv } from './csv.ts';

export type ContactsService = ReturnType<typeof contactsService>;

/** Deleting contacts and importing files change many rows at once: owners and admins only. */
const MANAGERS: Role[] = ['owner', 'admin'];

const isUniqueViolation = (err: unknown) =>
  String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505';

const validEmail = (v: string) => z.email().safeParse(v).success;

/**
 * E.164 for a number as people write it: in the org's country when it has no country code; else by
 * its own prefix ("+44…", "0044…", or the digits of an international number a spreadsheet stripped
 * of its "+").
 */
export function normaliseNumber(input: string, country: string | null): string | null {
  const value = input.trim();
  if (!value) return null;
  const region = (country ?? undefined) as CountryCode | undefined;
  const direct = toE164(value, region);
  if (direct) return direct;
  const digits = value.replace(/[^\d]/g, '');
  if (/^00\d/.test(digits)) return toE164(`+${digits.slice(2)}`);
  if (/^[\d\s().-]+$/.test(value) && digits.length >= 10) return toE164(`+${digits}`);
  return null;
}

export function toContactDto(row: ContactRow): Contact {
  return {
    id: row.id,
    e164: row.e164,
    name: row.name,
    email: row.email,
    notes: row.notes,
    tags: row.tags,
    fields: row.fields,
    optedOut: row.optedOutAt !== null,
    optedOutAt: row.optedOutAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const issue = (path: string, code: string, message: string, extra: object = {}) => [
  { path, code, message, ...extra },
];

const invalidNumber = () =>
  new AppError(
    'VALIDATION_FAILED',
    'This phone number is not valid.',
    issue('body.e164', 'custom', 'validation.phone'),
  );

function truncate(value: string, max: number, warnings: Set<ImportRowWarning>): string {
  if (value.length <= max) return value;
  warnings.add('valueTooLong');
  return value.slice(0, max);
}

export function contactsService(deps: { repo: ContactsRepository; orgs: Pick<OrgsRepository, 'getOrg'> }) {
  const { repo } = deps;
  const countryOf = async (orgId: string) => (await deps.orgs.getOrg(orgId))?.country ?? null;

  const assertManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  const found = async (orgId: string, id: string) => {
    const row = await repo.get(orgId, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  };

  /** The write, with a taken number answered as 409 pointing at the contact that has it. */
  async function guardDuplicate<T>(orgId: string, e164: string | undefined, write: () => Promise<T>) {
    try {
      return await write();
    } catch (err) {
      if (!e164 || !isUniqueViolation(err)) throw err;
      const [existing] = await repo.byNumbers(orgId, [e164]);
      throw new AppError(
        'CONFLICT',
        'A contact with this phone number already exists.',
        issue('body.e164', 'duplicate', 'contacts.errors.duplicate', { contactId: existing?.id ?? null }),
      );
    }
  }

  /** Reads the file and decides each row's fate; nothing is written. */
  async function analyse(orgId: string, csv: string): Promise<ImportPreview> {
    if (csv.length > CONTACTS_CSV_MAX_CHARS)
      throw new AppError('PAYLOAD_TOO_LARGE', 'A CSV import is limited to 2 MB.', {
        maxChars: CONTACTS_CSV_MAX_CHARS,
      });
    const records = parseCsv(csv);
    if (records.length === 0)
      throw new AppError(
        'VALIDATION_FAILED',
        'The file is empty.',
        issue('body.csv', 'empty', 'contacts.importDialog.errors.empty'),
      );
    const detected = detectColumns(records);
    if (!detected)
      throw new AppError(
        'VALIDATION_FAILED',
        'No column of phone numbers was found: name it "phone" (or number, mobile, téléphone, טלפון).',
        issue('body.csv', 'noPhoneColumn', 'contacts.importDialog.errors.noPhoneColumn'),
      );
    const raw = extractRows(records, detected.columns, detected.headerless);
    if (raw.length === 0)
      throw new AppError(
        'VALIDATION_FAILED',
        'The file has no rows.',
        issue('body.csv', 'empty', 'contacts.importDialog.errors.empty'),
      );
    if (raw.length > CONTACTS_CSV_MAX_ROWS)
      throw new AppError('PAYLOAD_TOO_LARGE', `At most ${CONTACTS_CSV_MAX_ROWS} rows per import.`, {
        maxRows: CONTACTS_CSV_MAX_ROWS,
      });

    const country = await countryOf(orgId);
    const firstLine = new Map<string, number>();
    const rows: ImportRow[] = raw.map((r) => {
      const errors: ImportRowError[] = [];
      const warnings = new Set<ImportRowWarning>();
      const e164 = r.phone ? normaliseNumber(r.phone, country) : null;
      let duplicateOf: number | null = null;
      if (!r.phone) errors.push('missingNumber');
      else if (!e164) errors.push('invalidNumber');
      else if (firstLine.has(e164)) {
        errors.push('duplicateInFile');
        duplicateOf = firstLine.get(e164)!;
      } else firstLine.set(e164, r.line);
      let email: string | null = r.email.toLowerCase() || null;
      if (email && (email.length > 254 || !validEmail(email))) {
        warnings.add('invalidEmail');
        email = null;
      }
      let tags = r.tags.map((t) => truncate(t, 40, warnings));
      if (tags.length > CONTACT_TAGS_MAX) {
        warnings.add('tooManyTags');
        tags = tags.slice(0, CONTACT_TAGS_MAX);
      }
      const fields = Object.fromEntries(
        Object.entries(r.fields).map(([k, v]) => [k, truncate(v, 500, warnings)]),
      );
      return {
        line: r.line,
        phone: r.phone,
        e164,
        name: truncate(r.name, 120, warnings) || null,
        email,
        notes: truncate(r.notes, 2000, warnings) || null,
        tags,
        fields,
        action: errors.length ? 'skip' : 'create',
        contactId: null,
        duplicateOf,
        errors,
        warnings: [...warnings],
      };
    });

    const existing = new Map(
      (await repo.byNumbers(orgId, [...firstLine.keys()])).map((c) => [c.e164, c.id] as const),
    );
    for (const row of rows) {
      const id = row.action === 'create' && row.e164 ? existing.get(row.e164) : undefined;
      if (id) {
        row.action = 'update';
        row.contactId = id;
      }
    }
    const countOf = (action: ImportRow['action']) => rows.filter((r) => r.action === action).length;
    return {
      columns: detected.columns,
      headerless: detected.headerless,
      rows,
      summary: {
        rows: rows.length,
        create: countOf('create'),
        update: countOf('update'),
        skip: countOf('skip'),
      },
    };
  }

  return {
    async list(ctx: OrgContext, query: z.output<typeof listContactsQuerySchema>): Promise<ContactsPage> {
      const q = query.q?.trim();
      const digits = q && /^[+\d\s().-]+$/.test(q) ? q.replace(/\D/g, '') : '';
      const [page, country] = await Promise.all([
        repo.list(ctx.orgId, {
          ...(q ? { text: q } : {}),
          // "06 12…" typed the national way should find +336 12…: also look without the trunk 0.
          ...(digits.length >= 2
            ? { digits: [...new Set([digits, digits.replace(/^0+/, '')])].filter((d) => d.length >= 2) }
            : {}),
          ...(query.tag ? { tag: query.tag } : {}),
          ...(query.optedOut !== undefined ? { optedOut: query.optedOut } : {}),
          sort: query.sort,
          limit: query.limit,
          offset: query.offset,
        }),
        countryOf(ctx.orgId),
      ]);
      return {
        contacts: page.rows.map(toContactDto),
        total: page.total,
        hasMore: query.offset + page.rows.length < page.total,
        country,
      };
    },

    async tags(ctx: OrgContext): Promise<ContactTags> {
      return { tags: await repo.tags(ctx.orgId) };
    },

    async get(ctx: OrgContext, id: string): Promise<Contact> {
      return toContactDto(await found(ctx.orgId, id));
    },

    async create(ctx: OrgContext, body: ParsedCreate): Promise<Contact> {
      const e164 = normaliseNumber(body.e164, await countryOf(ctx.orgId));
      if (!e164) throw invalidNumber();
      const values: ContactValues = {
        e164,
        name: body.name ?? null,
        email: body.email ?? null,
        notes: body.notes ?? null,
        tags: body.tags ?? [],
        fields: body.fields ?? {},
      };
      return toContactDto(await guardDuplicate(ctx.orgId, e164, () => repo.insert(ctx.orgId, values)));
    },

    async update(ctx: OrgContext, id: string, body: ParsedUpdate): Promise<Contact> {
      const current = await found(ctx.orgId, id);
      const optedOut = current.optedOutAt !== null;
      if (body.optedOut === false && optedOut)
        throw new AppError(
          'UNPROCESSABLE',
          'Only the contact can opt back in, by texting START to one of your numbers.',
          issue('body.optedOut', 'optInByText', 'contacts.errors.optInByText'),
        );
      const patch: ContactPatch = {};
      if (body.e164 !== undefined) {
        const e164 = normaliseNumber(body.e164, await countryOf(ctx.orgId));
        if (!e164) throw invalidNumber();
        // The opt-out belongs to the number: moving it to another number would lose it.
        if (e164 !== current.e164 && optedOut)
          throw new AppError(
            'UNPROCESSABLE',
            'The number of an opted-out contact cannot change: the opt-out belongs to that number.',
            issue('body.e164', 'optedOut', 'contacts.errors.optedOutNumber'),
          );
        patch.e164 = e164;
      }
      if (body.name !== undefined) patch.name = body.name;
      if (body.email !== undefined) patch.email = body.email;
      if (body.notes !== undefined) patch.notes = body.notes;
      if (body.tags !== undefined) patch.tags = body.tags;
      if (body.fields !== undefined) patch.fields = body.fields;
      if (body.optedOut === true) patch.optedOut = true;
      const row = await guardDuplicate(ctx.orgId, patch.e164, () => repo.update(ctx.orgId, id, patch));
      if (!row) throw new AppError('NOT_FOUND');
      return toContactDto(row);
    },

    async delete(ctx: OrgContext, id: string): Promise<void> {
      assertManager(ctx);
      const current = await found(ctx.orgId, id);
      // Forgetting an opted-out number would let a later import or bulk send text it again.
      if (current.optedOutAt)
        throw new AppError(
          'UNPROCESSABLE',
          'An opted-out contact is kept so that AVA never texts that number again.',
          issue('contactId', 'optedOut', 'contacts.errors.deleteOptedOut'),
        );
      if (!(await repo.delete(ctx.orgId, id))) throw new AppError('NOT_FOUND');
    },

    async previewImport(ctx: OrgContext, csv: string): Promise<ImportPreview> {
      assertManager(ctx);
      return analyse(ctx.orgId, csv);
    },

    /** Reads the file again (never the client's rows) and writes every good row in one transaction. */
    async commitImport(ctx: OrgContext, csv: string): Promise<ImportResult> {
      assertManager(ctx);
      const preview = await analyse(ctx.orgId, csv);
      const good = preview.rows.filter((r) => r.action !== 'skip');
      const { created, updated } = await repo.upsertMany(
        ctx.orgId,
        good.map((r) => ({
          e164: r.e164!,
          name: r.name,
          email: r.email,
          notes: r.notes,
          tags: r.tags,
          fields: r.fields,
        })),
      );
      return { created, updated, skipped: preview.summary.skip };
    },
  };
}

type ParsedCreate = z.output<typeof createContactBodySchema>;
type ParsedUpdate = z.output<typeof updateContactBodySchema>;
