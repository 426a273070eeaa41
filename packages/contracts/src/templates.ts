import { z } from 'zod';
import { idParam } from './orgs.ts';

// Saved texts with `{variable}` placeholders (PRODUCT §6). Variables are read with templateVariables
// (messaging.ts) so the composer, bulk sends and the server agree on what a placeholder is.

export const TEMPLATE_NAME_MAX = 80;
export const TEMPLATE_CATEGORY_MAX = 40;
export const TEMPLATE_BODY_MAX = 1600;

export const templateParamsSchema = z.object({ orgId: idParam, templateId: idParam });

const nameSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(TEMPLATE_NAME_MAX, { message: 'validation.codes.too_big' });
const templateBodySchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(TEMPLATE_BODY_MAX, { message: 'validation.smsTooLong' });
/** An empty category means none: the template is listed as uncategorised. */
const categorySchema = z
  .string()
  .trim()
  .max(TEMPLATE_CATEGORY_MAX, { message: 'validation.codes.too_big' })
  .nullable()
  .transform((v) => (v ? v : null));

export const createTemplateBodySchema = z.object({
  name: nameSchema,
  body: templateBodySchema,
  category: categorySchema.optional(),
});
export type CreateTemplateBody = z.input<typeof createTemplateBodySchema>;

export const updateTemplateBodySchema = z
  .object({ name: nameSchema, body: templateBodySchema, category: categorySchema })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });
export type UpdateTemplateBody = z.input<typeof updateTemplateBodySchema>;

/** The copy's name, e.g. a translated "Copy of …"; the server picks "<name> (2)" when none is given. */
export const duplicateTemplateBodySchema = z.object({ name: nameSchema.optional() }).nullish();

export const listTemplatesQuerySchema = z.object({
  category: z.string().trim().max(TEMPLATE_CATEGORY_MAX).optional(),
  /** text search over name and body */
  q: z.string().trim().max(100).optional(),
});
export type ListTemplatesQuery = z.input<typeof listTemplatesQuerySchema>;

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  /** the `{variables}` the body uses, in order of first appearance */
  variables: z.array(z.string()),
  /** dynamic: filled per contact; static: the same text for everyone */
  kind: z.enum(['static', 'dynamic']),
  /** variables no contact can fill: neither standard nor a field of any of the org's contacts */
  unknownVariables: z.array(z.string()),
  usageCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof templateSchema>;
export const templatesListSchema = z.object({ templates: z.array(templateSchema) });

export const templateCategoriesSchema = z.object({
  categories: z.array(z.object({ name: z.string(), count: z.number().int() })),
  /** templates without a category */
  uncategorized: z.number().int(),
});
export type TemplateCategories = z.infer<typeof templateCategoriesSchema>;

/** What the editor offers as chips and checks typed variables against. */
export const templateVariablesInfoSchema = z.object({
  standard: z.array(z.string()),
  /** keys of the org's contacts' imported fields ({company}, {city}…) */
  fields: z.array(z.string()),
  /** what {business} becomes: the organisation's name */
  business: z.string(),
});
export type TemplateVariablesInfo = z.infer<typeof templateVariablesInfoSchema>;

export const enhanceTones = ['professional', 'friendly', 'casual'] as const;

export const enhanceTemplateBodySchema = z.object({
  body: templateBodySchema,
  tone: z.enum(enhanceTones).optional(),
  /** the writer's language, a hint when the text alone does not tell */
  locale: z.enum(['en', 'fr', 'he']).optional(),
});
export type EnhanceTemplateBody = z.input<typeof enhanceTemplateBodySchema>;

/** A suggestion only: nothing is saved until the user accepts it and saves the template. */
export const enhanceTemplateResultSchema = z.object({
  suggestion: z.string(),
  segments: z.number().int(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  /** the original's segments: a suggestion longer than a one-segment original costs more per send */
  originalSegments: z.number().int(),
});
export type EnhanceTemplateResult = z.infer<typeof enhanceTemplateResultSchema>;

/** `code` of the issue in a 422 from enhance, so the editor can say what went wrong. */
export const enhanceRejections = ['variablesLost', 'tooLong', 'empty'] as const;
